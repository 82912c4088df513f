/** Importing real-shaped spreadsheet exports into the directory, on the in-memory fakes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDirectoryFile } from '#adapters/csv-directory-file';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { DIRECTORY_AUDIENCES } from '#domain/contacts';
import type { DirectoryAudience } from '#domain/directory';
import { ValidationError } from '#domain/errors';
import type { DirectoryStore } from '#domain/ports';
import { fakeClock, fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { importDirectory } from '#use-cases/import-directory';

const department = loadDepartment('74');
const admin = { id: 'demo-admin', roles: ['admin'] as const };
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../events/directory/${name}`, import.meta.url)));
const csv = (...lines: string[]) => new Uint8Array(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'));

const setUp = (contacts = someContacts) => {
  const directory = fakeDirectoryStore(contacts);
  const deps = {
    directory,
    clock: fakeClock('2026-03-10T09:00:00.000Z'),
    department,
    parseMobile: mobileParserFor('74'),
    readFile: readDirectoryFile,
  };
  const run = (audience: DirectoryAudience, file: Uint8Array, dryRun = false) =>
    importDirectory({ audience, dryRun, file }, admin, deps);
  return { directory, run };
};

/** Everything the store holds: every audience's contacts and every audit event. */
const snapshot = async (directory: DirectoryStore) => ({
  contacts: await Promise.all(DIRECTORY_AUDIENCES.map((audience) => directory.list(audience))),
  events: (await directory.listEvents({ limit: 1_000 })).items,
});

describe('importDirectory', () => {
  describe('the officials’ Windows-1252 export with a bad row and a duplicate', () => {
    it('answers, in a dry run, what each row would do and why a row is rejected, and changes nothing', async () => {
      const { directory, run } = setUp();
      const before = await snapshot(directory);

      const report = await run('officials', fixture('officials-windows-1252.csv'), true);

      expect(report).toMatchObject({
        audience: 'officials',
        dryRun: true,
        applied: false,
        file: { encoding: 'Windows-1252', delimiter: ';' },
        summary: { rows: 6, created: 2, updated: 2, unchanged: 0, deactivated: 1, rejected: 2 },
      });
      expect(report.rows).toEqual([
        { row: 2, action: 'update', name: 'Maire d’Annecy', contactId: 'maire-74010', fields: ['function'] },
        {
          row: 3,
          action: 'update',
          name: 'Maire de Thonon-les-Bains',
          contactId: 'maire-74281',
          fields: ['function', 'email'],
        },
        { row: 4, action: 'create', name: 'Première adjointe de Bonneville' },
        {
          row: 5,
          action: 'reject',
          name: 'Maire d’Évian-les-Bains',
          reasons: [expect.objectContaining({ field: 'phone', code: 'invalid-phone' })],
        },
        {
          row: 6,
          action: 'reject',
          name: 'Maire d’Annecy',
          contactId: 'maire-74010',
          reasons: [{ field: 'name', code: 'duplicate', message: expect.stringContaining('ligne 2') }],
        },
        { row: 7, action: 'create', name: 'Cœur de Cluses, maire délégué' },
      ]);
      expect(report.absent).toEqual([{ contactId: 'maire-74042', name: 'Maire de Bonneville' }]);
      expect(await snapshot(directory)).toEqual(before);
    });

    it('applies nothing for real either: the store reads as before, and the rows are named', async () => {
      const { directory, run } = setUp();
      const before = await snapshot(directory);

      const report = await run('officials', fixture('officials-windows-1252.csv'));

      expect(report.applied).toBe(false);
      expect(report.rows.filter((row) => row.action === 'reject').map((row) => row.row)).toEqual([5, 6]);
      expect(await snapshot(directory)).toEqual(before);
      expect(before.events).toEqual([]);
    });
  });

  it('applies a clean file: creates, updates, deactivates the contacts absent from it, each with its event', async () => {
    const { directory, run } = setUp();
    const lines = readFileSync(new URL('../../events/directory/officials-windows-1252.csv', import.meta.url))
      .toString('latin1')
      .split('\r\n');
    // The same export once rows 5 (a landline) and 6 (the duplicate) are removed.
    const clean = new Uint8Array(
      Buffer.from([...lines.slice(0, 4), ...lines.slice(6)].join('\r\n'), 'latin1'),
    );

    const report = await run('officials', clean);

    expect(report).toMatchObject({
      applied: true,
      importId: expect.stringMatching(/^imp-/),
      summary: { rows: 4, created: 2, updated: 2, deactivated: 1, rejected: 0 },
    });
    const officials = await directory.list('officials');
    const byName = (name: string) => officials.find((contact) => contact.name === name);
    expect(byName('Première adjointe de Bonneville')).toMatchObject({
      function: 'deputy-mayor',
      communes: ['74042'],
      phone: '+33639980041',
      email: 'adjointe-74042@example.org',
      active: true,
    });
    expect(byName('Cœur de Cluses, maire délégué')).toMatchObject({ active: false, communes: ['74081'] });
    expect(byName('Maire de Thonon-les-Bains')).toMatchObject({
      id: 'maire-74281',
      function: 'mayor',
      email: 'maire-74281@example.org',
    });
    expect(byName('Maire de Bonneville')).toMatchObject({ id: 'maire-74042', active: false });
    expect(report.rows.find((row) => row.row === 4)?.contactId).toBe(
      byName('Première adjointe de Bonneville')?.id,
    );

    const { items: events } = await directory.listEvents({ limit: 100 });
    expect(events[0]).toMatchObject({
      action: 'directory.imported',
      actor: 'demo-admin',
      importId: report.importId,
      counts: { created: 2, updated: 2, deactivated: 1, unchanged: 0 },
    });
    expect(
      events
        .slice(1)
        .map((event) => [event.contactId, event.action])
        .sort(),
    ).toEqual(
      [
        ['maire-74010', 'contact.updated'],
        ['maire-74281', 'contact.updated'],
        ['maire-74042', 'contact.deactivated'],
        [byName('Première adjointe de Bonneville')?.id, 'contact.created'],
        [byName('Cœur de Cluses, maire délégué')?.id, 'contact.created'],
      ].sort(),
    );
    // The audit names fields, never a number or an address.
    expect(JSON.stringify(events)).not.toMatch(/\+33|@/);
  });

  it('replaces the press list with a UTF-8 file with a BOM, deactivating the desk it no longer lists', async () => {
    const { directory, run } = setUp();

    const report = await run('press', fixture('press-utf8-bom.csv'));

    expect(report).toMatchObject({
      applied: true,
      file: { encoding: 'UTF-8' },
      summary: { created: 3, deactivated: 1 },
    });
    expect(report.absent).toEqual([{ contactId: 'presse-1', name: 'Rédaction (démo)' }]);
    const press = await directory.list('press');
    expect(
      press
        .filter((contact) => contact.active !== false)
        .map((contact) => contact.phone)
        .sort(),
    ).toEqual(['+33639982000', '+33639982001', '+33639982010']);
    expect(press.find((contact) => contact.id === 'presse-1')?.active).toBe(false);
  });

  it('leaves an unchanged file unchanged the second time, with no contact event', async () => {
    const { directory, run } = setUp();
    await run('press', fixture('press-utf8-bom.csv'));
    const { items: before } = await directory.listEvents({ limit: 100 });

    const again = await run('press', fixture('press-utf8-bom.csv'));

    expect(again.summary).toMatchObject({ unchanged: 3, created: 0, updated: 0, deactivated: 0 });
    const { items: after } = await directory.listEvents({ limit: 100 });
    expect(after.filter((event) => event.action !== 'directory.imported')).toHaveLength(
      before.filter((event) => event.action !== 'directory.imported').length,
    );
  });

  it('reads communes by name, refuses a former commune, one of another department, a missing function', async () => {
    const { run } = setUp();

    const report = await run(
      'officials',
      csv(
        'nom;fonction;commune;portable;courriel',
        'Maire de Chamonix-Mont-Blanc;Maire;Chamonix-Mont-Blanc;06 39 98 00 55;maire-74056@example.org',
        'Maire de Grenoble;Maire;38185;06 39 98 09 99;maire-38185@example.org',
        'Maire d’Annecy-le-Vieux;Maire;74011;06 39 98 09 98;maire-74011@example.org',
        'Maire de Nulle-Part;Maire;Nulle-Part;06 39 98 09 97;maire@example.org',
        'Sans fonction;;74010;06 39 98 09 96;',
        ';Maire;74010;;',
      ),
      true,
    );

    expect(
      report.rows.map((row) => [row.row, row.action, row.reasons?.map((reason) => reason.code)]),
    ).toEqual([
      [2, 'create', undefined],
      [3, 'reject', ['other-department']],
      [4, 'reject', ['unknown-commune']],
      [5, 'reject', ['unknown-commune', 'missing-field']],
      [6, 'reject', ['missing-field']],
      [7, 'reject', ['missing-field', 'missing-field']],
    ]);
    expect(report.rows[3]?.reasons?.[0]?.message).toMatch(/Nulle-Part/);
    expect(report.rows[2]?.reasons?.[0]?.message).toMatch(/commune actuelle 74010/);
  });

  it('imports the people on call: communication officers and CIP operators in the onCall audience only', async () => {
    const { directory, run } = setUp();

    const report = await run(
      'onCall',
      csv(
        'nom;fonction;portable;courriel',
        'Chargée de communication (démo);Chargé·e de communication;06 39 98 50 00;com@example.org',
        'Opératrice de la CIP (démo);Opératrice de la CIP;06 39 98 51 00;cip@example.org',
      ),
    );

    expect(report.summary).toMatchObject({ created: 2, deactivated: 0, rejected: 0 });
    expect((await directory.list('onCall')).map((contact) => [contact.function, contact.phone])).toEqual(
      expect.arrayContaining([
        ['communication-officer', '+33639985000'],
        ['cip-operator', '+33639985100'],
      ]),
    );
    expect(await directory.list('cabinet')).toHaveLength(1);
  });

  it('refuses an officials file without a communes column, naming the body', async () => {
    const { run } = setUp();

    await expect(
      run('officials', csv('nom;fonction;portable', 'Maire;Maire;06 39 98 00 09')),
    ).rejects.toThrow(ValidationError);
  });
});
