/** What the use cases need from the outside world. Adapters implement these on AWS and locally. */
import type { Activation, Mode } from './activation.ts';
import type { Contact, DirectoryAudience } from './directory.ts';
import type { SmsEncoding } from './messages.ts';
import type { TimelineEvent } from './timeline.ts';

export interface Clock {
  now(): Date;
}

/**
 * The clock of one activation, anchored at its acceptance. On AWS it is the real clock; the local runtime
 * accelerates it (`CLOCK_SPEED`) so that an exercise's hour can pass in a minute.
 */
export type ActivationClock = (acceptedAt: string) => Clock;

export interface ActivationQuery {
  mode?: Mode;
  /** T0 from (inclusive) and before (exclusive), ISO instants. */
  decidedFrom?: string;
  decidedBefore?: string;
  limit: number;
  cursor?: string;
}

export interface ActivationStore {
  /** Writes the activation unless its id exists; answers the activation already stored when it does. */
  create(activation: Activation): Promise<{ created: true } | { created: false; existing: Activation }>;
  get(id: string): Promise<Activation | undefined>;
  /** Newest T0 first. */
  list(query: ActivationQuery): Promise<{ items: Activation[]; cursor?: string }>;
  markEvaluated(id: string, at: string): Promise<void>;
  /** Activations whose one-hour evaluation is not recorded yet (at most a day old): in flight. */
  listInFlight(since: string): Promise<Activation[]>;
}

export interface TimelineStore {
  /** Appends an event once: answers false when the same step was already recorded. */
  append(event: TimelineEvent): Promise<boolean>;
  list(activationId: string): Promise<TimelineEvent[]>;
}

export interface DirectoryStore {
  list(audience: DirectoryAudience): Promise<Contact[]>;
  putAll(contacts: readonly Contact[]): Promise<void>;
  isEmpty(): Promise<boolean>;
}

/**
 * The per-recipient dispatch ledger. A send is claimed before it is made, so a retried fan-out never sends
 * a message twice; a send that failed is released so the retry makes it.
 */
export interface DispatchLedger {
  /** Answers false when the message was already claimed (sent, or in flight). */
  claim(activationId: string, messageKey: string): Promise<boolean>;
  complete(
    activationId: string,
    messageKey: string,
    result: { messageId: string; sentAt: string },
  ): Promise<void>;
  release(activationId: string, messageKey: string): Promise<void>;
}

export interface SmsMessage {
  activationId: string;
  audience: DirectoryAudience;
  recipient: Contact & { phone: string };
  text: string;
  encoding: SmsEncoding;
  parts: number;
  sentAt: string;
}

export interface EmailMessage {
  activationId: string;
  audience: DirectoryAudience;
  /** The affected communes: the topic's subscribers filter on them. */
  communes: string[];
  /** The concerned recipients, as the directory resolves them. */
  recipients: (Contact & { email: string })[];
  subject: string;
  body: string;
  sentAt: string;
}

export interface Messenger {
  /** Sends one SMS to one recipient. @throws TransientDeliveryError when the provider throttles. */
  sendSms(message: SmsMessage): Promise<{ messageId: string }>;
  /** Sends one e-mail to the audience's recipients. @throws TransientDeliveryError when the provider throttles. */
  sendEmail(message: EmailMessage): Promise<{ messageId: string }>;
}

export interface WorkflowEngine {
  /** Starts an execution; starting again with the same name and input starts nothing new. */
  start(executionName: string, input: Record<string, unknown>): Promise<void>;
}
