/**
 * In-memory fakes of the ports (functions/domain/ports.ts), for the use-case tests: no table, no network, no
 * runtime. Each fake behaves as its DynamoDB adapter does wherever a use case depends on it (conditional
 * create, append-once timeline, listing order and cursor, in-flight activations, the ledger's claims); the
 * contract tests under tests/contracts/ run the same cases on both and keep them honest.
 */
import { randomUUID } from 'node:crypto';
import { decodePairCursor, encodePairCursor, invalidCursor } from '#adapters/pair-cursor';
import type { Activation } from '#domain/activation';
import { contactMatches, DIRECTORY_AUDIENCES, type DirectoryEvent } from '#domain/contacts';
import { emailReceived, type RecipientMessage, SEND_LEASE_SECONDS, smsReceived } from '#domain/delivery';
import type { Contact, DirectoryAudience } from '#domain/directory';
import {
  ContactExistsError,
  NotFoundError,
  PermanentDeliveryError,
  TaskNotWaitingError,
} from '#domain/errors';
import type { CipOrder, FollowUp } from '#domain/follow-ups';
import type { Page } from '#domain/paging';
import type {
  ActivationClock,
  ActivationQuery,
  ActivationStore,
  Claim,
  Clock,
  DirectoryStore,
  DispatchLedger,
  EmailMessage,
  LedgerEntry,
  Messenger,
  PagingStore,
  Ports,
  SmsMessage,
  TemplateStore,
  TimelineStore,
  WorkflowEngine,
} from '#domain/ports';
import type { Cell, Roster } from '#domain/rosters';
import type { MessageTemplate } from '#domain/templates';
import { eventKey, type TimelineEvent } from '#domain/timeline';
import { someContacts } from './fixtures.ts';

/** DynamoDB orders string keys by their UTF-8 bytes (not by UTF-16 code units, as `<` does). */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * What a table gives back: a copy, never the object written, without its undefined attributes (the adapters'
 * document client drops them).
 */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Thrown where the adapter's conditional write would fail with ConditionalCheckFailedException. */
export class FakeConditionFailure extends Error {
  override name = 'FakeConditionFailure';
}

// ---------------------------------------------------------------------------------------------------------
// Clock

/** A clock that moves only when the test says so. */
export interface FakeClock extends Clock {
  /** Moves the clock to `iso`. */
  set(iso: string): void;
  advance(seconds: number): void;
}

export const fakeClock = (startIso: string): FakeClock => {
  let now = Date.parse(startIso);
  return {
    now: () => new Date(now),
    set(iso) {
      now = Date.parse(iso);
    },
    advance(seconds) {
      now += seconds * 1_000;
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// ActivationStore

/** The activation's place in the by-date index, as the adapter's sort key spells it. */
const byDateKey = (activation: Pick<Activation, 'decidedAt' | 'id'>) =>
  `${activation.decidedAt}#${activation.id}`;

const encodeCursor = (activation: Activation) => encodePairCursor([activation.decidedAt, activation.id]);

/** The by-date key a cursor carries, refused as the adapter refuses it: unreadable, or outside the range. */
const decodeCursor = (cursor: string, range: { from: string; to: string } | undefined) => {
  const [decidedAt, id] = decodePairCursor(cursor);
  const key = byDateKey({ decidedAt, id });
  if (range && (key < range.from || key > range.to)) throw invalidCursor();
  return key;
};

export const fakeActivationStore = (initial: readonly Activation[] = []): ActivationStore => {
  const items = new Map<string, Activation>(initial.map((activation) => [activation.id, stored(activation)]));
  /** Newest T0 first, as the adapter queries the by-date index. */
  const newestFirst = () => [...items.values()].sort((a, b) => byBytes(byDateKey(b), byDateKey(a)));
  const update = (id: string, change: (activation: Activation) => void) => {
    const activation = items.get(id);
    if (!activation) throw new FakeConditionFailure(`Activation ${id} does not exist`);
    change(activation);
  };
  const orders = new Map<string, CipOrder>();
  /** By `<activation id>#<message id>`. */
  const messages = new Map<string, FollowUp>();

  return {
    async create(activation) {
      const existing = items.get(activation.id);
      if (existing) return { created: false, existing: stored(existing) };
      items.set(activation.id, stored(activation));
      return { created: true };
    },

    async get(id) {
      const activation = items.get(id);
      return activation ? stored(activation) : undefined;
    },

    async list(query: ActivationQuery) {
      // The adapter's key condition: `T0#id BETWEEN from AND to` when either bound is given.
      const range =
        query.decidedFrom !== undefined || query.decidedBefore !== undefined
          ? { from: query.decidedFrom ?? '0', to: query.decidedBefore ?? '9' }
          : undefined;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, range);
      const page = newestFirst()
        .filter((activation) => {
          const key = byDateKey(activation);
          return (
            (!range || (byBytes(key, range.from) >= 0 && byBytes(key, range.to) <= 0)) &&
            (after === undefined || byBytes(key, after) < 0) &&
            (!query.mode || activation.mode === query.mode)
          );
        })
        .slice(0, query.limit);
      // As DynamoDB does: a full page carries a cursor, even when nothing comes after it.
      const last = page.at(-1);
      const items = page.map((activation) => stored(activation));
      return last && page.length === query.limit ? { items, cursor: encodeCursor(last) } : { items };
    },

    async markEvaluated(id, at) {
      update(id, (activation) => {
        activation.evaluatedAt ??= at;
        if (activation.closedAt === undefined) activation.status = 'evaluated';
      });
    },

    async markClosed(id, at, by) {
      update(id, (activation) => {
        activation.closedAt ??= at;
        activation.closedBy ??= by;
        activation.status = 'closed';
      });
    },

    async orderCip(order) {
      const existing = orders.get(order.activationId);
      if (existing) return { created: false, order: stored(existing) };
      orders.set(order.activationId, stored(order));
      return { created: true, order: stored(order) };
    },

    async getCipOrder(activationId) {
      const order = orders.get(activationId);
      return order ? stored(order) : undefined;
    },

    async postMessage(message) {
      const key = `${message.activationId}#${message.id}`;
      const existing = messages.get(key);
      if (existing) return { created: false, message: stored(existing) };
      messages.set(key, stored(message));
      return { created: true, message: stored(message) };
    },

    async getMessage(activationId, messageId) {
      const message = messages.get(`${activationId}#${messageId}`);
      return message ? stored(message) : undefined;
    },

    async listMessages(activationId) {
      return [...messages.values()]
        .filter((message) => message.activationId === activationId)
        .sort((a, b) => a.postedAt.localeCompare(b.postedAt) || a.id.localeCompare(b.id))
        .map((message) => stored(message));
    },

    async markSettled(id, at) {
      update(id, (activation) => {
        activation.settledAt ??= at;
      });
    },

    async listInFlight(since) {
      // The adapter queries the by-date index forward from `since`: oldest T0 first.
      return newestFirst()
        .reverse()
        .filter(
          (activation) => byBytes(byDateKey(activation), since) >= 0 && activation.settledAt === undefined,
        )
        .map((activation) => stored(activation));
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// TimelineStore

export const fakeTimelineStore = (): TimelineStore => {
  /** Per activation, the events by their key (`eventKey`): one per step. */
  const timelines = new Map<string, Map<string, TimelineEvent>>();

  return {
    async append(event) {
      let events = timelines.get(event.activationId);
      if (!events) {
        events = new Map();
        timelines.set(event.activationId, events);
      }
      const key = eventKey(event);
      if (events.has(key)) return false;
      events.set(key, stored(event));
      return true;
    },

    async list(activationId) {
      // In the order of their keys, as the adapter's query reads them (callers sort by time themselves).
      return [...(timelines.get(activationId) ?? new Map<string, TimelineEvent>()).entries()]
        .sort(([a], [b]) => byBytes(a, b))
        .map(([, event]) => stored(event));
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// DirectoryStore

/**
 * The adapter's semantics: one record per id whatever its audience, lists by id, events newest first, one
 * roster per cell.
 */
export const fakeDirectoryStore = (initial: readonly Contact[] = []): DirectoryStore => {
  /** The contacts by id: putting a contact again replaces it, in whatever audience it now is. */
  const contacts = new Map<string, Contact>();
  const events = new Map<string, DirectoryEvent>();
  /** The rosters by cell: not contacts, so no list, search or `isEmpty` sees them. */
  const rosters = new Map<Cell, Roster>();
  const putAll = (written: readonly Contact[]) => {
    for (const contact of written) contacts.set(contact.id, stored(contact));
  };
  const appendEvent = (event: DirectoryEvent) => {
    events.set(`${event.at}#${event.id}`, stored(event));
  };
  const ofAudience = (audience: DirectoryAudience) =>
    [...contacts.values()]
      .filter((contact) => contact.audience === audience)
      .sort((a, b) => byBytes(a.id, b.id));
  putAll(initial);

  return {
    async list(audience) {
      return ofAudience(audience).map((contact) => stored(contact));
    },
    async putAll(written) {
      putAll(written);
    },
    async isEmpty() {
      return contacts.size === 0;
    },
    async get(id) {
      const contact = contacts.get(id);
      return contact ? stored(contact) : undefined;
    },
    async search({ limit, cursor, ...filter }) {
      let start: { audience: string; id: string } | undefined;
      if (cursor !== undefined) {
        const [audience, id] = decodePairCursor(cursor);
        const known = (DIRECTORY_AUDIENCES as readonly string[]).includes(audience);
        if (!known || (filter.audience !== undefined && audience !== filter.audience)) throw invalidCursor();
        start = { audience, id };
      }
      const audiences = filter.audience ? [filter.audience] : [...DIRECTORY_AUDIENCES];
      const page = audiences
        .flatMap((audience) => ofAudience(audience))
        .filter((contact) => {
          if (!start) return true;
          const order =
            audiences.indexOf(contact.audience) - audiences.indexOf(start.audience as DirectoryAudience);
          return order > 0 || (order === 0 && byBytes(`CONTACT#${contact.id}`, `CONTACT#${start.id}`) > 0);
        })
        .filter((contact) => contactMatches(contact, filter))
        .slice(0, limit)
        .map((contact) => stored(contact));
      const last = page.at(-1);
      return last && page.length === limit
        ? { items: page, cursor: encodePairCursor([last.audience, last.id]) }
        : { items: page };
    },
    async create(contact, event) {
      if (contacts.has(contact.id)) throw new ContactExistsError(contact.id);
      contacts.set(contact.id, stored(contact));
      appendEvent(event);
    },
    async replace(contact, event) {
      if (!contacts.has(contact.id)) throw new NotFoundError('Contact', contact.id);
      contacts.set(contact.id, stored(contact));
      appendEvent(event);
    },
    async deactivate(id, event) {
      const contact = contacts.get(id);
      if (!contact) throw new NotFoundError('Contact', id);
      contacts.set(id, { ...contact, active: false });
      appendEvent(event);
    },
    async putMany(changes) {
      for (const { contact, event } of changes) {
        contacts.set(contact.id, stored(contact));
        appendEvent(event);
      }
    },
    async appendEvent(event) {
      appendEvent(event);
    },
    async listEvents(query) {
      const before = query.cursor === undefined ? undefined : decodePairCursor(query.cursor).join('#');
      const page = [...events.entries()]
        .sort(([a], [b]) => byBytes(b, a))
        .filter(([key]) => before === undefined || byBytes(key, before) < 0)
        .map(([, event]) => event)
        .filter((event) => query.contactId === undefined || event.contactId === query.contactId)
        .slice(0, query.limit)
        .map((event) => stored(event));
      const last = page.at(-1);
      return last && page.length === query.limit
        ? { items: page, cursor: encodePairCursor([last.at, last.id]) }
        : { items: page };
    },
    async getRoster(cell) {
      const roster = rosters.get(cell);
      return roster ? stored(roster) : undefined;
    },
    async putRoster(roster, event) {
      rosters.set(roster.cell, stored(roster));
      appendEvent(event);
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// DispatchLedger

/** One message's entry in the ledger, as the adapter's item holds it. */
export interface LedgerRecord {
  status: 'claimed' | 'sent' | 'failed';
  claimedAt?: string;
  token?: string;
  messageId?: string;
  sentAt?: string;
  reason?: string;
  failedAt?: string;
}

/** The ledger's entries, by activation and message: share them between ledgers to play several senders. */
export type LedgerRecords = Map<string, LedgerRecord>;

export interface FakeDispatchLedgerOptions {
  /** The instant of each claim (real time in the adapter). @default the system clock */
  clock?: Clock;
  /** @default SEND_LEASE_SECONDS */
  leaseSeconds?: number;
  /** Claims made before this instant are stale whatever their age (a restarted runtime). */
  staleBefore?: Date;
  /** The entries to work on: another fake ledger's, to play a sender that crashed or a restart. */
  records?: LedgerRecords;
}

export interface FakeDispatchLedger extends DispatchLedger {
  readonly records: LedgerRecords;
  /** The entry of one message, if any (a copy). */
  entry(activationId: string, messageKey: string): LedgerRecord | undefined;
}

const systemClock: Clock = { now: () => new Date() };
const ledgerKey = (activationId: string, messageKey: string) => `${activationId}\u0000${messageKey}`;

/**
 * The adapter's claim semantics, each call atomic as its conditional write is: `new` when nobody claimed
 * the message, `uncertain` when the claim is older than the lease or made before `staleBefore`, `sent` once
 * confirmed, `failed` (with its reason) once failed, `in-flight` otherwise; `release` and `fail` only with the
 * claim's token; `complete` whatever the claim; `list` the activation's entries by message key, in the bytes'
 * order, without their tokens.
 */
export const fakeDispatchLedger = (options: FakeDispatchLedgerOptions = {}): FakeDispatchLedger => {
  const records: LedgerRecords = options.records ?? new Map();
  const clock = options.clock ?? systemClock;
  const leaseMs = (options.leaseSeconds ?? SEND_LEASE_SECONDS) * 1_000;
  const horizon = (now: Date) =>
    new Date(Math.max(now.getTime() - leaseMs, options.staleBefore?.getTime() ?? 0)).toISOString();

  return {
    records,

    entry(activationId, messageKey) {
      const record = records.get(ledgerKey(activationId, messageKey));
      return record ? { ...record } : undefined;
    },

    async claim(activationId, messageKey): Promise<Claim> {
      const key = ledgerKey(activationId, messageKey);
      const now = clock.now();
      const token = randomUUID();
      const record = records.get(key);
      const claimed: LedgerRecord = { status: 'claimed', claimedAt: now.toISOString(), token };
      if (!record) {
        records.set(key, claimed);
        return { status: 'new', token };
      }
      // ISO instants compared as strings, as the adapter's condition `claimedAt < :horizon` does.
      if (record.status === 'claimed' && record.claimedAt !== undefined && record.claimedAt < horizon(now)) {
        records.set(key, claimed);
        return { status: 'uncertain', token, previousClaimAt: record.claimedAt };
      }
      if (record.status === 'sent') return { status: 'sent' };
      if (record.status === 'failed') return { status: 'failed', reason: record.reason ?? '' };
      return { status: 'in-flight', claimedAt: record.claimedAt ?? now.toISOString() };
    },

    async complete(activationId, messageKey, result) {
      // An unconditional update: it confirms whatever claim holds the message (or none).
      const key = ledgerKey(activationId, messageKey);
      const { token: _token, reason: _reason, failedAt: _failedAt, ...record } = records.get(key) ?? {};
      records.set(key, { ...record, status: 'sent', messageId: result.messageId, sentAt: result.sentAt });
    },

    async release(activationId, messageKey, token) {
      const key = ledgerKey(activationId, messageKey);
      const record = records.get(key);
      if (record?.status === 'claimed' && record.token === token) records.delete(key);
    },

    async fail(activationId, messageKey, token, failure) {
      const key = ledgerKey(activationId, messageKey);
      const record = records.get(key);
      if (record?.status !== 'claimed' || record.token !== token) return;
      const { token: _token, ...rest } = record;
      records.set(key, { ...rest, status: 'failed', reason: failure.reason, failedAt: failure.failedAt });
    },

    async list(activationId) {
      const prefix = ledgerKey(activationId, '');
      return [...records.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(
          ([key, record]): LedgerEntry => ({
            messageKey: key.slice(prefix.length),
            status: record.status,
            ...(record.claimedAt !== undefined ? { claimedAt: record.claimedAt } : {}),
            ...(record.sentAt !== undefined ? { sentAt: record.sentAt } : {}),
            ...(record.reason !== undefined ? { reason: record.reason } : {}),
            ...(record.failedAt !== undefined ? { failedAt: record.failedAt } : {}),
          }),
        )
        .sort((a, b) => byBytes(a.messageKey, b.messageKey));
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// Messenger

/** One message as a recipient got it: the local outbox’s shape. */
export type SentMessage = RecipientMessage;

export interface FakeMessengerOptions {
  /**
   * Who the provider refuses for good, as `<channel>:<recipient id>` (`sms:maire-74281`): each send to them throws
   * a PermanentDeliveryError, as the AWS messengers do for a number or an address refused.
   */
  refuse?: readonly string[];
}

export interface FakeMessenger extends Messenger {
  /** Every message sent, per recipient, in the order sent. */
  readonly sent: SentMessage[];
  /** Every send refused for good, as `<channel>:<recipient id>`, in the order tried. */
  readonly refused: string[];
  /** The messages of one activation, in the order sent (the outbox's `list`). */
  list(activationId: string): SentMessage[];
}

/** The reason the fake gives for a refused send: generic, as the AWS messengers give theirs. */
export const FAKE_REFUSAL = 'Destinataire refusé par le fournisseur (test)';

export const fakeMessenger = (options: FakeMessengerOptions = {}): FakeMessenger => {
  const sent: SentMessage[] = [];
  const refused: string[] = [];
  let sequence = 0;
  const nextId = () => `msg-${++sequence}`;
  const refuse = (channel: 'sms' | 'email', recipientId: string) => {
    const who = `${channel}:${recipientId}`;
    if (!options.refuse?.includes(who)) return;
    refused.push(who);
    throw new PermanentDeliveryError(FAKE_REFUSAL);
  };

  return {
    sent,
    refused,
    list: (activationId) => sent.filter((message) => message.activationId === activationId),

    async sendSms(message: SmsMessage) {
      refuse('sms', message.recipient.id);
      const messageId = nextId();
      sent.push(smsReceived(message, messageId));
      return { messageId };
    },

    async sendEmail(message: EmailMessage) {
      refuse('email', message.recipient.id);
      const messageId = nextId();
      sent.push(emailReceived(message, messageId));
      return { messageId };
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// WorkflowEngine

export interface FakeWorkflowEngine extends WorkflowEngine {
  /** Every call to `start`, in order, including the ones that started nothing new. */
  readonly calls: { executionName: string; input: Record<string, unknown> }[];
  /** The executions started, by name, with the input of the first start (Step Functions keeps names). */
  readonly executions: Map<string, Record<string, unknown>>;
  /** The answers given to callback tasks, in order. */
  readonly answers: (
    | { taskToken: string; output: Record<string, unknown> }
    | { taskToken: string; error: string }
  )[];
  /** Tokens no task waits for any more: answering them throws TaskNotWaitingError, as Step Functions does. */
  readonly ended: Set<string>;
}

export const fakeWorkflowEngine = (): FakeWorkflowEngine => {
  const calls: FakeWorkflowEngine['calls'] = [];
  const executions = new Map<string, Record<string, unknown>>();
  const answers: FakeWorkflowEngine['answers'] = [];
  const ended = new Set<string>();
  const answer = (taskToken: string) => {
    if (ended.has(taskToken)) throw new TaskNotWaitingError('No task waits for this token');
    ended.add(taskToken);
  };
  return {
    calls,
    executions,
    answers,
    ended,
    async start(executionName, input) {
      calls.push({ executionName, input: stored(input) });
      if (!executions.has(executionName)) executions.set(executionName, stored(input));
    },
    async sendTaskSuccess(taskToken, output) {
      answer(taskToken);
      answers.push({ taskToken, output: stored(output) });
    },
    async sendTaskFailure(taskToken, error) {
      answer(taskToken);
      answers.push({ taskToken, error });
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// PagingStore

export const fakePagingStore = (): PagingStore => {
  const pages = new Map<string, Page>();
  const byCode = new Map<string, string>();
  const tokens = new Map<string, string>();
  const pageKey = (page: Pick<Page, 'activationId' | 'cell' | 'step' | 'contactId'>) =>
    [page.activationId, page.cell, page.step, page.contactId].join('#');
  return {
    async open(page) {
      const key = pageKey(page);
      const existing = pages.get(key);
      if (existing) return stored(existing);
      pages.set(key, stored(page));
      byCode.set(page.code, key);
      return stored(page);
    },
    async byCode(code) {
      const key = byCode.get(code);
      const page = key ? pages.get(key) : undefined;
      return page ? stored(page) : undefined;
    },
    async acknowledge(code, at) {
      const key = byCode.get(code);
      const page = key ? pages.get(key) : undefined;
      if (!page || page.acknowledgedAt) return false;
      page.acknowledgedAt = at;
      return true;
    },
    async waitFor(activationId, cell, taskToken) {
      tokens.set(`${activationId}#${cell}`, taskToken);
    },
    async waitingToken(activationId, cell) {
      return tokens.get(`${activationId}#${cell}`);
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// TemplateStore

/** The adapter's semantics: one template per hazard (a put replaces it), listed by hazard key. */
export const fakeTemplateStore = (initial: readonly MessageTemplate[] = []): TemplateStore => {
  const templates = new Map<string, MessageTemplate>(
    initial.map((template) => [template.eventType, stored(template)]),
  );
  return {
    async get(eventType) {
      const template = templates.get(eventType);
      return template ? stored(template) : undefined;
    },
    async put(template) {
      templates.set(template.eventType, stored(template));
    },
    async list() {
      return [...templates.values()]
        .sort((a, b) => byBytes(`TEMPLATE#${a.eventType}`, `TEMPLATE#${b.eventType}`))
        .map((template) => stored(template));
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// Every port at once

export interface FakePortsOptions {
  /** Where the ports' clock starts. @default '2026-03-10T10:05:00.000Z' (T0 + 5 min of `anActivation`) */
  now?: string;
  /** The directory's contacts. @default someContacts */
  contacts?: readonly Contact[];
  /** Activations already stored. */
  activations?: readonly Activation[];
  /** Message templates already stored. @default none: every hazard is served its demo template */
  templates?: readonly MessageTemplate[];
  /** The ledger's options. @default its clock is the ports' clock */
  ledger?: Omit<FakeDispatchLedgerOptions, 'records'>;
  /** The messenger's options. @default it refuses nobody */
  messenger?: FakeMessengerOptions;
  /** The clock of any activation, for readers. @default the ports' clock, whatever the activation */
  clockFor?: ActivationClock;
  signal?: AbortSignal;
}

/** The ports, with what the fakes add for the test to read back (the messages sent, the ledger, the clock). */
export interface FakePorts extends Ports {
  ledger: FakeDispatchLedger;
  messenger: FakeMessenger;
  engine: FakeWorkflowEngine;
  clock: FakeClock;
}

/** Every port, in memory, with the test contacts in the directory and a clock the test moves. */
export const fakePorts = (options: FakePortsOptions = {}): FakePorts => {
  const clock = fakeClock(options.now ?? '2026-03-10T10:05:00.000Z');
  return {
    store: fakeActivationStore(options.activations),
    timeline: fakeTimelineStore(),
    directory: fakeDirectoryStore(options.contacts ?? someContacts),
    ledger: fakeDispatchLedger({ clock, ...options.ledger }),
    messenger: fakeMessenger(options.messenger),
    pages: fakePagingStore(),
    templates: fakeTemplateStore(options.templates),
    engine: fakeWorkflowEngine(),
    clock,
    clockFor: options.clockFor ?? (() => clock),
    ...(options.signal ? { signal: options.signal } : {}),
  };
};
