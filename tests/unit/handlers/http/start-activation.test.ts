import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, bodyOf, lambdaContext } from '#tests/helpers/lambda';

describe('POST /activations handler', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let handler: typeof import('#handlers/http/start-activation').handler;

  beforeAll(async () => {
    vi.stubEnv('TABLE_NAME', 'module7-test');
    ({ handler } = await import('#handlers/http/start-activation'));
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T10:03:00.000Z'), toFake: ['Date'] });
    dynamodb.on(PutCommand).resolves({});
    // A new key: nothing stored under its activation id yet.
    dynamodb.on(GetCommand).resolves({});
  });
  afterEach(() => {
    vi.useRealTimers();
    dynamodb.reset();
  });

  it('answers 202 with the id, T0 and deadline after one conditional write (the table’s stream starts the workflow)', async () => {
    const result = await handler(apiEvent('start-activation'), lambdaContext());

    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toMatchObject({
      status: 'active',
      decidedAt: '2026-03-10T10:00:00.000Z',
      deadline: '2026-03-10T11:00:00.000Z',
    });
    expect(dynamodb).toHaveReceivedCommandOnce(PutCommand);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'module7-test',
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `ACT#${body['id']}`, sk: 'ACTIVATION', executionName: body['id'] }),
    });
  });

  it('answers the stored result for a replayed key and body', async () => {
    const first = bodyOf(await handler(apiEvent('start-activation'), lambdaContext()));
    const stored = dynamodb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    dynamodb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamodb.on(GetCommand).resolves({ Item: stored });

    const replay = await handler(apiEvent('start-activation'), lambdaContext());

    expect(replay.statusCode).toBe(202);
    expect(bodyOf(replay)).toEqual(first);
  });

  it('answers 409 when the key was used with another body', async () => {
    await handler(apiEvent('start-activation'), lambdaContext());
    const stored = dynamodb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    dynamodb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamodb.on(GetCommand).resolves({ Item: stored });

    const result = await handler(
      apiEvent('start-activation', (event) => {
        event.body = (event.body ?? '').replace('Crue du Fier', 'Crue de l’Arve');
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'idempotency_conflict' } });
  });

  it('answers 400 naming every failing field, and writes nothing', async () => {
    const result = await handler(
      apiEvent('start-activation', (event) => {
        delete event.headers['idempotency-key'];
        event.body = JSON.stringify({
          mode: 'drill',
          eventType: 'flood',
          title: 'Crue',
          synergiRef: 'S',
          decidedAt: '2026-03-10 10:00',
          area: { communes: ['7401'] },
          message: { sms: '', email: { subject: 's', body: 'b' } },
        });
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    const fields = (bodyOf(result)['error'] as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'mode', 'decidedAt', 'area.communes[0]', 'message.sms']),
    );
    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 400 naming body when the body is not JSON', async () => {
    const result = await handler(
      apiEvent('start-activation', (event) => {
        event.body = '{"mode":';
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { fields: [{ field: 'body' }] } });
  });

  it('answers 400 naming the field for an unknown property', async () => {
    const result = await handler(
      apiEvent('start-activation', (event) => {
        event.body = JSON.stringify({ ...JSON.parse(event.body ?? '{}'), priority: 'high' });
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(JSON.stringify(bodyOf(result))).toContain('priority');
  });

  it('answers 403 to a role that may not activate', async () => {
    const result = await handler(
      apiEvent('start-activation', (event) => {
        if (event.requestContext.authorizer.jwt.claims)
          event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[quality comms]';
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(403);
    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 401 without verified claims', async () => {
    const result = await handler(
      apiEvent('start-activation', (event) => {
        event.requestContext.authorizer.jwt.claims = {};
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(401);
  });

  it('answers 500 without internals when storage fails', async () => {
    dynamodb.on(PutCommand).rejects(new Error('Socket hang up at 10.0.0.12'));

    const result = await handler(apiEvent('start-activation'), lambdaContext());

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('10.0.0.12');
  });
});
