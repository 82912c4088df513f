/**
 * The one domain table's key schema and item keys: pure data and string functions, no SDK, so that the CDK
 * stack (`infra/`) declares the same table the adapters and the local runtime use without loading DynamoDB.
 */

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Activations by T0: one partition per table (a prefecture has tens a year), sorted by `T0#id`. */
  byDateIndex: { name: 'byDate', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** The one partition of the `byDate` index. */
export const ACTIVATIONS_PARTITION = 'ACTIVATIONS';

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
  contact: (audience: string, id: string) => ({ pk: `DIRECTORY#${audience}`, sk: `CONTACT#${id}` }),
};

/** The sort key of an activation item: the stream consumer that starts workflows filters on it. */
export const ACTIVATION_SORT_KEY = keys.activation('').sk;
