import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anActivation } from '#tests/helpers/fixtures';
import { lambdaContext } from '#tests/helpers/lambda';
import { captureMetrics } from '#tests/helpers/metrics';

describe('EvaluateCommitments task handler', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let handler: typeof import('#handlers/tasks/evaluate-commitments').handler;
  const activation = anActivation({ id: 'act-00000000000000000042' });
  const dispatched = (audience: string, at: string) => ({
    activationId: activation.id,
    at,
    type: 'dispatch.completed',
    actor: 'system',
    audience,
    details: {},
  });
  /** The communication cell acknowledged at 10:05: M7-1 met. */
  const operational = {
    activationId: activation.id,
    at: '2026-03-10T10:05:00.000Z',
    type: 'cell.operational',
    actor: 'com-1',
    subject: 'communication',
    details: { cell: 'communication' },
  };
  let captured: ReturnType<typeof captureMetrics>;

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
        operational,
        dispatched('officials', '2026-03-10T10:06:00.000Z'),
        dispatched('press', '2026-03-10T10:07:00.000Z'),
      ],
    });
    dynamodb.on(PutCommand).resolves({});
    dynamodb.on(UpdateCommand).resolves({});
    captured = captureMetrics();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    dynamodb.reset();
  });

  it('records the verdicts once and marks the activation evaluated', async () => {
    const result = await handler({ activationId: activation.id }, lambdaContext());

    expect(result.missed).toBe(1);
    expect(result.verdicts.map((verdict) => verdict.status)).toEqual(['met', 'met', 'met', 'missed']);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'module7-test',
      Item: expect.objectContaining({ sk: 'EVENT#commitments.evaluated', type: 'commitments.evaluated' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(dynamodb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `ACT#${activation.id}`, sk: 'ACTIVATION' },
    });
  });

  it('emits CommitmentMissed with the number of missed commitments, flushed once the task ends', async () => {
    await handler({ activationId: activation.id }, lambdaContext());

    expect(captured.addMetric.mock.calls).toEqual([['CommitmentMissed', MetricUnit.Count, 1]]);
    expect(captured.flushed).toEqual([
      expect.objectContaining({
        CommitmentMissed: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({ Metrics: [{ Name: 'CommitmentMissed', Unit: 'Count' }] }),
          ],
        }),
      }),
    ]);
  });

  it('emits CommitmentMissed at zero when every commitment is met, so that the alarm has its datapoint', async () => {
    dynamodb.on(QueryCommand).resolves({
      Items: [
        operational,
        dispatched('officials', '2026-03-10T10:06:00.000Z'),
        dispatched('press', '2026-03-10T10:07:00.000Z'),
        dispatched('publicLine', '2026-03-10T10:08:00.000Z'),
      ],
    });

    const result = await handler({ activationId: activation.id }, lambdaContext());

    expect(result.missed).toBe(0);
    expect(captured.addMetric.mock.calls).toEqual([['CommitmentMissed', MetricUnit.Count, 0]]);
    expect(captured.flushed).toEqual([expect.objectContaining({ CommitmentMissed: 0 })]);
  });

  it('fails with WorkflowInputError, which the state machine does not retry, on an input without activationId', async () => {
    await expect(handler({ activation: 'x' }, lambdaContext())).rejects.toHaveProperty(
      'name',
      'WorkflowInputError',
    );
    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
    expect(captured.addMetric).not.toHaveBeenCalled();
  });
});
