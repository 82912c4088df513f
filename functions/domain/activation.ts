/** The duty officer's activation of the COD and what derives from it. Pure: no I/O, no SDK. */

import { zoneOffsetAt } from './time-zone.ts';

export const MODES = ['exercise', 'real'] as const;
export type Mode = (typeof MODES)[number];

/**
 * The closed list of hazards an activation can be about (its `eventType`), with the French label staff and
 * recipients read. Not to be confused with the timeline's event types.
 */
export const HAZARD_LABELS = {
  flood: 'Inondation',
  avalanche: 'Avalanche',
  landslide: 'Mouvement de terrain',
  storm: 'Tempête',
  snow: 'Neige et verglas',
  'forest-fire': 'Feu de forêt',
  earthquake: 'Séisme',
  'industrial-accident': 'Accident industriel',
  'dangerous-goods-transport': 'Transport de matières dangereuses',
  'network-outage': 'Panne de réseaux',
  'public-health': 'Santé publique',
  other: 'Autre événement',
} as const;
export type Hazard = keyof typeof HAZARD_LABELS;
export const HAZARDS = Object.keys(HAZARD_LABELS) as [Hazard, ...Hazard[]];

/** The audiences that M7-2 requires to be informed within the hour. */
export const AUDIENCES = ['officials', 'press', 'publicLine'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<Audience, string> = {
  officials: 'Élus',
  press: 'Médias',
  publicLine: 'Ligne d’information du public',
};

/** What the duty officer designates as affected. */
export type Area = { communes: string[] } | { arrondissements: string[] } | { department: true };

/** The factual information sent to every audience. */
export interface FactualMessage {
  sms: string;
  email: { subject: string; body: string };
}

export const ONE_HOUR_SECONDS = 3_600;
/** When the cabinet is warned that an audience is still not informed. */
export const WARNING_AFTER_SECONDS = 45 * 60;

export type ActivationStatus = 'active' | 'evaluated' | 'closed';

export interface Activation {
  id: string;
  mode: Mode;
  eventType: Hazard;
  title: string;
  synergiRef: string;
  /** T0: the prefect's decision, as recorded in SYNERGI (ISO 8601, UTC). */
  decidedAt: string;
  /** When the system accepted the activation (real time). Anchors the activation's clock. */
  acceptedAt: string;
  /** T0 + one hour. */
  deadline: string;
  warnAt: string;
  area: Area;
  /** INSEE codes of the affected communes, resolved from the area at acceptance. */
  communes: string[];
  message: FactualMessage;
  status: ActivationStatus;
  /** Subject (user id) of the duty officer who activated. */
  activatedBy: string;
  /** SHA-256 of the request, to answer a replayed Idempotency-Key. */
  requestHash: string;
  executionName: string;
  evaluatedAt?: string;
  /** When the first hour's workflow ended: every audience informed or recorded as failed, verdicts final. */
  settledAt?: string;
  /** The end of the alert (fin d'alerte), on the prefect's decision, and who decided it. */
  closedAt?: string;
  closedBy?: string;
}

/** The prefecture's time zone: a year of activations is a calendar year there. */
export const PREFECTURE_TIME_ZONE = 'Europe/Paris';

/** The UTC instant at which a calendar year begins in a time zone (its 1 January, 00:00, there). */
export const startOfYear = (year: number, timeZone = PREFECTURE_TIME_ZONE): string => {
  const utcMidnight = Date.UTC(year, 0, 1);
  // The zone's offset on 1 January (no zone changes its clock then): its midnight is that much earlier.
  return new Date(utcMidnight - zoneOffsetAt(timeZone, utcMidnight)).toISOString();
};

/** Adds seconds to an ISO instant and returns an ISO instant. */
export const addSeconds = (iso: string, seconds: number): string =>
  new Date(Date.parse(iso) + seconds * 1_000).toISOString();

/**
 * The input the state machine receives, everything a branch needs passed explicitly: the Waits read
 * `warnAt` and `deadline`, the Map reads `audiences`, every Task `activationId`; the local runtime anchors
 * the activation's clock at `acceptedAt`.
 */
export interface WorkflowInput {
  activationId: string;
  acceptedAt: string;
  warnAt: string;
  deadline: string;
  audiences: Audience[];
  /** How long a page of a crisis cell waits for an acknowledgement before the next step is paged. */
  escalationSeconds: number;
}

/** Without an acknowledgement after this long (on the activation's clock), the next person on call is paged. */
export const DEFAULT_ESCALATION_SECONDS = 600;

export const workflowInputOf = (
  activation: Activation,
  escalationSeconds = DEFAULT_ESCALATION_SECONDS,
): WorkflowInput => ({
  activationId: activation.id,
  acceptedAt: activation.acceptedAt,
  warnAt: activation.warnAt,
  deadline: activation.deadline,
  audiences: [...AUDIENCES],
  escalationSeconds,
});
