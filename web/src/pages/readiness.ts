/** Before any crisis: can every commune and audience be reached, and is someone on call every hour? */
import { api } from '../api.ts';
import { alertBox, h, show } from '../dom.ts';

export const readinessPage = async () => {
  const [readiness, coverage] = await Promise.all([
    api<{
      summary?: string;
      reachable: number;
      total: number;
      unreachable: { code: string; name: string }[];
    }>('/directory/readiness').catch(() => undefined),
    api<{ cells: { cell: string; summary: string; hours: number }[] }>('/rosters/coverage?days=7').catch(
      () => undefined,
    ),
  ]);
  show(
    'Préparation',
    h('h1', {}, 'Préparation : annuaire et astreintes'),
    readiness
      ? h(
          'section',
          {},
          h('h2', { class: 'fr-h4' }, 'Annuaire'),
          h(
            'p',
            {},
            readiness.summary ?? `${readiness.reachable} communes sur ${readiness.total} joignables`,
          ),
          readiness.unreachable.length > 0
            ? h(
                'ul',
                {},
                readiness.unreachable
                  .slice(0, 50)
                  .map((commune) => h('li', {}, `${commune.name} (${commune.code}) : aucun élu joignable`)),
              )
            : null,
        )
      : alertBox('warning', 'Annuaire indisponible', 'La préparation de l’annuaire n’a pas pu être lue.'),
    coverage
      ? h(
          'section',
          {},
          h('h2', { class: 'fr-h4' }, 'Astreintes des 7 prochains jours'),
          h(
            'ul',
            {},
            coverage.cells.map((cell) => h('li', {}, cell.summary)),
          ),
        )
      : alertBox('warning', 'Astreintes indisponibles', 'La couverture des astreintes n’a pas pu être lue.'),
  );
};
