/**
 * The duty officer's activation: the area picked from the department's communes and arrondissements, the SMS
 * counted as it is typed with the server's own counting code (parts, encoding, the character that switches it to
 * UCS-2), the exercise framing previewed, then a confirmation that says how many people will be reached, and a
 * second one for a real event.
 */
import { HAZARD_LABELS, HAZARDS, PREFECTURE_TIME_ZONE } from '#domain/activation';
import { countSms, EXERCISE_BANNER, frameSms, isGsm7, MAX_SMS_PARTS, timeOfDay } from '#domain/messages';
import { communesText, type MessageTemplate, renderTemplate } from '#domain/templates';
import { zoneOffsetAt } from '#domain/time-zone';
import { ApiError, api } from '../api.ts';
import { alertBox, checkbox, field, h, show } from '../dom.ts';
import { audienceLabel } from '../format.ts';

interface Geography {
  arrondissements: { code: string; name: string; communes: number }[];
  communes: { code: string; name: string; arrondissement: string }[];
}
interface Preview {
  communes: number;
  recipients: Record<string, number>;
  sms: { encoding: string; parts: number; units: number };
}

/** The first character of the text outside GSM-7: the one that makes every part 70 characters. */
const ucs2Culprit = (text: string) => Array.from(text).find((char) => !isGsm7(char));

/** A wall-clock time typed in the prefecture's zone (`2026-11-28T17:25`), as an instant, whatever the browser's zone. */
const parisToIso = (value: string) => {
  const wall = Date.parse(`${value}:00Z`);
  // The offset at the wall time read as UTC, then at the instant it gives: right on either side of a change.
  const first = wall - zoneOffsetAt(PREFECTURE_TIME_ZONE, wall);
  return new Date(wall - zoneOffsetAt(PREFECTURE_TIME_ZONE, first)).toISOString();
};

/** Now on the prefecture's wall clock, as a datetime-local input reads it. */
const parisNow = () =>
  new Date(Date.now() + zoneOffsetAt(PREFECTURE_TIME_ZONE, Date.now())).toISOString().slice(0, 16);

export const activatePage = async () => {
  const geography = await api<Geography>('/geography');
  const chosen = new Set<string>();
  const byCode = new Map(geography.communes.map((commune) => [commune.code, commune]));

  const mode = h(
    'select',
    { class: 'fr-select', id: 'mode', name: 'mode' },
    h('option', { value: 'exercise' }, 'Exercice'),
    h('option', { value: 'real' }, 'Événement réel'),
  ) as HTMLSelectElement;
  const eventType = h(
    'select',
    { class: 'fr-select', id: 'eventType' },
    HAZARDS.map((hazard) => h('option', { value: hazard }, HAZARD_LABELS[hazard])),
  ) as HTMLSelectElement;
  const title = h('input', {
    class: 'fr-input',
    id: 'title',
    required: true,
    maxlength: 120,
  }) as HTMLInputElement;
  const synergi = h('input', {
    class: 'fr-input',
    id: 'synergiRef',
    required: true,
    maxlength: 64,
  }) as HTMLInputElement;
  const decidedAt = h('input', {
    class: 'fr-input',
    id: 'decidedAt',
    type: 'datetime-local',
    required: true,
    value: parisNow(),
  }) as HTMLInputElement;
  const areaKind = h(
    'select',
    { class: 'fr-select', id: 'areaKind' },
    h('option', { value: 'communes' }, 'Des communes'),
    h('option', { value: 'arrondissements' }, 'Des arrondissements'),
    h('option', { value: 'department' }, 'Tout le département'),
  ) as HTMLSelectElement;
  const search = h('input', {
    class: 'fr-input',
    id: 'commune-search',
    list: 'communes-list',
    placeholder: 'Nom ou code INSEE',
  }) as HTMLInputElement;
  const datalist = h(
    'datalist',
    { id: 'communes-list' },
    geography.communes.map((commune) => h('option', { value: `${commune.name} (${commune.code})` })),
  );
  const chips = h('ul', { class: 'fr-tags-group', 'aria-live': 'polite' });
  const arrondissements = h(
    'fieldset',
    { class: 'fr-fieldset', hidden: true },
    h('legend', { class: 'fr-fieldset__legend' }, 'Arrondissements'),
    geography.arrondissements.map((arrondissement) =>
      checkbox(
        `arr-${arrondissement.code}`,
        'arrondissement',
        arrondissement.code,
        `${arrondissement.name} (${arrondissement.communes} communes)`,
      ),
    ),
  );
  const sms = h('textarea', {
    class: 'fr-input',
    id: 'sms',
    rows: 4,
    required: true,
    maxlength: 1000,
  }) as HTMLTextAreaElement;
  const counter = h('p', { class: 'fr-hint-text m7-counter', id: 'sms-counter', 'aria-live': 'polite' });
  const framed = h('pre', { class: 'fr-text--sm', id: 'sms-framed' });
  const subject = h('input', {
    class: 'fr-input',
    id: 'subject',
    required: true,
    maxlength: 150,
  }) as HTMLInputElement;
  const body = h('textarea', {
    class: 'fr-input',
    id: 'body',
    rows: 6,
    required: true,
  }) as HTMLTextAreaElement;
  const status = h('div', { 'aria-live': 'polite' });

  // The hazard's template fills the message, unless the officer has written their own since.
  let filled = { sms: '', subject: '', body: '' };
  const areaNames = () => {
    if (areaKind.value === 'department') return ['tout le département'];
    if (areaKind.value === 'arrondissements')
      return geography.arrondissements
        .filter(
          (arrondissement) =>
            (document.getElementById(`arr-${arrondissement.code}`) as HTMLInputElement | null)?.checked,
        )
        .map((arrondissement) => `l’arrondissement de ${arrondissement.name}`);
    return [...chosen].map((code) => byCode.get(code)?.name ?? code);
  };
  const fillFromTemplate = async (force = false) => {
    const untouched =
      sms.value === filled.sms && subject.value === filled.subject && body.value === filled.body;
    if (!force && !untouched) return;
    const template = await api<MessageTemplate>(`/templates/${eventType.value}`).catch(() => undefined);
    if (!template) return;
    const message = renderTemplate(template, {
      communes: communesText(areaNames()) || '{communes}',
      heure: decidedAt.value ? timeOfDay(parisToIso(decidedAt.value)) : '{heure}',
    });
    filled = { sms: message.sms, subject: message.email.subject, body: message.email.body };
    sms.value = filled.sms;
    subject.value = filled.subject;
    body.value = filled.body;
    count();
  };

  const renderChips = () =>
    chips.replaceChildren(
      ...[...chosen].map((code) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'fr-tag fr-tag--sm',
              'aria-label': `Retirer ${byCode.get(code)?.name ?? code}`,
              onclick: () => {
                chosen.delete(code);
                renderChips();
              },
            },
            `${byCode.get(code)?.name ?? code} ✕`,
          ),
        ),
      ),
    );
  search.addEventListener('change', () => {
    const code =
      /\((\w{5})\)$/.exec(search.value)?.[1] ??
      geography.communes.find((commune) => commune.name.toLowerCase() === search.value.trim().toLowerCase())
        ?.code;
    if (code && byCode.has(code)) chosen.add(code);
    search.value = '';
    renderChips();
  });
  areaKind.addEventListener('change', () => {
    search.parentElement?.toggleAttribute('hidden', areaKind.value !== 'communes');
    chips.toggleAttribute('hidden', areaKind.value !== 'communes');
    arrondissements.toggleAttribute('hidden', areaKind.value !== 'arrondissements');
  });
  const count = () => {
    const text = frameSms(sms.value, mode.value as 'exercise' | 'real');
    const result = countSms(text);
    const culprit = ucs2Culprit(sms.value);
    counter.replaceChildren(
      `${result.units} caractères encadrés — ${result.parts} SMS (${result.encoding})`,
      result.parts > MAX_SMS_PARTS ? ` — trop long : ${MAX_SMS_PARTS} SMS au plus` : '',
      culprit
        ? h(
            'strong',
            {},
            ` — « ${culprit} » passe tout le SMS en UCS-2 (70 caractères par SMS au lieu de 160)`,
          )
        : '',
    );
    framed.textContent = mode.value === 'exercise' ? text : '';
  };
  sms.addEventListener('input', count);
  mode.addEventListener('change', count);
  eventType.addEventListener('change', () => void fillFromTemplate());
  count();

  const areaOf = () => {
    if (areaKind.value === 'department') return { department: true };
    if (areaKind.value === 'arrondissements')
      return {
        arrondissements: [
          ...document.querySelectorAll<HTMLInputElement>('input[name=arrondissement]:checked'),
        ].map((box) => box.value),
      };
    return { communes: [...chosen] };
  };
  const request = () => ({
    mode: mode.value,
    eventType: eventType.value,
    title: title.value,
    synergiRef: synergi.value,
    decidedAt: decidedAt.value ? parisToIso(decidedAt.value) : '',
    area: areaOf(),
    message: { sms: sms.value, email: { subject: subject.value, body: body.value } },
  });
  const idempotencyKey = crypto.randomUUID();

  const fail = (error: unknown) =>
    status.replaceChildren(
      alertBox(
        'error',
        'Activation refusée',
        error instanceof ApiError && error.fields.length > 0
          ? error.fields.map((issue) => `${issue.field} : ${issue.message}`).join(' ; ')
          : (error as Error).message,
      ),
    );

  const form = h(
    'form',
    {
      id: 'activer',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          const payload = request();
          const preview = await api<Preview>('/activations/preview', {
            method: 'POST',
            body: { mode: payload.mode, area: payload.area, sms: payload.message.sms },
          });
          const people = Object.entries(preview.recipients)
            .map(([audience, n]) => `${audienceLabel(audience)} : ${n}`)
            .join(', ');
          const real = payload.mode === 'real';
          const confirmBox = h(
            'div',
            { class: 'fr-callout', id: 'confirmation' },
            h(
              'h3',
              { class: 'fr-callout__title' },
              real ? 'Événement RÉEL : confirmer l’envoi' : 'Exercice : confirmer l’envoi',
            ),
            h(
              'p',
              { class: 'fr-callout__text' },
              `${preview.communes} commune(s) ; personnes jointes — ${people} ; SMS de ${preview.sms.parts} partie(s) (${preview.sms.encoding}).`,
            ),
            h(
              'button',
              {
                class: 'fr-btn',
                type: 'button',
                id: 'confirmer',
                onclick: async () => {
                  if (
                    real &&
                    !confirm(
                      'Ceci est un événement RÉEL : les élus, les médias et la ligne du public vont recevoir ce message. Confirmer ?',
                    )
                  )
                    return;
                  try {
                    const created = await api<{ id: string }>('/activations', {
                      method: 'POST',
                      body: payload,
                      idempotencyKey,
                    });
                    location.hash = `#/activations/${created.id}`;
                  } catch (error) {
                    fail(error);
                  }
                },
              },
              'Confirmer et envoyer',
            ),
          );
          status.replaceChildren(confirmBox);
          confirmBox.focus();
        } catch (error) {
          fail(error);
        }
      },
    },
    field('mode', 'Type d’activation', mode, undefined, 'fr-select-group'),
    field('eventType', 'Nature de l’événement', eventType, undefined, 'fr-select-group'),
    field('title', 'Intitulé', title, 'Ex. : Crue du Fier'),
    field('synergiRef', 'Référence SYNERGI', synergi),
    field(
      'decidedAt',
      'T0 : décision du préfet',
      decidedAt,
      'Heure de Paris ; 24 heures au plus dans le passé.',
    ),
    field('areaKind', 'Zone touchée', areaKind, undefined, 'fr-select-group'),
    field('commune-search', 'Ajouter une commune', search, 'Tapez le nom puis choisissez dans la liste.'),
    datalist,
    chips,
    arrondissements,
    h(
      'button',
      {
        class: 'fr-btn fr-btn--tertiary fr-btn--sm fr-mb-2w',
        type: 'button',
        id: 'modele',
        onclick: () => void fillFromTemplate(true),
      },
      'Reprendre le modèle de ce type d’événement (zone et T0 compris)',
    ),
    field('sms', 'SMS', sms, 'Le cadre d’exercice est ajouté automatiquement.'),
    counter,
    h(
      'details',
      {},
      h(
        'summary',
        {},
        mode.value === 'exercise' ? `Aperçu du SMS encadré (${EXERCISE_BANNER})` : 'Aperçu du SMS',
      ),
      framed,
    ),
    field('subject', 'Objet du courriel', subject),
    field('body', 'Texte du courriel', body),
    h('button', { class: 'fr-btn fr-mt-2w', type: 'submit', id: 'verifier' }, 'Vérifier avant envoi'),
  );
  show('Activer le COD', h('h1', {}, 'Activer le COD'), form, status);
  await fillFromTemplate();
};
