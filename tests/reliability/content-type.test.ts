/** A route that takes a body answers 415 unless the body is declared JSON, on AWS and locally alike. */
import { describe, expect, it } from 'vitest';
import { httpHandler } from '#shared/http/edge';
import { routes } from '#shared/routes';
import { apiEvent, bodyOf, lambdaContext } from '#tests/helpers/lambda';

describe('the Content-Type of a request with a body', () => {
  const handler = httpHandler(routes.startActivation, async () => ({ statusCode: 202, body: {} }));
  const listHandler = httpHandler(routes.listActivations, async () => ({ statusCode: 200, body: {} }));
  const post = (contentType: string | undefined, change: Parameters<typeof apiEvent>[1] = () => {}) =>
    handler(
      apiEvent('start-activation', (event) => {
        if (contentType === undefined) delete event.headers['content-type'];
        else event.headers['content-type'] = contentType;
        change(event);
      }),
      lambdaContext(),
    );

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;Charset="UTF-8"',
    'application/problem+json',
    'application/vnd.module7.activation+json; charset=utf-8',
  ])('accepts %s', async (contentType) => {
    expect((await post(contentType)).statusCode).toBe(202);
  });

  it.each([
    ['no Content-Type', undefined],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['JSON-like but not JSON', 'application/jsonp'],
    ['json as a parameter only', 'text/plain; type=application/json'],
    ['a charset other than UTF-8', 'application/json; charset=iso-8859-1'],
    ['an empty value', ''],
  ])('answers 415 with a French message for %s', async (_name, contentType) => {
    const result = await post(contentType);

    expect(result.statusCode).toBe(415);
    expect(bodyOf(result)).toEqual({
      error: { code: 'unsupported_media_type', message: expect.stringContaining('application/json') },
    });
  });

  it('checks the role before the media type', async () => {
    const result = await post('text/plain', (event) => {
      event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[quality]';
    });

    expect(result.statusCode).toBe(403);
  });

  it('does not ask a Content-Type of a route without a body', async () => {
    const result = await listHandler(
      apiEvent('start-activation', (event) => {
        event.routeKey = 'GET /activations';
        event.headers['content-type'] = 'text/plain';
        delete event.body;
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
  });

  it('reads no body as {} whatever its Content-Type: the schema then names each missing field', async () => {
    const result = await post(undefined, (event) => {
      delete event.body;
    });

    expect(result.statusCode).toBe(400);
    expect(JSON.stringify(bodyOf(result))).toContain('"field":"mode"');
  });

  it('accepts a POST without a body where every field is optional (the end of the alert)', async () => {
    const close = httpHandler(routes.closeActivation, async ({ body }) => ({ statusCode: 200, body }));
    const result = await close(
      apiEvent('start-activation', (event) => {
        event.routeKey = 'POST /activations/{id}/close';
        event.pathParameters = { id: 'act-1' };
        event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[prefect]';
        delete event.headers['content-type'];
        delete event.body;
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({});
  });
});
