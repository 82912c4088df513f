/** The activations: real events and exercises side by side, newest first, each verdict in colour. */
import { api } from '../api.ts';
import { h, show } from '../dom.ts';
import { ACTIVATION_STATUS, formatDateTime, hazardLabel, ZONE_NOTE } from '../format.ts';
import type { ListedActivation } from '../model.ts';
import { hasRole } from '../session.ts';
import { verdictBadges } from '../verdicts.ts';

const areaText = (activation: ListedActivation) => {
  const area = activation.area as { communes?: string[]; arrondissements?: string[]; department?: true };
  if (area.department) return 'Tout le département';
  if (area.arrondissements) return `${area.arrondissements.length} arrondissement(s)`;
  return `${activation.communes.length} commune(s)`;
};

export const listPage = async (params: URLSearchParams) => {
  const year = params.get('annee') ?? String(new Date().getFullYear());
  const mode = params.get('mode') ?? '';
  const query = new URLSearchParams({ year, limit: '100', ...(mode ? { mode } : {}) });
  const { items } = await api<{ items: ListedActivation[] }>(`/activations?${query}`);
  const filters = h(
    'form',
    {
      class: 'fr-grid-row fr-grid-row--gutters fr-mb-3w m7-no-print',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        location.hash = `#/?annee=${data.get('annee')}&mode=${data.get('mode')}`;
      },
    },
    h(
      'div',
      { class: 'fr-col-6 fr-col-md-3 fr-input-group' },
      h('label', { class: 'fr-label', for: 'annee' }, 'Année'),
      h('input', {
        class: 'fr-input',
        id: 'annee',
        name: 'annee',
        type: 'number',
        min: 2000,
        max: 2100,
        value: year,
      }),
    ),
    h(
      'div',
      { class: 'fr-col-6 fr-col-md-3 fr-select-group' },
      h('label', { class: 'fr-label', for: 'mode' }, 'Type'),
      h(
        'select',
        { class: 'fr-select', id: 'mode', name: 'mode' },
        h('option', { value: '', selected: mode === '' }, 'Réels et exercices'),
        h('option', { value: 'real', selected: mode === 'real' }, 'Événements réels'),
        h('option', { value: 'exercise', selected: mode === 'exercise' }, 'Exercices'),
      ),
    ),
    h(
      'div',
      { class: 'fr-col-12 fr-col-md-3' },
      h('button', { class: 'fr-btn fr-mt-4w', type: 'submit' }, 'Filtrer'),
    ),
  );
  const rows = items.map((activation) =>
    h(
      'tr',
      {},
      h(
        'td',
        {},
        activation.mode === 'exercise'
          ? h('p', { class: 'fr-badge fr-badge--warning fr-badge--sm' }, 'EXERCICE')
          : h('p', { class: 'fr-badge fr-badge--error fr-badge--sm' }, 'RÉEL'),
      ),
      h(
        'td',
        {},
        h('a', { href: `#/activations/${activation.id}` }, activation.title),
        h('br'),
        hazardLabel(activation.eventType),
      ),
      h('td', {}, formatDateTime(activation.decidedAt)),
      h('td', {}, activation.synergiRef),
      h('td', {}, areaText(activation)),
      h('td', {}, ACTIVATION_STATUS[activation.status] ?? activation.status),
      h('td', {}, verdictBadges(activation.verdicts)),
    ),
  );
  show(
    'Activations',
    h('h1', {}, 'Activations du COD'),
    hasRole('duty-officer')
      ? h('p', { class: 'm7-no-print' }, h('a', { class: 'fr-btn', href: '#/activer' }, 'Activer le COD'))
      : null,
    filters,
    h(
      'div',
      { class: 'fr-table fr-table--bordered' },
      h(
        'table',
        {},
        h('caption', {}, `${items.length} activation(s) en ${year} — T0 en ${ZONE_NOTE}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Type', 'Événement', 'T0', 'SYNERGI', 'Zone', 'État', 'Verdicts'].map((title) =>
              h('th', { scope: 'col' }, title),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.length > 0
            ? rows
            : h('tr', {}, h('td', { colspan: 7 }, 'Aucune activation pour ces critères.')),
        ),
      ),
    ),
  );
};
