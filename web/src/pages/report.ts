/**
 * The yearly Qual-e-pref review (M7-3 and the figures the quality officer presents to the steering
 * committee): exercises and real activations, the rate of each commitment met, the time to inform each audience,
 * the exercise register; the same figures as CSV from the API.
 */
import { ApiError, api } from '../api.ts';
import { alertBox, h, show } from '../dom.ts';
import {
  audienceLabel,
  COMMITMENT_LABELS,
  formatDateTime,
  formatDuration,
  hazardLabel,
  STATUS_LABELS,
  ZONE_NOTE,
} from '../format.ts';
import type { Verdict } from '../model.ts';
import { currentSession } from '../session.ts';
import { verdictBadges } from '../verdicts.ts';

interface Report {
  year: number;
  computedAt: string;
  exercises: number;
  realActivations: number;
  policy: { minPerYear: number; maxMonthsBetween: number };
  rates: { commitment: string; audience?: string; met: number; judged: number; rate: number | null }[];
  timeToInform: { audience: string; median: number | null; worst: number | null; count: number }[];
  daysSinceLastExercise: number | null;
  m73: {
    status: string;
    exercises: number;
    longestGapDays: number;
    lastExerciseAt: string | null;
    reasons: string[];
  };
  register: {
    id: string;
    mode: string;
    decidedAt: string;
    title: string;
    eventType: string;
    synergiRef: string;
    verdicts: Verdict[];
  }[];
}

const table = (caption: string, headers: string[], rows: (string | Node)[][], id?: string) =>
  h(
    'div',
    { class: 'fr-table fr-table--bordered' },
    h(
      'table',
      { ...(id ? { id } : {}) },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((title) => h('th', { scope: 'col' }, title)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            row.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toFixed(1).replace('.', ',')} %`;

/** The CSV through the API with the user's token, saved as the file the API names. */
const downloadCsv = async (year: string) => {
  const response = await fetch(`/reports/commitments?year=${year}&format=csv`, {
    headers: { authorization: `Bearer ${currentSession()?.token ?? ''}` },
  });
  if (!response.ok) throw new ApiError(response.status, 'L’export a été refusé.');
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), {
    href: url,
    download: `revue-module7-${year}.csv`,
  });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
};

export const reportPage = async (params: URLSearchParams) => {
  const year = params.get('annee') ?? String(new Date().getFullYear());
  const report = await api<Report>(`/reports/commitments?year=${encodeURIComponent(year)}`);
  const m73 = STATUS_LABELS[report.m73.status] ?? { text: report.m73.status, badge: '' };
  show(
    'Revue annuelle',
    h('h1', {}, `Revue annuelle ${report.year} — module 7`),
    h('p', {}, `Chiffres calculés le ${formatDateTime(report.computedAt)} (${ZONE_NOTE}).`),
    h(
      'p',
      { class: 'm7-no-print' },
      h(
        'button',
        {
          class: 'fr-btn fr-btn--secondary fr-mr-2w',
          type: 'button',
          onclick: () => downloadCsv(year).catch((error: Error) => alert(error.message)),
        },
        'Exporter (CSV)',
      ),
      h(
        'button',
        { class: 'fr-btn fr-btn--tertiary', type: 'button', onclick: () => window.print() },
        'Imprimer',
      ),
    ),
    h(
      'div',
      { class: 'fr-callout', id: 'm73' },
      h(
        'h2',
        { class: 'fr-callout__title' },
        'M7-3 : exercices réguliers ',
        h('span', { class: `fr-badge fr-badge--no-icon ${m73.badge}` }, m73.text),
      ),
      h(
        'p',
        { class: 'fr-callout__text' },
        `${report.m73.exercises} exercice(s) en ${report.year} pour ${report.policy.minPerYear} attendus ; ${report.policy.maxMonthsBetween} mois au plus entre deux ; plus long intervalle : ${report.m73.longestGapDays} jours ; dernier exercice : ${report.m73.lastExerciseAt ? formatDateTime(report.m73.lastExerciseAt) : 'aucun'}${report.daysSinceLastExercise === null ? '' : ` (il y a ${report.daysSinceLastExercise} jours)`}.`,
      ),
      report.m73.reasons.length > 0
        ? h(
            'ul',
            {},
            report.m73.reasons.map((reason) => h('li', {}, reason)),
          )
        : null,
    ),
    table(
      'Activations de l’année',
      ['Exercices', 'Événements réels'],
      [[String(report.exercises), String(report.realActivations)]],
      'activations',
    ),
    table(
      'Engagements tenus',
      ['Engagement', 'Tenus', 'Jugés', 'Taux'],
      report.rates.map((rate) => [
        rate.audience
          ? `${COMMITMENT_LABELS[rate.commitment]} — ${audienceLabel(rate.audience)}`
          : (COMMITMENT_LABELS[rate.commitment] ?? rate.commitment),
        String(rate.met),
        String(rate.judged),
        percent(rate.rate),
      ]),
      'taux',
    ),
    table(
      'Délai d’information depuis T0',
      ['Public', 'Médiane', 'Pire', 'Activations'],
      report.timeToInform.map((time) => [
        audienceLabel(time.audience),
        time.median === null ? '—' : formatDuration(time.median),
        time.worst === null ? '—' : formatDuration(time.worst),
        String(time.count),
      ]),
      'delais',
    ),
    table(
      'Registre des exercices et des événements',
      ['T0', 'Type', 'Événement', 'SYNERGI', 'Verdicts'],
      report.register.map((entry) => [
        formatDateTime(entry.decidedAt),
        entry.mode === 'exercise' ? 'Exercice' : 'Réel',
        `${entry.title} (${hazardLabel(entry.eventType)})`,
        entry.synergiRef,
        verdictBadges(entry.verdicts),
      ]),
      'registre',
    ),
    report.register.length === 0 ? alertBox('info', 'Aucune activation cette année') : null,
  );
};
