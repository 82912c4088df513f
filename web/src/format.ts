/** What staff read: French dates and times in the prefecture's zone, the zone named; labels of the domain. */
import {
  AUDIENCE_LABELS,
  type Audience,
  HAZARD_LABELS,
  type Hazard,
  PREFECTURE_TIME_ZONE,
} from '#domain/activation';

export const ZONE_NOTE = 'heure de Paris';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PREFECTURE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const time = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PREFECTURE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `28/11/2026 17:25` */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso)).replace(',', '');
/** `17:25:03` */
export const formatTime = (iso: string) => time.format(new Date(iso));

/** `42 min 05 s`, `1 h 02 min`, with a sign for a negative margin. */
export const formatDuration = (seconds: number) => {
  const sign = seconds < 0 ? '−' : '';
  const total = Math.abs(Math.round(seconds));
  const hours = Math.floor(total / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${sign}${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${sign}${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${sign}${rest} s`;
};

export const hazardLabel = (eventType: string) => HAZARD_LABELS[eventType as Hazard] ?? eventType;
export const audienceLabel = (audience: string) => AUDIENCE_LABELS[audience as Audience] ?? audience;

export const COMMITMENT_LABELS: Record<string, string> = {
  'M7-1': 'M7-1 Cellule de communication',
  'M7-2': 'M7-2 Information',
  'M7-3': 'M7-3 Exercices',
  'M7-4': 'M7-4 CIP et numéro unique',
};

export const STATUS_LABELS: Record<string, { text: string; badge: string }> = {
  met: { text: 'tenu', badge: 'fr-badge--success' },
  missed: { text: 'manqué', badge: 'fr-badge--error' },
  pending: { text: 'en cours', badge: 'fr-badge--info' },
};

export const ACTIVATION_STATUS: Record<string, string> = {
  active: 'En cours',
  evaluated: 'Évaluée',
  closed: 'Terminée (fin d’alerte)',
};

export const EVENT_LABELS: Record<string, string> = {
  'cod.activated': 'Activation du COD (T0)',
  'dispatch.completed': 'Public informé',
  'dispatch.failed': 'Échec de l’information',
  'cip.ordered': 'CIP ordonnée par le préfet',
  'send.uncertain': 'Envoi incertain renvoyé',
  'cell.paged': 'Appel d’astreinte',
  'cell.acknowledged': 'Astreinte prise',
  'cell.operational': 'Cellule opérationnelle',
  'cell.unanswered': 'Astreinte sans réponse : cabinet alerté',
  'message.posted': 'Message rédigé',
  'message.dispatched': 'Message envoyé',
  'message.failed': 'Échec d’un message',
  'warning.raised': 'Alerte T0+45 : publics non informés',
  'checkpoint.passed': 'T0+45 : tous les publics informés',
  'commitments.evaluated': 'Verdicts à T0+60',
  'commitments.revised': 'Verdicts révisés',
  'activation.closed': 'Fin d’alerte',
};
