/**
 * DirectoryStore on DynamoDB: one item per contact under its id (`CONTACT#<id>`), listed by audience through
 * the `byDate` index (`DIRECTORY#<audience>`), and the audit events in one partition sorted by time. A change
 * of audience is one write of one item, so a contact is never in two lists nor in none (the local store,
 * dynalite, has no transactions: a design that needed two items per change could not be atomic there). Lists
 * by audience read the index, which is eventually consistent: a change made within the second before a
 * dispatch may not be seen by it. A contact is read by id with a consistent read. A change is written first,
 * then its audit event: without transactions the two cannot be one write. Should the event's write fail (the
 * function stopped between the two, DynamoDB refused it past the SDK's retries), the change stays without its
 * event and the request answers 500. A cell's roster is one item (`ROSTER#<cell>`), outside the index, written
 * whole and then its event, like a contact.
 */
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ContactFilter,
  contactMatches,
  DIRECTORY_AUDIENCES,
  type DirectoryEvent,
} from '#domain/contacts';
import type { Contact, DirectoryAudience } from '#domain/directory';
import { ContactExistsError, NotFoundError } from '#domain/errors';
import type { DirectoryStore } from '#domain/ports';
import type { Roster } from '#domain/rosters';
import { DIRECTORY_AUDIT_PARTITION } from './dynamodb-keys.ts';
import {
  isConditionFailure,
  keys,
  queryAll,
  TABLE_SCHEMA,
  type TableContext,
  withoutKeys,
} from './dynamodb-table.ts';
import { decodePairCursor, encodePairCursor, invalidCursor } from './pair-cursor.ts';

const contactItem = (contact: Contact) => ({
  ...keys.contact(contact.id),
  ...keys.byAudience(contact.audience, contact.id),
  ...contact,
});
const eventItem = (event: DirectoryEvent) => ({ ...keys.directoryEvent(event.at, event.id), ...event });

/** Items read per query page while filtering: a page of the API rarely needs more than one. */
const READ_PAGE = 100;

/**
 * Where a page of contacts starts: after the contact `[audience, id]` of the cursor, which must be one of the
 * audiences the query lists. @throws ValidationError naming `cursor`.
 */
export const contactCursorStart = (
  cursor: string | undefined,
  filter: ContactFilter,
): { audience: DirectoryAudience; id: string } | undefined => {
  if (cursor === undefined) return undefined;
  const [audience, id] = decodePairCursor(cursor);
  const known = (DIRECTORY_AUDIENCES as readonly string[]).includes(audience);
  if (!known || (filter.audience !== undefined && audience !== filter.audience)) throw invalidCursor();
  return { audience: audience as DirectoryAudience, id };
};

export const dynamodbDirectoryStore = (table: TableContext): DirectoryStore => {
  const { name: indexName, partitionKey, sortKey } = TABLE_SCHEMA.byDateIndex;

  /**
   * Puts items in batches; an item given twice is written once, as given last (a batch refuses duplicates).
   * BatchWrite may leave items unprocessed under load: they are written again until none is left.
   */
  const writeAll = async (given: readonly Record<string, unknown>[], perBatch = 25) => {
    const items = [...new Map(given.map((item) => [`${item['pk']}\u0000${item['sk']}`, item])).values()];
    for (let start = 0; start < items.length; start += perBatch) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
        items.slice(start, start + perBatch).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
        const { UnprocessedItems } = await table.client.send(
          new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
        );
        requests = UnprocessedItems?.[table.tableName] ?? [];
      }
    }
  };

  const appendEvent = async (event: DirectoryEvent) => {
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: eventItem(event) }));
  };

  /** Runs a conditional write; a failed condition becomes `onConditionFailure()`. */
  const conditional = async (write: () => Promise<unknown>, onConditionFailure: () => Error) => {
    try {
      await write();
    } catch (error) {
      if (isConditionFailure(error)) throw onConditionFailure();
      throw error;
    }
  };

  /** Writes a whole contact under `condition` (new, or existing), then its audit event. */
  const writeContact = async (
    contact: Contact,
    event: DirectoryEvent,
    condition: string,
    onConditionFailure: () => Error,
  ) => {
    await conditional(
      () =>
        table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: contactItem(contact),
            ConditionExpression: condition,
          }),
        ),
      onConditionFailure,
    );
    await appendEvent(event);
  };

  /** Reads a query page by page, passing each item to `take` until it answers false. */
  const readUntil = async (
    input: Omit<QueryCommandInput, 'TableName'>,
    take: (item: Record<string, unknown>) => boolean,
  ) => {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          ...input,
          Limit: READ_PAGE,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) if (!take(item)) return;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };

  return {
    async list(audience) {
      const items = await queryAll(table, {
        IndexName: indexName,
        KeyConditionExpression: `${partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.byAudience(audience, '').gsi1pk },
      });
      return items.map((item) => withoutKeys<Contact>(item));
    },

    putAll: (contacts) => writeAll(contacts.map(contactItem)),

    async isEmpty() {
      for (const audience of DIRECTORY_AUDIENCES) {
        const { Items } = await table.client.send(
          new QueryCommand({
            TableName: table.tableName,
            IndexName: indexName,
            KeyConditionExpression: `${partitionKey} = :pk`,
            ExpressionAttributeValues: { ':pk': keys.byAudience(audience, '').gsi1pk },
            Limit: 1,
          }),
        );
        if ((Items ?? []).length > 0) return false;
      }
      return true;
    },

    async get(id) {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: keys.contact(id), ConsistentRead: true }),
      );
      return Item ? withoutKeys<Contact>(Item) : undefined;
    },

    async search(query) {
      const { limit, cursor, ...filter } = query;
      const start = contactCursorStart(cursor, filter);
      const audiences = filter.audience ? [filter.audience] : [...DIRECTORY_AUDIENCES];
      const items: Contact[] = [];
      for (const audience of audiences.slice(start ? audiences.indexOf(start.audience) : 0)) {
        const after = start?.audience === audience ? keys.byAudience(audience, start.id).gsi1sk : undefined;
        await readUntil(
          {
            IndexName: indexName,
            KeyConditionExpression: `${partitionKey} = :pk${after ? ` AND ${sortKey} > :after` : ''}`,
            ExpressionAttributeValues: {
              ':pk': keys.byAudience(audience, '').gsi1pk,
              ...(after ? { ':after': after } : {}),
            },
          },
          (item) => {
            const contact = withoutKeys<Contact>(item);
            if (contactMatches(contact, filter)) items.push(contact);
            return items.length < limit;
          },
        );
        if (items.length >= limit) break;
      }
      const last = items.at(-1);
      return last && items.length === limit
        ? { items, cursor: encodePairCursor([last.audience, last.id]) }
        : { items };
    },

    create: (contact, event) =>
      writeContact(contact, event, 'attribute_not_exists(pk)', () => new ContactExistsError(contact.id)),

    replace: (contact, event) =>
      writeContact(contact, event, 'attribute_exists(pk)', () => new NotFoundError('Contact', contact.id)),

    async deactivate(id, event) {
      await conditional(
        () =>
          table.client.send(
            new UpdateCommand({
              TableName: table.tableName,
              Key: keys.contact(id),
              UpdateExpression: 'SET active = :inactive',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':inactive': false },
            }),
          ),
        () => new NotFoundError('Contact', id),
      );
      await appendEvent(event);
    },

    // Each contact goes in the same batch as its event: 12 pairs a batch (BatchWrite takes 25 items).
    putMany: (changes) =>
      writeAll(
        changes.flatMap(({ contact, event }) => [contactItem(contact), eventItem(event)]),
        24,
      ),

    appendEvent,

    async listEvents(query) {
      const before = query.cursor === undefined ? undefined : decodePairCursor(query.cursor);
      const items: DirectoryEvent[] = [];
      await readUntil(
        {
          KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': DIRECTORY_AUDIT_PARTITION,
            ...(before ? { ':before': keys.directoryEvent(...before).sk } : {}),
          },
          ScanIndexForward: false,
        },
        (item) => {
          const event = withoutKeys<DirectoryEvent>(item);
          if (query.contactId === undefined || event.contactId === query.contactId) items.push(event);
          return items.length < query.limit;
        },
      );
      const last = items.at(-1);
      return last && items.length === query.limit
        ? { items, cursor: encodePairCursor([last.at, last.id]) }
        : { items };
    },

    async getRoster(cell) {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: keys.roster(cell), ConsistentRead: true }),
      );
      return Item ? withoutKeys<Roster>(Item) : undefined;
    },

    async putRoster(roster, event) {
      await table.client.send(
        new PutCommand({ TableName: table.tableName, Item: { ...keys.roster(roster.cell), ...roster } }),
      );
      await appendEvent(event);
    },
  };
};
