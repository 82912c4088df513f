/**
 * POST /directory/imports handler, with an API Gateway event as AWS hands it (the CSV base64-encoded), on the
 * in-memory directory: the answers, the media type and size the edge enforces, and what the logs say.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { readDirectoryFile } from '#adapters/csv-directory-file';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { createImportDirectoryHandler } from '#handlers/http/import-directory';
import { logger } from '#shared/powertools';
import { fakeClock, fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { apiEvent, bodyOf, lambdaContext } from '#tests/helpers/lambda';

const fixture = (name: string) => readFileSync(new URL(`../../../events/directory/${name}`, import.meta.url));

describe('POST /directory/imports handler', () => {
  let directory: ReturnType<typeof fakeDirectoryStore>;
  let handler: ReturnType<typeof createImportDirectoryHandler>;
  let logged: MockInstance[];

  beforeEach(() => {
    directory = fakeDirectoryStore(someContacts);
    handler = createImportDirectoryHandler(() => ({
      directory,
      clock: fakeClock('2026-03-10T09:00:00.000Z'),
      department: loadDepartment('74'),
      parseMobile: mobileParserFor('74'),
      readFile: readDirectoryFile,
    }));
    logged = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) =>
      vi.spyOn(logger, level),
    );
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every argument of every log call of this test, as one text. */
  const logText = () => JSON.stringify(logged.flatMap((spy) => spy.mock.calls));

  it('imports the press list sent base64-encoded, and logs counts and no number or address', async () => {
    const result = await handler(apiEvent('import-directory'), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ applied: true, summary: { created: 3, deactivated: 1 } });
    expect((await directory.list('press')).filter((contact) => contact.active !== false)).toHaveLength(3);
    expect(logged.some((spy) => spy.mock.calls.length > 0)).toBe(true);
    expect(logText()).toMatch(/Directory import/);
    expect(logText()).not.toMatch(/\+33|@|06 39|39 98/);
  });

  it('answers 422 naming the rejected rows of a Windows-1252 file, changes nothing, and logs only row numbers and reasons', async () => {
    const before = await directory.list('officials');

    const result = await handler(
      apiEvent('import-directory', (event) => {
        event.body = fixture('officials-windows-1252.csv').toString('base64');
        event.queryStringParameters = { audience: 'officials', dryRun: 'false' };
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(422);
    const body = bodyOf(result);
    expect(body['error']).toEqual({
      code: 'import_rejected',
      message: expect.stringMatching(/les lignes 5, 6 sont rejetées.*Rien n’a été modifié/),
    });
    expect(body).toMatchObject({ applied: false, summary: { rejected: 2 } });
    expect(await directory.list('officials')).toEqual(before);
    expect(logText()).toMatch(/invalid-phone/);
    expect(logText()).not.toMatch(/\+33|@|06 39|04 65|39 98/);
  });

  it('reads a CSV body handed as text (not base64) the same way', async () => {
    const result = await handler(
      apiEvent('import-directory', (event) => {
        event.body = fixture('press-utf8-bom.csv').toString('utf8');
        event.isBase64Encoded = false;
        event.queryStringParameters = { audience: 'press' };
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ dryRun: true, applied: false, summary: { created: 3 } });
  });

  it('answers 415 asking for text/csv when the file is declared JSON', async () => {
    const result = await handler(
      apiEvent('import-directory', (event) => {
        event.headers['content-type'] = 'application/json';
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(415);
    expect(bodyOf(result)).toEqual({
      error: { code: 'unsupported_media_type', message: expect.stringContaining('text/csv') },
    });
  });

  it('answers 413 to a file over 1 MiB, and 400 to an empty one', async () => {
    const tooLarge = await handler(
      apiEvent('import-directory', (event) => {
        event.body = Buffer.alloc(1_048_577, 0x41).toString('base64');
      }),
      lambdaContext(),
    );
    const empty = await handler(
      apiEvent('import-directory', (event) => {
        event.body = '';
      }),
      lambdaContext(),
    );

    expect(tooLarge.statusCode).toBe(413);
    expect(bodyOf(tooLarge)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(empty.statusCode).toBe(400);
    expect(bodyOf(empty)).toMatchObject({ error: { fields: [{ field: 'body' }] } });
  });

  it('answers 400 naming the audience when it is missing, and 403 to another role than admin', async () => {
    const noAudience = await handler(
      apiEvent('import-directory', (event) => {
        event.queryStringParameters = { dryRun: 'true' };
      }),
      lambdaContext(),
    );
    const quality = await handler(
      apiEvent('import-directory', (event) => {
        event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[quality]';
      }),
      lambdaContext(),
    );

    expect(noAudience.statusCode).toBe(400);
    expect(bodyOf(noAudience)).toMatchObject({ error: { fields: [{ field: 'audience' }] } });
    expect(quality.statusCode).toBe(403);
  });
});
