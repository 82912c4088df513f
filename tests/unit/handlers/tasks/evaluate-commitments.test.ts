import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#tests/helpers/lambda';
import { anActivation } from '#tests/helpers/local-table';

describe('EvaluateCommitments task handler', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let handler: typeof import('#handlers/tasks/evaluate-commitments').handler;
  const activation = anActivation({ id: 'act-00000000000000000042' });

  beforeAll(async () => {
    vi.stubEnv('TABLE_NAME', 'module7-test');
    ({ handler } = await import('#handlers/tasks/evaluate-commitments'));
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T11:00:02.000Z'), toFake: ['Date'] });
    dynamodb
      .on(GetCommand)
      .resolves({ Item: { pk: `ACT#${activation.id}`, sk: 'ACTIVATION', ...activation } });
    dynamodb.on(QueryCommand).resolves({
      Items: [
        {
          activationId: activation.id,
          at: '2026-03-10T10:06:00.000Z',
          type: 'dispatch.completed',
          actor: 'system',
          audience: 'officials',
          details: {},
        },
        {
          activationId: activation.id,
          at: '2026-03-10T10:07:00.000Z',
          type: 'dispatch.completed',
          actor: 'system',
          audience: 'press',
          details: {},
        },
      ],
    });
    dynamodb.on(PutCommand).resolves({});
    dynamodb.on(UpdateCommand).resolves({});
  });
  afterEach(() => {
    vi.useRealTimers();
    dynamodb.reset();
  });

  it('records the verdicts once and marks the activation evaluated', async () => {
    const result = await handler({ activationId: activation.id }, lambdaContext());

    expect(result.missed).toBe(1);
    expect(result.verdicts.map((verdict) => verdict.status)).toEqual(['met', 'met', 'missed']);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'module7-test',
      Item: expect.objectContaining({ sk: 'EVENT#commitments.evaluated', type: 'commitments.evaluated' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(dynamodb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `ACT#${activation.id}`, sk: 'ACTIVATION' },
    });
  });

  it('fails with WorkflowInputError, which the state machine does not retry, on an input without activationId', async () => {
    await expect(handler({ activation: 'x' }, lambdaContext())).rejects.toHaveProperty(
      'name',
      'WorkflowInputError',
    );
    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
  });
});
