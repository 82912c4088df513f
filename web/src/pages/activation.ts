/**
 * One activation, live while it runs: the countdown to T0+60, the verdicts, the timeline drawn and listed,
 * the cabinet's actions for the roles that may take them, the print view (A4, for the RETEX file) and the
 * timeline as CSV. The page reads the API again every few seconds until it is left.
 */

import { AUDIENCES } from '#domain/activation';
import { countSms, frameSms } from '#domain/messages';
import { ApiError, api } from '../api.ts';
import { timelineChart } from '../chart.ts';
import { download, toCsv } from '../csv.ts';
import { alertBox, checkbox, field, h, show } from '../dom.ts';
import {
  ACTIVATION_STATUS,
  audienceLabel,
  COMMITMENT_LABELS,
  EVENT_LABELS,
  formatDateTime,
  formatDuration,
  formatTime,
  hazardLabel,
  STATUS_LABELS,
  ZONE_NOTE,
} from '../format.ts';
import type { ActivationDetail, TimelineEvent } from '../model.ts';
import { type Recipients, recipientsSection } from '../recipients.ts';
import { hasRole } from '../session.ts';

const POLL_MS = 4_000;

const describe = (event: TimelineEvent) => {
  const details = event.details;
  const parts = [EVENT_LABELS[event.type] ?? event.type];
  if (event.audience) parts.push(audienceLabel(event.audience));
  if (typeof details['name'] === 'string') parts.push(String(details['name']));
  if (typeof details['recipients'] === 'number') parts.push(`${details['recipients']} destinataire(s)`);
  if (event.type === 'cell.paged' && details['escalation']) parts.push('escalade');
  return parts.join(' — ');
};

const csvOf = (detail: ActivationDetail, events: readonly TimelineEvent[]) =>
  toCsv([
    [
      'Activation',
      detail.activation.title,
      detail.activation.synergiRef,
      detail.activation.mode === 'exercise' ? 'EXERCICE' : 'RÉEL',
    ],
    ['Heure (Paris)', 'Horodatage UTC', 'Étape', 'Public', 'Auteur', 'Détail'],
    ...events.map((event) => [
      formatDateTime(event.at),
      event.at,
      EVENT_LABELS[event.type] ?? event.type,
      event.audience ? audienceLabel(event.audience) : '',
      event.actor,
      describe(event),
    ]),
  ]);

const verdictTable = (detail: ActivationDetail) =>
  h(
    'div',
    { class: 'fr-table fr-table--bordered' },
    h(
      'table',
      { id: 'engagements' },
      h('caption', {}, 'Engagements'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Engagement', 'Échéance', 'Tenu à', 'Verdict', 'Marge'].map((title) =>
            h('th', { scope: 'col' }, title),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        detail.verdicts.map((verdict) => {
          const status = STATUS_LABELS[verdict.status] ?? { text: verdict.status, badge: '' };
          return h(
            'tr',
            {},
            h(
              'td',
              {},
              verdict.audience
                ? `${COMMITMENT_LABELS[verdict.commitment]} — ${audienceLabel(verdict.audience)}`
                : (COMMITMENT_LABELS[verdict.commitment] ?? verdict.commitment),
            ),
            h('td', {}, formatTime(verdict.dueAt)),
            h('td', {}, verdict.metAt ? formatTime(verdict.metAt) : '—'),
            h(
              'td',
              {},
              h('p', { class: `fr-badge fr-badge--sm fr-badge--no-icon ${status.badge}` }, status.text),
              verdict.closedBeforeDue ? ' (jugé à la fin d’alerte)' : '',
            ),
            h(
              'td',
              {},
              formatDuration(verdict.marginSeconds),
              verdict.coverage ? ` — ${verdict.coverage.reached}/${verdict.coverage.expected} communes` : '',
            ),
          );
        }),
      ),
    ),
  );

const eventsTable = (events: readonly TimelineEvent[]) =>
  h(
    'div',
    { class: 'fr-table fr-table--bordered' },
    h(
      'table',
      {},
      h('caption', {}, `Chronologie (${ZONE_NOTE})`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Heure', 'Étape', 'Auteur'].map((title) => h('th', { scope: 'col' }, title)),
        ),
      ),
      h(
        'tbody',
        {},
        events.map((event) =>
          h(
            'tr',
            {},
            h('td', {}, formatTime(event.at)),
            h('td', {}, describe(event)),
            h('td', {}, event.actor),
          ),
        ),
      ),
    ),
  );

/** The buttons of the roles that may act, each confirmed, each telling what happened. */
const actions = (
  id: string,
  detail: ActivationDetail,
  events: readonly TimelineEvent[],
  status: HTMLElement,
  refresh: () => void,
) => {
  const closed = detail.activation.status === 'closed';
  const operational = (cell: string) =>
    events.some((event) => event.type === 'cell.operational' && event.subject === cell);
  const cipOrdered = events.some((event) => event.type === 'cip.ordered');
  const act = (label: string, confirmText: string, run: () => Promise<unknown>, done: string) =>
    h(
      'button',
      {
        class: 'fr-btn fr-btn--secondary fr-mr-2w fr-mb-2w',
        type: 'button',
        onclick: async () => {
          if (!confirm(confirmText)) return;
          try {
            await run();
            status.replaceChildren(alertBox('success', done));
            refresh();
          } catch (error) {
            status.replaceChildren(alertBox('error', 'Action refusée', (error as Error).message));
          }
        },
      },
      label,
    );
  const buttons = [
    !closed && !operational('communication') && hasRole('comms')
      ? act(
          'Prendre l’astreinte communication',
          'Confirmer la prise d’astreinte de la cellule de communication ?',
          () =>
            api(`/activations/${id}/acknowledgements`, { method: 'POST', body: { cell: 'communication' } }),
          'Astreinte prise.',
        )
      : null,
    !closed && !cipOrdered && hasRole('prefect')
      ? act(
          'Ordonner la CIP',
          'Ordonner l’activation de la cellule d’information du public ? Ses opérateurs seront appelés.',
          () => api(`/activations/${id}/cip`, { method: 'POST' }),
          'CIP ordonnée : ses opérateurs sont appelés.',
        )
      : null,
    !closed && hasRole('prefect')
      ? act(
          'Fin d’alerte',
          'Mettre fin à l’alerte ? Les appels s’arrêtent et le message de fin part aux publics informés.',
          () => api(`/activations/${id}/close`, { method: 'POST', body: {} }),
          'Fin d’alerte enregistrée.',
        )
      : null,
  ].filter((button) => button !== null);
  return h('div', { class: 'm7-no-print' }, buttons);
};

/**
 * A follow-up to chosen audiences (`comms`, the prefect), framed and counted like the first message; one
 * Idempotency-Key per message written, so that a second press of the button sends nothing twice.
 */
const followUpForm = (id: string, mode: 'exercise' | 'real', status: HTMLElement, refresh: () => void) => {
  let idempotencyKey = crypto.randomUUID();
  const sms = h('textarea', {
    class: 'fr-input',
    id: 'suivi-sms',
    rows: 3,
    required: true,
    maxlength: 1000,
  }) as HTMLTextAreaElement;
  const counter = h('p', { class: 'fr-hint-text m7-counter', 'aria-live': 'polite' });
  const subject = h('input', {
    class: 'fr-input',
    id: 'suivi-objet',
    required: true,
    maxlength: 150,
  }) as HTMLInputElement;
  const body = h('textarea', {
    class: 'fr-input',
    id: 'suivi-texte',
    rows: 4,
    required: true,
  }) as HTMLTextAreaElement;
  const count = () => {
    const result = countSms(frameSms(sms.value, mode));
    counter.textContent = `${result.units} caractères encadrés — ${result.parts} SMS (${result.encoding})`;
  };
  sms.addEventListener('input', count);
  count();
  const boxes = AUDIENCES.map((audience) =>
    checkbox(
      `suivi-${audience}`,
      'suivi-public',
      audience,
      audienceLabel(audience),
      audience !== 'publicLine',
    ),
  );
  return h(
    'details',
    { class: 'm7-no-print fr-mb-3w', id: 'suivi' },
    h('summary', {}, 'Envoyer un point de situation'),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const audiences = [
            ...document.querySelectorAll<HTMLInputElement>('input[name=suivi-public]:checked'),
          ].map((box) => box.value);
          try {
            await api(`/activations/${id}/messages`, {
              method: 'POST',
              body: {
                audiences,
                message: { sms: sms.value, email: { subject: subject.value, body: body.value } },
              },
              idempotencyKey,
            });
            idempotencyKey = crypto.randomUUID();
            sms.value = '';
            subject.value = '';
            body.value = '';
            count();
            status.replaceChildren(alertBox('success', 'Point de situation en cours d’envoi.'));
            refresh();
          } catch (error) {
            const fields =
              error instanceof ApiError
                ? error.fields.map((issue) => `${issue.field} : ${issue.message}`).join(' ; ')
                : '';
            status.replaceChildren(alertBox('error', 'Message refusé', fields || (error as Error).message));
          }
        },
      },
      h(
        'fieldset',
        { class: 'fr-fieldset' },
        h('legend', { class: 'fr-fieldset__legend' }, 'Publics'),
        boxes,
      ),
      field('suivi-sms', 'SMS', sms, undefined, 'fr-input-group', counter),
      field('suivi-objet', 'Objet du courriel', subject),
      field('suivi-texte', 'Texte du courriel', body),
      h('button', { class: 'fr-btn', type: 'submit' }, 'Envoyer'),
    ),
  );
};

export const activationPage = async (id: string, options: { print?: boolean } = {}) => {
  let timer: number | undefined;
  /** The seconds left to T0+60 at the last answer, and when it came: the countdown ticks in between. */
  let countdown: { left: number; at: number } | undefined;
  // What the reads refresh, apart from what the user is doing (a message being written, an action's answer).
  const live = h('div', {});
  const status = h('div', { 'aria-live': 'polite', class: 'm7-no-print' });
  let form: HTMLElement | undefined;
  const render = async () => {
    const [detail, { events }, recipients] = await Promise.all([
      api<ActivationDetail>(`/activations/${id}`),
      api<{ events: TimelineEvent[] }>(`/activations/${id}/timeline`),
      // The recipients table degrades to nothing rather than hide the timeline.
      api<Recipients>(`/activations/${id}/recipients`).catch(() => undefined),
    ]);
    const { activation } = detail;
    const now = detail.now ? Date.parse(detail.now) : Date.now();
    const left = Math.round((Date.parse(activation.deadline) - now) / 1_000);
    const running = !activation.settledAt && activation.status !== 'closed';
    countdown = running && left > 0 ? { left, at: Date.now() } : undefined;
    live.replaceChildren(
      ...[
        activation.mode === 'exercise'
          ? h('p', { class: 'm7-exercise' }, 'EXERCICE EXERCICE EXERCICE')
          : null,
        h('h1', {}, activation.title),
        h(
          'p',
          {},
          `${hazardLabel(activation.eventType)} — SYNERGI ${activation.synergiRef} — T0 ${formatDateTime(activation.decidedAt)} (${ZONE_NOTE}) — ${ACTIVATION_STATUS[activation.status] ?? activation.status}`,
        ),
        options.print
          ? h(
              'p',
              { class: 'm7-print-only' },
              `Imprimé le ${formatDateTime(new Date().toISOString())} pour le retour d’expérience.`,
            )
          : h(
              'p',
              { class: 'm7-no-print' },
              h(
                'a',
                { class: 'fr-btn fr-btn--tertiary fr-mr-2w', href: `#/activations/${id}/impression` },
                'Vue à imprimer',
              ),
              h(
                'button',
                {
                  class: 'fr-btn fr-btn--tertiary',
                  type: 'button',
                  onclick: () => download(`chronologie-${activation.synergiRef}.csv`, csvOf(detail, events)),
                },
                'Exporter la chronologie (CSV)',
              ),
            ),
        running && left > 0
          ? h(
              'p',
              { class: 'm7-countdown', role: 'timer', 'aria-live': 'off', id: 'compte-a-rebours' },
              `T0+60 dans ${formatDuration(left)}`,
            )
          : null,
        options.print ? null : actions(id, detail, events, status, () => void render()),
        verdictTable(detail),
        h('h2', { class: 'fr-h4' }, 'Chronologie'),
        timelineChart(activation, events),
        eventsTable(events),
        recipients ? recipientsSection(recipients) : null,
      ].filter((node): node is HTMLElement | SVGElement => node !== null),
    );
    const followUps = !options.print && activation.status !== 'closed' && hasRole('comms', 'prefect');
    if (followUps && !form) form = followUpForm(id, activation.mode, status, () => void render());
    if (!followUps) form = undefined;
    if (live.parentElement === null || document.title !== `${activation.title} — Module 7`) {
      show(activation.title, status, live, form);
    } else if (form && !form.isConnected) live.after(form);
    else if (!form) document.getElementById('suivi')?.remove();
    if (options.print) setTimeout(() => window.print(), 300);
  };
  await render();
  if (options.print) return undefined;
  const route = location.hash;
  let ticks = 0;
  timer = window.setInterval(() => {
    if (location.hash !== route) {
      window.clearInterval(timer);
      return;
    }
    ticks += 1;
    const shown = document.getElementById('compte-a-rebours');
    if (countdown && shown) {
      const left = countdown.left - Math.round((Date.now() - countdown.at) / 1_000);
      shown.textContent = left > 0 ? `T0+60 dans ${formatDuration(left)}` : 'T0+60 atteint';
    }
    if (ticks % (POLL_MS / 1_000) === 0) render().catch(() => {});
  }, 1_000);
  return () => window.clearInterval(timer);
};
