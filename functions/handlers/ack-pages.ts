/** The French pages of a page's link: what the GET shows and what the button answers. */
import { timeOfDay } from '#domain/messages';
import { CELL_LABELS } from '#domain/rosters';
import { escapeHtml, type HtmlPage } from '#shared/http/page';
import type { Acknowledgement, LinkState } from '#use-cases/acknowledge-page';

const UNKNOWN: HtmlPage = {
  statusCode: 404,
  title: 'Lien inconnu',
  content:
    '<p>Ce lien ne correspond à aucun appel d’astreinte. Vérifiez qu’il a été copié en entier, ou appelez la préfecture.</p>',
};

const cellLabel = (state: Extract<LinkState, { page: unknown }>) =>
  escapeHtml(CELL_LABELS[state.page.cell].toLowerCase());

const exerciseBanner = (state: Extract<LinkState, { page: unknown }>) =>
  state.activation.mode === 'exercise' ? '<p class="exercise">EXERCICE EXERCICE EXERCICE</p>' : '';

/**
 * Used, expired, or the alert ended: the same words for the GET and the button; only the button's statuses
 * say it refused.
 */
const closed = (state: Extract<LinkState, { page: unknown }>, refused: boolean): HtmlPage => {
  if (state.status === 'ended') {
    return {
      statusCode: 410,
      title: 'Alerte terminée',
      content: `${exerciseBanner(state)}<p>Le préfet a mis fin à l’alerte : <strong>${escapeHtml(state.activation.title)}</strong>. Il n’y a plus d’astreinte à prendre pour cet événement.</p>`,
    };
  }
  return state.status === 'used'
    ? {
        statusCode: refused ? 409 : 200,
        title: 'Lien déjà utilisé',
        content: `${exerciseBanner(state)}<p>Ce lien a déjà servi : la prise d’astreinte de la ${cellLabel(state)} est enregistrée. Il n’y a rien d’autre à faire.</p>`,
      }
    : {
        statusCode: 410,
        title: 'Lien expiré',
        content: `${exerciseBanner(state)}<p>Ce lien a expiré. Si vous êtes d’astreinte, appelez la préfecture pour vous signaler.</p>`,
      };
};

/** What opening the link shows: who is paged and why, and the button. Changes nothing. */
export const linkPage = (state: LinkState): HtmlPage => {
  if (state.status === 'unknown') return UNKNOWN;
  if (state.status !== 'open') return closed(state, false);
  return {
    statusCode: 200,
    title: `Appel d’astreinte : ${CELL_LABELS[state.page.cell]}`,
    content: [
      exerciseBanner(state),
      `<p>${escapeHtml(state.name)}, le COD est activé : <strong>${escapeHtml(state.activation.title)}</strong> (décision du préfet à ${timeOfDay(state.activation.decidedAt)}).</p>`,
      `<p>En appuyant sur le bouton, vous confirmez prendre l’astreinte de la ${cellLabel(state)}. Les appels suivants s’arrêtent.</p>`,
      '<form method="post"><button type="submit">Je prends l’astreinte</button></form>',
    ].join(''),
  };
};

/** What the button answers. */
export const acknowledgedPage = (
  result: LinkState | (Acknowledgement & { status: 'acknowledged'; name: string }),
): HtmlPage => {
  if (result.status === 'acknowledged') {
    const cell = escapeHtml(CELL_LABELS[result.cell].toLowerCase());
    return {
      statusCode: 200,
      title: 'Astreinte prise',
      content: `<p>Merci, ${escapeHtml(result.name)} : votre prise d’astreinte de la ${cell} est enregistrée à ${timeOfDay(result.at)}.</p><p>${
        result.operational
          ? 'La cellule est opérationnelle.'
          : 'La cellule sera opérationnelle quand assez de personnes d’astreinte auront répondu.'
      }</p>`,
    };
  }
  return result.status === 'unknown' ? UNKNOWN : closed(result, true);
};
