/**
 * The local messenger: nothing leaves the machine. Every message is written to an outbox in the table, as
 * its recipient would have got it, and read back through `GET /outbox?activationId=`.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { queryAll, type TableContext, withoutKeys } from '#adapters/dynamodb-table';
import { emailReceived, type RecipientMessage, smsReceived } from '#domain/delivery';
import type { Messenger } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import type { Responses } from '#shared/http/openapi';
import { ErrorResponse } from '#shared/http/response-schemas';
import type { RouteSpec } from '#shared/routes';

/** One entry of the outbox: a message as one recipient got it. */
export type OutboxMessage = RecipientMessage;

export const outboxMessenger = (table: TableContext) => {
  const put = async (message: OutboxMessage) => {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: `OUTBOX#${message.activationId}`,
          sk: `${message.sentAt}#${message.messageId}`,
          ...message,
        },
      }),
    );
  };

  const messenger: Messenger = {
    async sendSms(message) {
      const messageId = randomUUID();
      await put(smsReceived(message, messageId));
      return { messageId };
    },

    async sendEmail(message) {
      const messageId = randomUUID();
      await put(emailReceived(message, messageId));
      return { messageId };
    },
  };

  const list = async (activationId: string) =>
    (
      await queryAll(table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `OUTBOX#${activationId}` },
      })
    ).map((item) => withoutKeys<OutboxMessage>(item));

  return { messenger, list };
};

export const outboxRoute = {
  method: 'GET',
  path: '/outbox',
  summary: 'Runtime local : les messages que chaque destinataire aurait reçus (rien ne quitte la machine).',
  roles: ['duty-officer', 'prefect', 'comms', 'quality', 'admin'],
  request: { query: z.strictObject({ activationId: z.string().check(z.minLength(1), z.maxLength(64)) }) },
  localOnly: true,
} as const satisfies RouteSpec;

export const outboxResponses: Responses = {
  200: { description: 'Les messages, dans l’ordre d’envoi.' },
  400: { description: 'activationId manquant.', schema: ErrorResponse },
};

export const createListOutboxHandler = (list: (activationId: string) => Promise<OutboxMessage[]>) =>
  httpHandler(outboxRoute, async ({ query }) => ({
    statusCode: 200,
    body: { messages: await list(query.activationId) },
  }));
