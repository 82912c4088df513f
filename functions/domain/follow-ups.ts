/**
 * What the cabinet does once the first hour has begun: the prefect's order of the public information cell
 * (M7-4), the follow-up messages, the end of the alert. Each is one stored item whose insert starts its own
 * execution of the state machine (the table's stream on AWS, the runtime's watch locally). Pure.
 */
import {
  type Activation,
  AUDIENCES,
  type Audience,
  addSeconds,
  type FactualMessage,
  ONE_HOUR_SECONDS,
} from './activation.ts';
import { timeOfDay } from './messages.ts';

/** The prefect's order of the CIP: the start of M7-4's clock, and what judges it. */
export interface CipOrder {
  activationId: string;
  orderedAt: string;
  orderedBy: string;
  /** M7-4's target from the order (configuration, one hour by default). */
  targetSeconds: number;
  /** How many operators' acknowledgements make the CIP operational (configuration, 2 by default). */
  quorum: number;
  /** The numéro unique de crise published once the CIP is operational (configuration). */
  crisisNumber: string;
  /** Copied from the activation, so that the stream can start the order's execution without reading it. */
  acceptedAt: string;
  executionName: string;
}

export const DEFAULT_CIP_TARGET_SECONDS = ONE_HOUR_SECONDS;
export const DEFAULT_CIP_QUORUM = 2;

/** A message after the first one: an update, the numéro unique once the CIP answers, the end of the alert. */
export const MESSAGE_KINDS = ['update', 'crisis-number', 'end'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface FollowUp {
  activationId: string;
  /** `msg-<hash of the author and the Idempotency-Key>`, or fixed for the system's own (`msg-crisis-number`). */
  id: string;
  kind: MessageKind;
  audiences: Audience[];
  /** As written, with the numéro unique appended when it was published; framed for an exercise when sent. */
  message: FactualMessage;
  postedAt: string;
  postedBy: string;
  requestHash: string;
  acceptedAt: string;
  executionName: string;
}

/** The execution of a CIP order: named after the activation's, with the instants its Waits read. */
export const cipExecutionName = (activation: Pick<Activation, 'executionName'>) =>
  `${activation.executionName}-cip`;

export const messageExecutionName = (message: Pick<FollowUp, 'executionName' | 'id'>) =>
  `${message.executionName}-${message.id}`;

/** The execution input of a CIP order: the Choice at the state machine's start reads `kind`. */
export const cipWorkflowInput = (order: CipOrder, escalationSeconds: number) => ({
  kind: 'cip' as const,
  activationId: order.activationId,
  acceptedAt: order.acceptedAt,
  escalationSeconds,
  dueAt: addSeconds(order.orderedAt, order.targetSeconds),
});

export const messageWorkflowInput = (message: FollowUp) => ({
  kind: 'message' as const,
  activationId: message.activationId,
  acceptedAt: message.acceptedAt,
  messageId: message.id,
  audiences: message.audiences,
});

/** The id of the system's message that publishes the numéro unique: one per activation. */
export const CRISIS_NUMBER_MESSAGE_ID = 'msg-crisis-number';

/** The numéro unique, as it ends every message once it is published. */
const numberLine = (crisisNumber: string) => `Numéro unique d’information du public : ${crisisNumber}`;

/** A message with the numéro unique appended (once: a message that already carries it is left as is). */
export const withCrisisNumber = (
  message: FactualMessage,
  crisisNumber: string | undefined,
): FactualMessage =>
  !crisisNumber || message.sms.includes(crisisNumber)
    ? message
    : {
        sms: `${message.sms}\n${numberLine(crisisNumber)}`,
        email: {
          subject: message.email.subject,
          body: `${message.email.body}\n\n${numberLine(crisisNumber)}.`,
        },
      };

/** The public line's message once the CIP is operational: the number to give to anyone who calls. */
export const crisisNumberMessage = (
  activation: Pick<Activation, 'title'>,
  crisisNumber: string,
  operationalAt: string,
): FactualMessage => ({
  sms: `${activation.title} : la cellule d’information du public est ouverte depuis ${timeOfDay(operationalAt)}. ${numberLine(crisisNumber)}`,
  email: {
    subject: `Numéro unique d’information du public : ${crisisNumber}`,
    body: [
      `${activation.title} : sur ordre du préfet, la cellule d’information du public (CIP) est ouverte depuis ${timeOfDay(operationalAt)}.`,
      `${numberLine(crisisNumber)}. Communiquez ce numéro à toute personne qui demande des informations sur l’événement.`,
    ].join('\n\n'),
  },
});

/** The fin d'alerte when the prefect writes none: what ended, and when. */
export const defaultEndMessage = (
  activation: Pick<Activation, 'title'>,
  closedAt: string,
): FactualMessage => ({
  sms: `Fin d’alerte - ${activation.title} : l’événement est terminé depuis ${timeOfDay(closedAt)}. Merci de votre mobilisation.`,
  email: {
    subject: `Fin d’alerte : ${activation.title}`,
    body: [
      `Le préfet a mis fin à l’alerte à ${timeOfDay(closedAt)} : ${activation.title}.`,
      'Les consignes liées à l’événement sont levées. Merci de votre mobilisation.',
    ].join('\n\n'),
  },
});

export const isAudienceList = (value: unknown): value is Audience[] =>
  Array.isArray(value) && value.every((item) => (AUDIENCES as readonly unknown[]).includes(item));
