/**
 * DispatchLedger on DynamoDB: one item per message, claimed with a conditional write before the send and
 * confirmed after it. A claim carries a random token (so that only its sender releases it or fails it) and the
 * real time it was made; a claim older than the lease, or made before `staleBefore()`, is given again as
 * `uncertain`. A message refused for good is marked `failed` with its reason, and the claim's condition never
 * takes it again. `list` reads an activation's items back, without their tokens, for the recipients table.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import type { Claim, Clock, DispatchLedger, LedgerEntry } from '#domain/ports';
import { isConditionFailure, keys, queryAll, type TableContext } from './dynamodb-table.ts';

export interface DispatchLedgerOptions {
  /** Real time, never an accelerated clock: the lease measures whether a sender can still be alive. @default the system clock */
  clock?: Clock;
  /** @default SEND_LEASE_SECONDS */
  leaseSeconds?: number;
  /**
   * Claims made before this instant are stale whatever their age: the local runtime passes its start, since
   * the lock on its data folder proves the process that made them is gone.
   */
  staleBefore?: Date;
}

const systemClock: Clock = { now: () => new Date() };

/** What every message's sort key begins with, within its activation's partition. */
const SEND_PREFIX = keys.send('', '').sk;

/** An item read back as the port's entry: no token, no keys, no provider's message id. */
const entryOf = (item: Record<string, unknown>): LedgerEntry => {
  const { claimedAt, sentAt, reason, failedAt } = item;
  const status = item['status'] === 'sent' || item['status'] === 'failed' ? item['status'] : 'claimed';
  return {
    messageKey: String(item['sk']).slice(SEND_PREFIX.length),
    status,
    ...(typeof claimedAt === 'string' ? { claimedAt } : {}),
    ...(typeof sentAt === 'string' ? { sentAt } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof failedAt === 'string' ? { failedAt } : {}),
  };
};

export const dynamodbDispatchLedger = (
  table: TableContext,
  options: DispatchLedgerOptions = {},
): DispatchLedger => {
  const clock = options.clock ?? systemClock;
  const leaseMs = (options.leaseSeconds ?? SEND_LEASE_SECONDS) * 1_000;
  const horizon = (now: Date) =>
    new Date(Math.max(now.getTime() - leaseMs, options.staleBefore?.getTime() ?? 0)).toISOString();

  return {
    async claim(activationId, messageKey): Promise<Claim> {
      const now = clock.now();
      const token = randomUUID();
      try {
        const { Attributes } = await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...keys.send(activationId, messageKey),
              status: 'claimed',
              claimedAt: now.toISOString(),
              token,
            },
            // New, or an unconfirmed claim whose sender cannot be alive any more.
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :horizon)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':horizon': horizon(now) },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return Attributes
          ? { status: 'uncertain', token, previousClaimAt: String(Attributes['claimedAt']) }
          : { status: 'new', token };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: keys.send(activationId, messageKey),
          ConsistentRead: true,
        }),
      );
      if (Item?.['status'] === 'sent') return { status: 'sent' };
      if (Item?.['status'] === 'failed') return { status: 'failed', reason: String(Item['reason'] ?? '') };
      // Claimed by a live sender (or released and claimed again meanwhile): not settled yet.
      return { status: 'in-flight', claimedAt: String(Item?.['claimedAt'] ?? now.toISOString()) };
    },

    async complete(activationId, messageKey, result) {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.send(activationId, messageKey),
          // A message sent is sent, even if a later claim of it was refused meanwhile.
          UpdateExpression:
            'SET #status = :sent, messageId = :messageId, sentAt = :sentAt REMOVE #token, #reason, failedAt',
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token', '#reason': 'reason' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':messageId': result.messageId,
            ':sentAt': result.sentAt,
          },
        }),
      );
    },

    async release(activationId, messageKey, token) {
      await table.client
        .send(
          new DeleteCommand({
            TableName: table.tableName,
            Key: keys.send(activationId, messageKey),
            ConditionExpression: '#status = :claimed AND #token = :token',
            ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':token': token },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    },

    async fail(activationId, messageKey, token, failure) {
      await table.client
        .send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: keys.send(activationId, messageKey),
            UpdateExpression: 'SET #status = :failed, #reason = :reason, failedAt = :failedAt REMOVE #token',
            ConditionExpression: '#status = :claimed AND #token = :token',
            ExpressionAttributeNames: { '#status': 'status', '#token': 'token', '#reason': 'reason' },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ':claimed': 'claimed',
              ':token': token,
              ':reason': failure.reason,
              ':failedAt': failure.failedAt,
            },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    },

    async list(activationId) {
      const items = await queryAll(table, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
        ExpressionAttributeNames: { '#status': 'status', '#reason': 'reason' },
        ExpressionAttributeValues: { ':pk': keys.send(activationId, '').pk, ':send': SEND_PREFIX },
        // The token never leaves the ledger.
        ProjectionExpression: 'sk, #status, claimedAt, sentAt, #reason, failedAt',
        ConsistentRead: true,
      });
      return items.map(entryOf);
    },
  };
};
