import { readFileSync } from 'node:fs';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#tests/helpers/lambda';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-3:111122223333:stateMachine:module7';
const insert = (): DynamoDBStreamEvent =>
  structuredClone(
    JSON.parse(readFileSync(new URL('../../../events/dynamodb-stream-insert.json', import.meta.url), 'utf8')),
  );

describe('StartWorkflow stream handler', () => {
  const sfn = mockClient(SFNClient);
  let handler: typeof import('#handlers/streams/start-workflow').handler;

  beforeAll(async () => {
    vi.stubEnv('STATE_MACHINE_ARN', STATE_MACHINE_ARN);
    ({ handler } = await import('#handlers/streams/start-workflow'));
  });
  afterEach(() => sfn.reset());

  it('starts the execution of a new activation, named after it, with its workflow input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:x`, startDate: new Date() });

    const result = await handler(insert(), lambdaContext());

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sfn).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'act-0b6f8f4e4c1c4a4c9d59',
    });
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
    expect(input).toEqual({
      activationId: 'act-0b6f8f4e4c1c4a4c9d59',
      acceptedAt: '2026-03-10T10:03:00.000Z',
      warnAt: '2026-03-10T10:45:00.000Z',
      deadline: '2026-03-10T11:00:00.000Z',
      audiences: ['officials', 'press', 'publicLine'],
      escalationSeconds: 600,
    });
  });

  it('takes an execution that already exists (a retried record) as started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    await expect(handler(insert(), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
  });

  it('ignores changes that are not the insert of an activation', async () => {
    const event = insert();
    const [record] = event.Records;
    if (!record?.dynamodb?.NewImage) throw new Error('fixture');
    event.Records = [
      { ...record, eventName: 'MODIFY' },
      {
        ...record,
        dynamodb: {
          ...record.dynamodb,
          NewImage: { ...record.dynamodb.NewImage, sk: { S: 'EVENT#cod.activated' } },
        },
      },
    ];

    await expect(handler(event, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('reports only the record whose start failed, for the stream to retry it', async () => {
    const event = insert();
    const [record] = event.Records;
    if (!record?.dynamodb?.NewImage) throw new Error('fixture');
    const other = structuredClone(record);
    if (!other.dynamodb?.NewImage) throw new Error('fixture');
    other.dynamodb.SequenceNumber = '111100000000012345678902';
    other.dynamodb.NewImage['executionName'] = { S: 'act-throttled' };
    event.Records.push(other);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'x', startDate: new Date() });
    sfn.on(StartExecutionCommand, { name: 'act-throttled' }).rejects(new Error('ThrottlingException'));

    const result = await handler(event, lambdaContext());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '111100000000012345678902' }] });
  });
});
