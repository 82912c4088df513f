/** What the use cases need from the outside world. Adapters implement these on AWS and locally. */
import type { Activation, Hazard, Mode } from './activation.ts';
import type { ContactFilter, DirectoryEvent } from './contacts.ts';
import type { Contact, DirectoryAudience } from './directory.ts';
import type { CipOrder, FollowUp } from './follow-ups.ts';
import type { SmsEncoding } from './messages.ts';
import type { Page } from './paging.ts';
import type { Cell, Roster } from './rosters.ts';
import type { MessageTemplate } from './templates.ts';
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
  /** Records that the activation's workflow has ended: every audience dispatched or failed, verdicts final. */
  markSettled(id: string, at: string): Promise<void>;
  /**
   * Activations with T0 from `since` whose workflow has not ended (unsent recipients, an evaluation to come):
   * in flight, to re-arm after a restart.
   */
  listInFlight(since: string): Promise<Activation[]>;
  /** Records the end of the alert once (a second close keeps the first instant and author). */
  markClosed(id: string, at: string, by: string): Promise<void>;
  /** Writes the activation's CIP order unless one exists; answers the order stored. */
  orderCip(order: CipOrder): Promise<{ created: boolean; order: CipOrder }>;
  getCipOrder(activationId: string): Promise<CipOrder | undefined>;
  /** Writes a follow-up message unless its id exists; answers the message stored. */
  postMessage(message: FollowUp): Promise<{ created: boolean; message: FollowUp }>;
  getMessage(activationId: string, messageId: string): Promise<FollowUp | undefined>;
  /** The activation's follow-up messages, oldest first. */
  listMessages(activationId: string): Promise<FollowUp[]>;
}

export interface TimelineStore {
  /** Appends an event once: answers false when the same step was already recorded. */
  append(event: TimelineEvent): Promise<boolean>;
  list(activationId: string): Promise<TimelineEvent[]>;
}

/** A page of the directory: contacts by audience (in the directory's order), then by id. */
export interface ContactQuery extends ContactFilter {
  limit: number;
  cursor?: string;
}

export interface DirectoryEventQuery {
  /** The events of one contact only. */
  contactId?: string;
  limit: number;
  cursor?: string;
}

/**
 * The contact directory. A contact is one record under its id, whatever its audience: changing the audience
 * moves nothing, and a contact is read by id alone. Every change through `create`, `replace`, `deactivate`,
 * `putMany` and `putRoster` comes with its audit event. The rosters of the two cells live there too: they
 * name contacts of the `onCall` audience.
 */
export interface DirectoryStore {
  /** Every contact of one audience, active or not, by id: what a dispatch reads. */
  list(audience: DirectoryAudience): Promise<Contact[]>;
  /** Writes contacts as they are, without audit: the demo directory of the local runtime. */
  putAll(contacts: readonly Contact[]): Promise<void>;
  isEmpty(): Promise<boolean>;
  get(id: string): Promise<Contact | undefined>;
  /** A page of the contacts that pass the filter; a full page carries a cursor. @throws ValidationError for a cursor it did not give. */
  search(query: ContactQuery): Promise<{ items: Contact[]; cursor?: string }>;
  /** Writes a new contact, then its event. @throws ContactExistsError when the id names a contact. */
  create(contact: Contact, event: DirectoryEvent): Promise<void>;
  /** Replaces an existing contact, then records its event. @throws NotFoundError when none has the id. */
  replace(contact: Contact, event: DirectoryEvent): Promise<void>;
  /** Marks a contact inactive (kept for the history), then records its event. @throws NotFoundError */
  deactivate(id: string, event: DirectoryEvent): Promise<void>;
  /** Writes many contacts and their events (an import), in batches: each contact with its event. */
  putMany(changes: readonly { contact: Contact; event: DirectoryEvent }[]): Promise<void>;
  /** Records an event that changes no contact by itself (the end of an import). */
  appendEvent(event: DirectoryEvent): Promise<void>;
  /** The directory's audit events, newest first; a full page carries a cursor. */
  listEvents(query: DirectoryEventQuery): Promise<{ items: DirectoryEvent[]; cursor?: string }>;
  /** A cell's roster, read consistently; undefined until one is written. */
  getRoster(cell: Cell): Promise<Roster | undefined>;
  /** Replaces a cell's roster, then records its event (`roster.updated`). */
  putRoster(roster: Roster, event: DirectoryEvent): Promise<void>;
}

/**
 * What a claim found. `new`: nobody claimed the message, send it. `uncertain`: an earlier claim never reported
 * back within its lease (its sender crashed or timed out, the message may or may not have left): send it
 * again and say so. `sent`: confirmed sent, skip it. `failed`: the provider refused it for good for this
 * recipient, skip it (with the reason recorded). `in-flight`: a live sender holds it, it is not settled yet.
 */
export type Claim =
  | { status: 'new'; token: string }
  | { status: 'uncertain'; token: string; previousClaimAt: string }
  | { status: 'sent' }
  | { status: 'failed'; reason: string }
  | { status: 'in-flight'; claimedAt: string };

/** Why a message can never be sent to its recipient, and when that was found. */
export interface SendFailure {
  /** Generic, in French, at most 300 characters: never a phone number or an address. */
  reason: string;
  failedAt: string;
}

/**
 * One message's entry in the dispatch ledger, as a reader sees it: claimed (not confirmed yet, or never),
 * confirmed sent, or failed for good (refused by the provider for this recipient). The claim's token stays
 * with the ledger.
 */
export interface LedgerEntry {
  /** What the message is, to whom (`sms#<contact>`, `<message id>#email#<contact>`, `page#…`, `warning#…`). */
  messageKey: string;
  status: 'claimed' | 'sent' | 'failed';
  /** When the latest claim was made (absent on an entry confirmed without a claim). */
  claimedAt?: string;
  /** When the send was confirmed. */
  sentAt?: string;
  /** Why the message failed (on a failed entry). */
  reason?: string;
  /** When it failed (on a failed entry). */
  failedAt?: string;
}

/**
 * The per-recipient dispatch ledger. A send is claimed before it is made and confirmed after, so a retried
 * fan-out never sends a confirmed message twice; a send that failed for a passing reason is released so the
 * retry makes it, one refused for good is recorded failed and never tried again; a claim that was never
 * confirmed (its sender died) is given again after its lease, as `uncertain`.
 */
export interface DispatchLedger {
  claim(activationId: string, messageKey: string): Promise<Claim>;
  /** Confirms the send; once confirmed, a message is never claimed again. */
  complete(
    activationId: string,
    messageKey: string,
    result: { messageId: string; sentAt: string },
  ): Promise<void>;
  /** Gives the claim back after a failed send, unless another claim has taken its place. */
  release(activationId: string, messageKey: string, token: string): Promise<void>;
  /**
   * Records that the message can never be sent to its recipient, with the reason, unless another claim has
   * taken its place (only the claim's holder fails it, as only it releases it). Once failed, a message is never
   * claimed again: a retry or a re-arm is answered `failed`.
   */
  fail(activationId: string, messageKey: string, token: string, failure: SendFailure): Promise<void>;
  /**
   * Every message of the activation still in the ledger (claimed, sent or failed; a released one is gone), by
   * message key (in the bytes' order), read consistently: what the recipients table shows.
   */
  list(activationId: string): Promise<LedgerEntry[]>;
}

/**
 * The pages of the crisis cells and their acknowledgement codes. A page is recorded once per activation, cell,
 * step and person, with its first code and instant: a replayed step finds it and sends nothing new.
 */
export interface PagingStore {
  /** Records the page unless that person was already paged at that step; answers the page stored. */
  open(page: Page): Promise<Page>;
  /** The page a code was sent with. */
  byCode(code: string): Promise<Page | undefined>;
  /** Marks the code acknowledged; false when it already was (a code works once). */
  acknowledge(code: string, at: string): Promise<boolean>;
  /** Keeps the token of the workflow step waiting for the cell's acknowledgements (the latest replaces any). */
  waitFor(activationId: string, cell: Cell, taskToken: string): Promise<void>;
  /** The token of the step waiting for the cell, if one was kept. */
  waitingToken(activationId: string, cell: Cell): Promise<string | undefined>;
}

/**
 * The message templates that `comms` and `admin` edit, one per hazard. The store holds only the templates
 * someone wrote: a hazard without one is served its demo template (`DEMO_TEMPLATES`) by the use cases.
 */
export interface TemplateStore {
  get(eventType: Hazard): Promise<MessageTemplate | undefined>;
  /** Writes the template of its hazard, replacing any, with `updatedAt` and `updatedBy` as given. */
  put(template: MessageTemplate): Promise<void>;
  /** Every stored template, by hazard key (`dangerous-goods-transport` before `flood`). */
  list(): Promise<MessageTemplate[]>;
}

export interface SmsMessage {
  activationId: string;
  audience: DirectoryAudience;
  /** The affected communes (what the message is about for this recipient). */
  communes: string[];
  recipient: Contact & { phone: string };
  text: string;
  encoding: SmsEncoding;
  parts: number;
  sentAt: string;
}

export interface EmailMessage {
  activationId: string;
  audience: DirectoryAudience;
  /** The affected communes (what the message is about for this recipient). */
  communes: string[];
  recipient: Contact & { email: string };
  /** UTF-8, as the duty officer wrote it (framed for an exercise). */
  subject: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  sentAt: string;
}

export interface Messenger {
  /**
   * Sends one SMS to one recipient. @throws TransientDeliveryError when the provider throttles;
   * PermanentDeliveryError when it refuses this number for good.
   */
  sendSms(message: SmsMessage): Promise<{ messageId: string }>;
  /**
   * Sends one e-mail to one recipient. @throws TransientDeliveryError when the provider throttles;
   * PermanentDeliveryError when it refuses this address for good.
   */
  sendEmail(message: EmailMessage): Promise<{ messageId: string }>;
}

/**
 * Every port of the system, once. A use case takes `Pick<Ports, …>` of what it needs, so that its
 * signature says what it touches; the composition roots (Lambda handlers, the local runtime) fill them.
 */
export interface Ports {
  store: ActivationStore;
  timeline: TimelineStore;
  directory: DirectoryStore;
  ledger: DispatchLedger;
  messenger: Messenger;
  /**
   * The messenger paced at `partsPerSecond` SMS parts a second, for one batch of a dispatch: its audience's share
   * of the account's rate (`audienceShare`). Absent, the batch sends through `messenger` at the function's pace.
   */
  pacedAt?: (partsPerSecond: number) => Messenger;
  pages: PagingStore;
  templates: TemplateStore;
  engine: WorkflowEngine;
  /** The clock of the activation a workflow task acts on (real time on AWS). */
  clock: Clock;
  /** The clock of any activation, for readers (the API computes verdicts on the activation's clock). */
  clockFor: ActivationClock;
  /** Aborted when the runtime shuts down: a use case that loops stops starting new work. */
  signal?: AbortSignal;
}

export interface WorkflowEngine {
  /** Starts an execution; starting again with the same name and input starts nothing new. */
  start(executionName: string, input: Record<string, unknown>): Promise<void>;
  /**
   * Answers the callback task waiting for `taskToken`: it goes on with `output`.
   * @throws TaskNotWaitingError when no task waits for it any more (timed out, execution ended).
   */
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void>;
  /** Fails the callback task waiting for `taskToken` with `error`. @throws TaskNotWaitingError */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}
