/**
 * The one domain table's key schema and item keys: pure data and string functions, no SDK, so that the CDK
 * stack (`infra/`) declares the same table the adapters and the local runtime use without loading DynamoDB.
 */

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Activations by T0: one partition per table (a prefecture has tens a year), sorted by `T0#id`. The same
   * index lists the directory's contacts by audience (`DIRECTORY#<audience>`, sorted by `CONTACT#<id>`): its
   * partitions never meet the activations' one, and the table keeps a single index.
   */
  byDateIndex: { name: 'byDate', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** The one partition of the `byDate` index. */
export const ACTIVATIONS_PARTITION = 'ACTIVATIONS';

/** The partition of the directory's audit events. */
export const DIRECTORY_AUDIT_PARTITION = 'AUDIT#DIRECTORY';

/** What the sort key of every follow-up message begins with. */
export const MESSAGE_SORT_PREFIX = 'MESSAGE#';

/**
 * The one partition of the message templates: at most one item per hazard (a dozen), so that listing them is
 * one query, never a scan.
 */
export const TEMPLATES_PARTITION = 'TEMPLATES';

export const keys = {
  activation: (id: string) => ({ pk: `ACT#${id}`, sk: 'ACTIVATION' }),
  /** The activation's place in the `byDate` index. */
  byDate: (decidedAt: string, id: string) => ({
    gsi1pk: ACTIVATIONS_PARTITION,
    gsi1sk: `${decidedAt}#${id}`,
  }),
  event: (activationId: string, eventKey: string) => ({ pk: `ACT#${activationId}`, sk: `EVENT#${eventKey}` }),
  send: (activationId: string, messageKey: string) => ({
    pk: `ACT#${activationId}`,
    sk: `SEND#${messageKey}`,
  }),
  /** One person paged at one escalation step of one cell: recorded once, with the first code sent. */
  page: (activationId: string, cell: string, step: number, contactId: string) => ({
    pk: `ACT#${activationId}`,
    sk: `PAGE#${cell}#${String(step).padStart(3, '0')}#${contactId}`,
  }),
  /** An acknowledgement code, under the code alone: what its link reads and marks used. */
  ackCode: (code: string) => ({ pk: `ACK#${code}`, sk: 'ACK' }),
  /** The prefect's order of the public information cell: one per activation. */
  cipOrder: (activationId: string) => ({ pk: `ACT#${activationId}`, sk: 'CIP' }),
  /** A follow-up message of an activation. */
  message: (activationId: string, messageId: string) => ({
    pk: `ACT#${activationId}`,
    sk: `${MESSAGE_SORT_PREFIX}${messageId}`,
  }),
  /** The token of the workflow step waiting for a cell's acknowledgements. */
  cellWait: (activationId: string, cell: string) => ({ pk: `ACT#${activationId}`, sk: `WAIT#${cell}` }),
  /**
   * A contact, under its id alone: reading it needs no audience, and changing its audience is one write of
   * one item (the index entry below moves with it).
   */
  contact: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT' }),
  /** The contact's place in its audience's list, in the `byDate` index: what a dispatch queries. */
  byAudience: (audience: string, id: string) => ({
    gsi1pk: `DIRECTORY#${audience}`,
    gsi1sk: `CONTACT#${id}`,
  }),
  /** A cell's roster: one item, outside the index (it is not a contact of any audience's list). */
  roster: (cell: string) => ({ pk: `ROSTER#${cell}`, sk: 'ROSTER' }),
  /**
   * The message template of a hazard. The sort key is prefixed so that it can never be the sort key of an item
   * whose insert starts a workflow (`ACTIVATION`, `CIP`, `MESSAGE#…`), whatever hazard is added.
   */
  template: (eventType: string) => ({ pk: TEMPLATES_PARTITION, sk: `TEMPLATE#${eventType}` }),
  /** The directory's audit: one partition, newest last by its sort key `<at>#<event id>`. */
  directoryEvent: (at: string, eventId: string) => ({
    pk: DIRECTORY_AUDIT_PARTITION,
    sk: `${at}#${eventId}`,
  }),
};

/** The sort key of an activation item: the stream consumer that starts workflows filters on it. */
export const ACTIVATION_SORT_KEY = keys.activation('').sk;

/** The sort key of a CIP order item: its insert starts the order's execution. */
export const CIP_ORDER_SORT_KEY = keys.cipOrder('').sk;
