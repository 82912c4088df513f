/**
 * The directory over HTTP on the embedded runtime: a press list imported from a Windows-1252 CSV (as the
 * local server hands a file: its bytes), then read as quality (masked) and as admin (in full).
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';
import type { Role } from '#shared/routes';

const PRESS_CSV = iconv.encode(
  [
    'Nom;Fonction;Portable;Courriel;Actif',
    'Rédaction du Dauphiné (démo);Rédaction;06 39 98 21 00;élise.redaction@example.org;oui',
    'France Bleu Pays de Savoie (démo);Rédaction;+33 6 39 98 21 01;radio@example.org;oui',
    '',
  ].join('\r\n'),
  'win1252',
);

describe('the directory over HTTP', () => {
  let runtime: Runtime;
  const tokens = {} as Record<Role, string>;

  const call = async (role: Role, method: string, path: string, body?: { csv: Uint8Array }) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role]}`,
        ...(body ? { 'content-type': 'text/csv' } : {}),
      },
      ...(body ? { body: body.csv } : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, log: () => {} });
    for (const role of ['admin', 'quality', 'comms'] as const)
      tokens[role] = await signToken(runtime.key, role);
  });
  afterAll(() => runtime?.close());

  it('imports the press list: a dry run first changes nothing, then the real import replaces the list', async () => {
    const dryRun = await call('admin', 'POST', '/directory/imports?audience=press&dryRun=true', {
      csv: PRESS_CSV,
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      applied: false,
      file: { encoding: 'Windows-1252', delimiter: ';' },
      summary: { created: 2, deactivated: 4, rejected: 0 },
    });
    expect(
      (await call('admin', 'GET', '/directory/contacts?audience=press&active=true')).body['items'],
    ).toHaveLength(4);

    const applied = await call('admin', 'POST', '/directory/imports?audience=press&dryRun=false', {
      csv: PRESS_CSV,
    });

    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, summary: { created: 2, deactivated: 4 } });
  });

  it('lists the press as quality with numbers and addresses masked', async () => {
    const { status, body } = await call('quality', 'GET', '/directory/contacts?audience=press&active=true');

    expect(status).toBe(200);
    expect(body['items']).toHaveLength(2);
    expect(body['items']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'Rédaction du Dauphiné (démo)',
          phone: '+33 6 •• •• •• 00',
          email: 'é•••@example.org',
        }),
        expect.objectContaining({
          name: 'France Bleu Pays de Savoie (démo)',
          phone: '+33 6 •• •• •• 01',
          email: 'r•••@example.org',
        }),
      ]),
    );
    expect(JSON.stringify(body)).not.toMatch(/39982100|39982101|redaction@|radio@/);
    const one = await call('quality', 'GET', `/directory/contacts/${body['items'][0].id}`);
    expect(one.body).toMatchObject({
      phone: expect.stringContaining('••'),
      email: expect.stringContaining('•••'),
    });
  });

  it('lists the press as admin in full, numbers in E.164', async () => {
    const { body } = await call(
      'admin',
      'GET',
      '/directory/contacts?audience=press&active=true&text=dauphine',
    );

    expect(body['items']).toEqual([
      expect.objectContaining({
        name: 'Rédaction du Dauphiné (démo)',
        function: 'press-desk',
        phone: '+33639982100',
        email: 'élise.redaction@example.org',
      }),
    ]);
  });

  it('shows the import in the audit to quality, and not to comms', async () => {
    const audit = await call('quality', 'GET', '/directory/audit?limit=3');
    const comms = await call('comms', 'GET', '/directory/audit');

    expect(audit.status).toBe(200);
    expect(audit.body['items'][0]).toMatchObject({
      action: 'directory.imported',
      audience: 'press',
      counts: { created: 2, deactivated: 4 },
    });
    expect(JSON.stringify(audit.body)).not.toMatch(/\+33|@/);
    expect(comms.status).toBe(403);
  });
});
