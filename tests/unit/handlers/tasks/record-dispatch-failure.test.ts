import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#tests/helpers/lambda';
import { captureMetrics } from '#tests/helpers/metrics';

describe('RecordDispatchFailure task handler', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let handler: typeof import('#handlers/tasks/record-dispatch-failure').handler;
  const input = {
    activationId: 'act-00000000000000000042',
    audience: 'press',
    error: { Error: 'TransientDeliveryError', Cause: '{"errorMessage":"throttled"}' },
  };
  let captured: ReturnType<typeof captureMetrics>;

  beforeAll(async () => {
    vi.stubEnv('TABLE_NAME', 'module7-test');
    ({ handler } = await import('#handlers/tasks/record-dispatch-failure'));
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T10:58:00.000Z'), toFake: ['Date'] });
    dynamodb.on(PutCommand).resolves({});
    captured = captureMetrics();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    dynamodb.reset();
  });

  it('records dispatch.failed on the timeline, once, with the error the state machine caught', async () => {
    await handler(input, lambdaContext());

    expect(dynamodb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'module7-test',
      Item: {
        pk: `ACT#${input.activationId}`,
        sk: 'EVENT#dispatch.failed#press',
        activationId: input.activationId,
        at: '2026-03-10T10:58:00.000Z',
        type: 'dispatch.failed',
        actor: 'system',
        audience: 'press',
        details: { error: 'TransientDeliveryError', cause: '{"errorMessage":"throttled"}' },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('emits one DispatchFailed, with the activation and the audience, for the on-call alarm', async () => {
    await handler(input, lambdaContext());

    expect(captured.addMetric.mock.calls).toEqual([['DispatchFailed', MetricUnit.Count, 1]]);
    expect(captured.flushed).toEqual([
      expect.objectContaining({
        DispatchFailed: 1,
        activationId: input.activationId,
        audience: 'press',
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({ Metrics: [{ Name: 'DispatchFailed', Unit: 'Count' }] }),
          ],
        }),
      }),
    ]);
  });

  it('still emits DispatchFailed when the timeline refuses the record: the alarm is not silenced', async () => {
    dynamodb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    await expect(handler(input, lambdaContext())).rejects.toThrow('ProvisionedThroughputExceededException');

    expect(captured.flushed).toEqual([expect.objectContaining({ DispatchFailed: 1, audience: 'press' })]);
  });

  it('counts a retried task again, though its record is already on the timeline', async () => {
    dynamodb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    await expect(handler(input, lambdaContext())).resolves.toBeUndefined();

    expect(captured.flushed).toEqual([expect.objectContaining({ DispatchFailed: 1 })]);
  });

  it('fails with WorkflowInputError, which the state machine does not retry, on an input without audience, and emits nothing', async () => {
    const { audience: _audience, ...withoutAudience } = input;

    await expect(handler(withoutAudience, lambdaContext())).rejects.toHaveProperty(
      'name',
      'WorkflowInputError',
    );

    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
    expect(captured.addMetric).not.toHaveBeenCalled();
    expect(captured.flushed).toEqual([]);
  });
});
