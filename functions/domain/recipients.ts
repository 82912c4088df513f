/**
 * Who was sent what, person by person: the recipients table of an activation, read from the per-recipient
 * dispatch ledger (so that it works wherever the messages were sent, with or without a local outbox) and the
 * timeline. Pure.
 */
import { AUDIENCES, type Audience } from './activation.ts';
import { contactFor } from './contacts.ts';
import type { Contact, ContactFunction } from './directory.ts';
import type { LedgerEntry } from './ports.ts';
import { CELLS, type Cell } from './rosters.ts';
import type { TimelineEvent } from './timeline.ts';

// ---------------------------------------------------------------------------------------------------------
// Message keys

export type Channel = 'sms' | 'email';

/**
 * What a message of the ledger is: the first message of an audience (`information`), a follow-up, a page of
 * a crisis cell, or the cabinet's SMS (the timer's warning, an unanswered cell).
 */
export type MessageKeyKind = 'information' | 'follow-up' | 'page' | 'cabinet';

export interface ParsedMessageKey {
  kind: MessageKeyKind;
  channel: Channel;
  contactId: string;
  /** For a follow-up: its id. */
  messageId?: string;
  /** For a page, and for the cabinet's SMS about an unanswered cell: the cell. */
  cell?: Cell;
  /** For a page: the escalation step (0 for the first page). */
  step?: number;
}

const CHANNELS: readonly string[] = ['sms', 'email'] satisfies Channel[];
const isChannel = (value: string | undefined): value is Channel => CHANNELS.includes(value ?? '');
const isCell = (value: string | undefined): value is Cell =>
  (CELLS as readonly string[]).includes(value ?? '');
/** One segment of a key: contact ids and message ids never hold a `#`. */
const isSegment = (value: string | undefined): value is string => value !== undefined && value.length > 0;
const STEP = /^(0|[1-9]\d{0,5})$/;

/**
 * Reads a message key of the ledger, as the senders write them: `sms#<contact>` and `email#<contact>` (the
 * first message, dispatch-audience.ts), `<message id>#sms#<contact>` (a follow-up),
 * `page#<cell>#<step>#<contact>#sms` (page-cell.ts), `warning#<contact>` and `unanswered#<cell>#<contact>`
 * (the cabinet's SMS, sms-cabinet.ts). Answers undefined for any other shape.
 */
export const parseMessageKey = (key: string): ParsedMessageKey | undefined => {
  const parts = key.split('#');
  if (!parts.every(isSegment)) return undefined;
  const [first, second, third, fourth, fifth] = parts;
  switch (parts.length) {
    case 2:
      if (isChannel(first) && isSegment(second))
        return { kind: 'information', channel: first, contactId: second };
      if (first === 'warning' && isSegment(second))
        return { kind: 'cabinet', channel: 'sms', contactId: second };
      return undefined;
    case 3:
      if (first === 'unanswered' && isCell(second) && isSegment(third)) {
        return { kind: 'cabinet', channel: 'sms', contactId: third, cell: second };
      }
      if (isSegment(first) && isChannel(second) && isSegment(third)) {
        return { kind: 'follow-up', channel: second, contactId: third, messageId: first };
      }
      return undefined;
    case 5:
      if (
        first === 'page' &&
        isCell(second) &&
        STEP.test(third ?? '') &&
        isSegment(fourth) &&
        isChannel(fifth)
      ) {
        return { kind: 'page', channel: fifth, contactId: fourth, cell: second, step: Number(third) };
      }
      return undefined;
    default:
      return undefined;
  }
};

// ---------------------------------------------------------------------------------------------------------
// The report

/**
 * Where one message to one person stands. `sent`: confirmed. `uncertain`: confirmed, but sent again after an
 * earlier send that never reported back: the person may have it twice. `pending`: claimed, not confirmed
 * (being sent, or its sender died). `failed`: refused for good for this person (the ledger keeps the reason),
 * or not confirmed and the audience's dispatch failed after every retry. `not-sent`: due, nothing in the
 * ledger, and the audience not failed (yet).
 */
export type RecipientStatus = 'sent' | 'uncertain' | 'pending' | 'failed' | 'not-sent';

export interface RecipientRow {
  id: string;
  /** The directory's name; the id for a contact the directory no longer holds. */
  name: string;
  function?: ContactFunction;
  communes?: string[];
  /** Masked unless the caller keeps the directory (`admin`). */
  phone?: string;
  /** Masked unless the caller keeps the directory (`admin`). */
  email?: string;
  /** The first message on each channel; null on a channel the person has no coordinate for and was sent nothing on. */
  status: { sms: RecipientStatus | null; email: RecipientStatus | null };
  /** Why the message of a channel was refused for good, on the channels where it was (no personal data). */
  reason?: { sms?: string; email?: string };
}

/** Messages (an SMS or an e-mail each) by status. */
export interface RecipientCounts {
  sent: number;
  failed: number;
  uncertain: number;
  pending: number;
  notSent: number;
}

export interface AudienceRecipients {
  audience: Audience;
  /** By name, then id. */
  recipients: RecipientRow[];
  counts: RecipientCounts;
}

/** One person of a crisis cell paged for the activation. */
export interface OnCallRow {
  id: string;
  name: string;
  cell: Cell;
  /** The escalation steps they were paged at. */
  pages: number;
  /** Their first acknowledgement for the cell. */
  acknowledgedAt?: string;
}

export interface FollowUpProgress {
  messageId: string;
  /** Messages (SMS and e-mails) confirmed sent. */
  sent: number;
  /** Messages claimed, not confirmed. */
  pending: number;
  /** Messages refused for good for their recipient. */
  failed: number;
}

export interface RecipientsReport {
  activationId: string;
  /** The three M7-2 audiences, in their order. */
  audiences: AudienceRecipients[];
  /** By cell, then first step, then name. */
  onCall: OnCallRow[];
  /** By the first claim of each. */
  followUps: FollowUpProgress[];
}

export interface RecipientsReportInput {
  activation: { id: string };
  /** The directory's contacts that the ledger or the timeline may name, inactive ones included. */
  contacts: readonly Contact[];
  /** Who each audience's first message is for now (`recipientsFor` of its list and the affected communes). */
  expected: Record<Audience, readonly Contact[]>;
  entries: readonly LedgerEntry[];
  events: readonly TimelineEvent[];
  /** The caller's roles: only `admin` reads numbers and addresses in full. */
  roles: readonly string[];
}

const isAudience = (value: unknown): value is Audience => (AUDIENCES as readonly unknown[]).includes(value);

const byName = new Intl.Collator('fr', { sensitivity: 'base' });
const compareRows = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const noCounts = (): RecipientCounts => ({ sent: 0, failed: 0, uncertain: 0, pending: 0, notSent: 0 });
const COUNT_OF: Record<RecipientStatus, keyof RecipientCounts> = {
  sent: 'sent',
  uncertain: 'uncertain',
  pending: 'pending',
  failed: 'failed',
  'not-sent': 'notSent',
};

/** The reason a failed entry of the ledger keeps, under its channel. */
const reasonOn = (channel: Channel, entry: LedgerEntry | undefined): { sms?: string; email?: string } =>
  entry?.status === 'failed' ? { [channel]: entry.reason ?? '' } : {};

/** A text detail of an event, if it is one. */
const text = (event: TimelineEvent, name: string): string | undefined => {
  const value = event.details[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The recipients table: per M7-2 audience, each person due the first message (and anyone the ledger shows
 * was sent it) with the status of their SMS and e-mail and the audience's counts; the people of the crisis
 * cells paged, with their acknowledgement; the progress of each follow-up message. A contact's coordinates
 * are masked unless the caller keeps the directory. Keys of other shapes, and the cabinet's SMS, are left out.
 */
export const recipientsReport = (input: RecipientsReportInput): RecipientsReport => {
  const known = new Map<string, Contact>();
  for (const contact of [...input.contacts, ...AUDIENCES.flatMap((audience) => input.expected[audience])]) {
    if (!known.has(contact.id)) known.set(contact.id, contact);
  }
  const parsed = input.entries.flatMap((entry) => {
    const key = parseMessageKey(entry.messageKey);
    return key ? [{ entry, key }] : [];
  });
  const uncertain = new Map<string, TimelineEvent>();
  for (const event of input.events) {
    const messageKey = event.type === 'send.uncertain' ? text(event, 'messageKey') : undefined;
    if (messageKey !== undefined) uncertain.set(messageKey, event);
  }

  // The first message: one entry per channel and person.
  const information = new Map<string, LedgerEntry>();
  for (const { entry, key } of parsed) {
    if (key.kind === 'information') information.set(entry.messageKey, entry);
  }
  const members = new Map<Audience, Map<string, Contact | undefined>>(
    AUDIENCES.map((audience) => [
      audience,
      new Map(input.expected[audience].map((contact) => [contact.id, contact])),
    ]),
  );
  const placed = new Set(AUDIENCES.flatMap((audience) => input.expected[audience].map(({ id }) => id)));
  for (const { entry, key } of parsed) {
    if (key.kind !== 'information' || placed.has(key.contactId)) continue;
    // Sent to someone no longer due it: where the directory puts them, else where the timeline saw the send.
    const contact = known.get(key.contactId);
    const audience = isAudience(contact?.audience)
      ? contact.audience
      : uncertain.get(entry.messageKey)?.details['audience'];
    if (!isAudience(audience)) continue;
    members.get(audience)?.set(key.contactId, contact);
    placed.add(key.contactId);
  }

  const audiences = AUDIENCES.map((audience): AudienceRecipients => {
    const failed = input.events.some(
      (event) => event.type === 'dispatch.failed' && event.audience === audience,
    );
    const statusOf = (channel: Channel, id: string, reachable: boolean): RecipientStatus | null => {
      const messageKey = `${channel}#${id}`;
      const entry = information.get(messageKey);
      if (entry?.status === 'sent') return uncertain.has(messageKey) ? 'uncertain' : 'sent';
      if (entry?.status === 'failed' || (failed && (entry || reachable))) return 'failed';
      if (entry) return 'pending';
      return reachable ? 'not-sent' : null;
    };
    const counts = noCounts();
    const recipients = [...(members.get(audience) ?? new Map<string, Contact | undefined>()).entries()]
      .map(([id, contact]): RecipientRow => {
        const shown = contact ? contactFor(input.roles, contact) : undefined;
        const status = {
          sms: statusOf('sms', id, Boolean(contact?.phone)),
          email: statusOf('email', id, Boolean(contact?.email)),
        };
        for (const value of [status.sms, status.email]) if (value) counts[COUNT_OF[value]] += 1;
        const reason = {
          ...reasonOn('sms', information.get(`sms#${id}`)),
          ...reasonOn('email', information.get(`email#${id}`)),
        };
        return {
          id,
          name: shown?.name ?? id,
          ...(shown?.function !== undefined ? { function: shown.function } : {}),
          ...(shown?.communes !== undefined ? { communes: shown.communes } : {}),
          ...(shown?.phone !== undefined ? { phone: shown.phone } : {}),
          ...(shown?.email !== undefined ? { email: shown.email } : {}),
          status,
          ...(reason.sms !== undefined || reason.email !== undefined ? { reason } : {}),
        };
      })
      .sort(compareRows);
    return { audience, recipients, counts };
  });

  // The crisis cells: who was paged at which steps, from the ledger and the timeline alike.
  const paged = new Map<string, { id: string; cell: Cell; steps: Set<number> }>();
  const page = (id: string, cell: Cell, step: number) => {
    const key = `${cell}#${id}`;
    const row = paged.get(key) ?? { id, cell, steps: new Set<number>() };
    row.steps.add(step);
    paged.set(key, row);
  };
  for (const { key } of parsed) {
    if (key.kind === 'page' && key.cell !== undefined && key.step !== undefined) {
      page(key.contactId, key.cell, key.step);
    }
  }
  for (const event of input.events) {
    if (event.type !== 'cell.paged') continue;
    const [cell, id, step] = [text(event, 'cell'), text(event, 'contactId'), event.details['step']];
    if (isCell(cell) && isSegment(id) && Number.isInteger(step)) page(id, cell, step as number);
  }
  const acknowledgedAt = (id: string, cell: Cell) =>
    input.events
      .filter(
        (event) =>
          event.type === 'cell.acknowledged' &&
          event.details['cell'] === cell &&
          (event.actor === id || event.details['by'] === id),
      )
      .map((event) => event.at)
      .sort()[0];
  const onCall = [...paged.values()]
    .map(({ id, cell, steps }) => {
      const at = acknowledgedAt(id, cell);
      const row: OnCallRow = {
        id,
        name: known.get(id)?.name ?? id,
        cell,
        pages: steps.size,
        ...(at !== undefined ? { acknowledgedAt: at } : {}),
      };
      return { row, firstStep: Math.min(...steps) };
    })
    .sort(
      (a, b) =>
        CELLS.indexOf(a.row.cell) - CELLS.indexOf(b.row.cell) ||
        a.firstStep - b.firstStep ||
        compareRows(a.row, b.row),
    )
    .map(({ row }) => row);

  // The follow-ups: how many of each message's SMS and e-mails left, are leaving, or were refused.
  const followUps = new Map<string, FollowUpProgress & { since: string }>();
  for (const { entry, key } of parsed) {
    if (key.kind !== 'follow-up' || key.messageId === undefined) continue;
    const since = entry.claimedAt ?? entry.sentAt ?? '';
    const progress = followUps.get(key.messageId) ?? {
      messageId: key.messageId,
      sent: 0,
      pending: 0,
      failed: 0,
      since,
    };
    if (entry.status === 'sent') progress.sent += 1;
    else if (entry.status === 'failed') progress.failed += 1;
    else progress.pending += 1;
    if (since < progress.since) progress.since = since;
    followUps.set(key.messageId, progress);
  }

  return {
    activationId: input.activation.id,
    audiences,
    onCall,
    followUps: [...followUps.values()]
      .sort((a, b) => a.since.localeCompare(b.since) || (a.messageId < b.messageId ? -1 : 1))
      .map(({ since: _since, ...progress }) => progress),
  };
};
