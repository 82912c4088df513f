/** Who was sent what, by audience and by name, from the API's per-recipient ledger; the on-call people paged. */
import { h } from './dom.ts';
import { audienceLabel, formatTime } from './format.ts';

type Status = 'sent' | 'uncertain' | 'pending' | 'failed' | 'not-sent' | null;
interface Recipients {
  audiences: {
    audience: string;
    recipients: {
      id: string;
      name: string;
      phone?: string;
      email?: string;
      status: { sms: Status; email: Status };
      /** Why the provider refused the message for good, by channel. */
      reason?: { sms?: string; email?: string };
    }[];
    counts: { sent: number; failed: number; uncertain: number; pending: number; notSent: number };
  }[];
  onCall: { id: string; name: string; cell: string; pages: number; acknowledgedAt?: string }[];
}

const STATUS: Record<string, { text: string; badge: string }> = {
  sent: { text: 'envoyé', badge: 'fr-badge--success' },
  uncertain: { text: 'incertain, renvoyé', badge: 'fr-badge--warning' },
  pending: { text: 'en cours', badge: 'fr-badge--info' },
  failed: { text: 'échec', badge: 'fr-badge--error' },
  'not-sent': { text: 'non envoyé', badge: 'fr-badge--error' },
};

const badge = (status: Status, reason?: string) => {
  if (status === null) return '—';
  const label = STATUS[status] ?? { text: status, badge: '' };
  return [
    h('p', { class: `fr-badge fr-badge--sm fr-badge--no-icon ${label.badge}` }, label.text),
    reason ? h('p', { class: 'fr-text--xs fr-mb-0' }, reason) : null,
  ];
};

export const recipientsSection = (report: Recipients) =>
  h(
    'section',
    { id: 'destinataires' },
    h('h2', { class: 'fr-h4' }, 'Destinataires'),
    report.audiences.map((audience) =>
      h(
        'details',
        { class: 'fr-mb-2w' },
        h(
          'summary',
          {},
          `${audienceLabel(audience.audience)} : ${audience.counts.sent} envoi(s) confirmé(s)`,
          audience.counts.uncertain ? `, ${audience.counts.uncertain} incertain(s)` : '',
          audience.counts.pending ? `, ${audience.counts.pending} en cours` : '',
          audience.counts.failed + audience.counts.notSent
            ? `, ${audience.counts.failed + audience.counts.notSent} non remis`
            : '',
        ),
        h(
          'div',
          { class: 'fr-table fr-table--bordered' },
          h(
            'table',
            {},
            h(
              'caption',
              {},
              `${audienceLabel(audience.audience)} (coordonnées masquées sauf pour l’administrateur)`,
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Nom', 'Portable', 'SMS', 'Courriel', 'Adresse'].map((title) =>
                  h('th', { scope: 'col' }, title),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              audience.recipients.map((recipient) =>
                h(
                  'tr',
                  {},
                  h('td', {}, recipient.name),
                  h('td', {}, recipient.phone ?? '—'),
                  h('td', {}, badge(recipient.status.sms, recipient.reason?.sms)),
                  h('td', {}, badge(recipient.status.email, recipient.reason?.email)),
                  h('td', {}, recipient.email ?? '—'),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    report.onCall.length > 0
      ? h(
          'div',
          { class: 'fr-table fr-table--bordered' },
          h(
            'table',
            {},
            h('caption', {}, 'Astreintes appelées'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Nom', 'Cellule', 'Appels', 'Astreinte prise'].map((title) =>
                  h('th', { scope: 'col' }, title),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              report.onCall.map((person) =>
                h(
                  'tr',
                  {},
                  h('td', {}, person.name),
                  h('td', {}, person.cell === 'cip' ? 'CIP' : 'Communication'),
                  h('td', {}, String(person.pages)),
                  h('td', {}, person.acknowledgedAt ? formatTime(person.acknowledgedAt) : '—'),
                ),
              ),
            ),
          ),
        )
      : null,
  );

export type { Recipients };
