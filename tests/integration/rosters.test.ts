/**
 * The rosters over HTTP on the embedded runtime: the demo rosters leave no hour without someone on duty, a
 * roster with a planted gap is caught, a wrong roster is refused naming each field, and no role ever reads a
 * number or an address in a roster. Then the demo rosters themselves: written once, never over an
 * administrator's, gapless through a whole year and both changes of time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { loadDepartment } from '#adapters/etalab-geography';
import { coverageGaps } from '#domain/rosters';
import { signToken } from '#local/auth';
import { demoDirectory, demoOnCall, demoRosters, provideDemoRosters } from '#local/demo-directory';
import { type Runtime, startRuntime } from '#local/runtime';
import { RosterCoverageResponse, RostersResponse } from '#shared/http/response-schemas';
import { ROLES, type Role } from '#shared/routes';
import { fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';

const HOUR_MS = 3_600_000;
/** What a number or an address of the directory looks like, in any of its forms. */
const COORDINATES = /\+33|0\d(?: ?\d\d){4}|39 ?98|@|example\.org/;

describe('the rosters over HTTP', () => {
  let runtime: Runtime;
  const tokens = {} as Record<Role, string>;

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const fieldsOf = (answer: { body: Record<string, unknown> }) =>
    ((answer.body['error'] as { fields?: { field: string }[] }).fields ?? []).map((issue) => issue.field);

  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, log: () => {} });
    for (const role of ROLES) tokens[role] = await signToken(runtime.key, role);
  });
  afterAll(() => runtime?.close());

  it('finds no hour without someone on duty in the demo rosters, for the coming week', async () => {
    const { status, body } = await call('comms', 'GET', '/rosters/coverage');

    expect(status).toBe(200);
    expect(z.safeParse(RosterCoverageResponse, body).error).toBeUndefined();
    expect(body).toMatchObject({
      days: 7,
      cells: [
        {
          cell: 'communication',
          gaps: [],
          hours: 0,
          summary: 'Cellule de communication : aucune absence d’astreinte sur 7 jours',
        },
        {
          cell: 'cip',
          gaps: [],
          hours: 0,
          summary: 'Cellule d’information du public (CIP) : aucune absence d’astreinte sur 7 jours',
        },
      ],
    });
  });

  it.each(ROLES)(
    'shows the demo rosters to %s by name, who is on duty now, and no number or address',
    async (role) => {
      const { status, body } = await call(role, 'GET', '/rosters');

      expect(status).toBe(200);
      expect(z.safeParse(RostersResponse, body).error).toBeUndefined();
      expect(body['rosters'].map((roster: { cell: string }) => roster.cell)).toEqual([
        'communication',
        'cip',
      ]);
      const [communication, cip] = body['rosters'];
      expect(communication.shifts[0]).toEqual({
        days: [1, 2, 3, 4, 5],
        start: '08:00',
        end: '19:00',
        contacts: [
          { id: 'astreinte-com-1', name: 'Chargé·e de communication 1 (démo)', available: true },
          { id: 'astreinte-com-2', name: 'Chargé·e de communication 2 (démo)', available: true },
        ],
      });
      expect(communication.onDuty.length).toBeGreaterThan(0);
      expect(cip.onDuty).toHaveLength(2);
      expect(JSON.stringify(body)).not.toMatch(COORDINATES);
    },
  );

  it('finds a gap planted in a roster, to the hour', async () => {
    const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const gapFrom = new Date(hour + 48 * HOUR_MS).toISOString();
    const gapTo = new Date(hour + 51 * HOUR_MS).toISOString();
    const covering = (from: number | string, to: number | string) => ({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      contactIds: ['astreinte-com-1'],
      reason: 'Échange',
    });

    const put = await call('admin', 'PUT', '/rosters/communication', {
      shifts: [],
      overrides: [covering(hour - HOUR_MS, gapFrom), covering(gapTo, hour + 9 * 24 * HOUR_MS)],
      backup: ['astreinte-com-2'],
    });
    const { body } = await call('quality', 'GET', '/rosters/coverage?days=7');

    expect(put.status).toBe(200);
    expect(body['cells'][0]).toEqual({
      cell: 'communication',
      label: 'Cellule de communication',
      gaps: [{ from: gapFrom, to: gapTo }],
      hours: 3,
      summary: 'Cellule de communication : 3 heures sans astreinte sur 7 jours',
    });
    expect(body['cells'][1]).toMatchObject({ cell: 'cip', hours: 0 });
    const audit = await call('quality', 'GET', '/directory/audit?limit=1');
    expect(audit.body['items'][0]).toMatchObject({
      action: 'roster.updated',
      audience: 'onCall',
      cell: 'communication',
      fields: ['shifts', 'overrides', 'backup'],
    });
  });

  it('refuses a roster with wrong times, days, overrides or empty shifts, naming each field, and changes nothing', async () => {
    const before = await call('admin', 'GET', '/rosters');

    const wrong = await call('admin', 'PUT', '/rosters/cip', {
      shifts: [
        { days: [1, 2], start: '8h00', end: '24:30', contactIds: ['astreinte-cip-1'] },
        { days: [], start: '19:00', end: '07:00', contactIds: [] },
      ],
      overrides: [
        {
          from: '2026-07-14T08:00:00+02:00',
          to: '2026-07-14T06:00:00Z',
          contactIds: ['astreinte-cip-2'],
          reason: 'Échange',
        },
      ],
    });
    const unknownCell = await call('admin', 'PUT', '/rosters/presse', { shifts: [] });

    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong).sort()).toEqual(
      [
        'shifts[0].start',
        'shifts[0].end',
        'shifts[1].days',
        'shifts[1].contactIds',
        'overrides[0].to',
      ].sort(),
    );
    expect(wrong.body['error'].fields).toContainEqual({
      field: 'shifts[0].start',
      message: 'Heure attendue au format HH:MM, de 00:00 à 23:59 (ex. 08:00).',
    });
    expect(unknownCell.status).toBe(400);
    expect(unknownCell.body['error'].fields).toEqual([
      { field: 'cell', message: 'Valeur attendue : communication ou cip.' },
    ]);
    expect((await call('admin', 'GET', '/rosters')).body['rosters']).toEqual(before.body['rosters']);
  });

  it('refuses an unknown contact, a withdrawn one and one outside the on-call audience, naming each field', async () => {
    const created = await call('admin', 'POST', '/directory/contacts', {
      audience: 'onCall',
      function: 'cip-operator',
      name: 'Opérateur·rice de la CIP 5 (démo)',
      phone: '06 39 98 51 04',
      email: 'astreinte-cip-5@example.org',
    });
    expect(created.status).toBe(201);
    const withdrawn = created.body['id'] as string;
    expect((await call('admin', 'DELETE', `/directory/contacts/${withdrawn}`)).status).toBe(200);

    const refused = await call('admin', 'PUT', '/rosters/cip', {
      shifts: [
        {
          days: [1, 2, 3, 4, 5, 6, 7],
          start: '00:00',
          end: '00:00',
          contactIds: ['astreinte-cip-1', 'personne'],
        },
      ],
      overrides: [
        {
          from: '2026-07-14T00:00:00+02:00',
          to: '2026-07-15T00:00:00+02:00',
          contactIds: [withdrawn],
          reason: 'Congés',
        },
      ],
      backup: ['presse-1'],
    });

    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual(['shifts[0].contactIds[1]', 'overrides[0].contactIds[0]', 'backup[0]']);
    expect(JSON.stringify(refused.body)).not.toMatch(COORDINATES);
  });

  it('counts the people on call in the directory’s readiness, and documents the routes', async () => {
    const readiness = await call('comms', 'GET', '/directory/readiness');
    const openapi = await call('comms', 'GET', '/openapi.json');

    expect(readiness.body['audiences']['onCall']).toEqual({ active: 8, withMobile: 8, withEmail: 8 });
    expect(Object.keys(openapi.body['paths'])).toEqual(
      expect.arrayContaining(['/rosters', '/rosters/{cell}', '/rosters/coverage']),
    );
    expect(openapi.body['paths']['/rosters/{cell}']['put']['x-roles']).toEqual(['admin']);
  });

  it('lets only the administrator change a roster', async () => {
    const answer = await call('comms', 'PUT', '/rosters/cip', { shifts: [] });

    expect(answer.status).toBe(403);
  });
});

describe('the demo rosters', () => {
  it('are written with their on-call people when neither cell has a roster, and say who wrote them', async () => {
    const directory = fakeDirectoryStore(someContacts);

    expect(await provideDemoRosters(directory, new Date('2026-03-10T09:00:00Z'))).toBe(true);

    expect(await directory.list('onCall')).toEqual(
      [...demoOnCall()].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await directory.getRoster('cip')).toMatchObject({
      updatedAt: '2026-03-10T09:00:00.000Z',
      updatedBy: 'system',
    });
    // Both written at the same instant: their order in the audit is their random ids', so it is not compared.
    expect(
      (await directory.listEvents({ limit: 10 })).items.map((event) => [event.action, event.cell]).sort(),
    ).toEqual([
      ['roster.updated', 'cip'],
      ['roster.updated', 'communication'],
    ]);
  });

  it('leave an on-call contact the administrator changed as it is', async () => {
    const [first] = demoOnCall();
    if (!first) throw new Error('expected an on-call person');
    const changed = { ...first, name: 'Cheffe du service communication (démo)', active: false };
    const directory = fakeDirectoryStore([changed]);

    await provideDemoRosters(directory, new Date('2026-03-10T09:00:00Z'));

    expect(await directory.get(changed.id)).toEqual(changed);
    expect(await directory.list('onCall')).toHaveLength(demoOnCall().length);
  });

  it('are not written once either cell has a roster', async () => {
    const directory = fakeDirectoryStore();
    const [communication] = demoRosters();
    if (!communication) throw new Error('expected the communication roster');
    await directory.putRoster(
      { ...communication, backup: [] },
      {
        id: 'evt-1',
        at: '2026-03-10T08:00:00.000Z',
        actor: 'demo-admin',
        action: 'roster.updated',
        audience: 'onCall',
        cell: 'communication',
      },
    );

    expect(await provideDemoRosters(directory, new Date('2026-03-10T09:00:00Z'))).toBe(false);

    expect(await directory.getRoster('cip')).toBeUndefined();
    expect(await directory.getRoster('communication')).toMatchObject({ backup: [] });
    expect(await directory.list('onCall')).toEqual([]);
  });

  it('leave no hour without someone on duty in all of 2026, the 23-hour and the 25-hour days included', () => {
    for (const roster of demoRosters()) {
      expect(coverageGaps(roster, new Date('2026-01-01T00:00:00+01:00'), 365), roster.cell).toEqual([]);
    }
  });

  it('give each on-call person a fiction number of their own, and an example.org address', () => {
    const others = new Set(demoDirectory(loadDepartment('74')).map((contact) => contact.phone));
    const numbers = demoOnCall().map((contact) => contact.phone ?? '');

    expect(numbers.every((phone) => /^\+3363998\d{4}$/.test(phone) && !others.has(phone))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(demoOnCall().every((contact) => contact.email?.endsWith('@example.org'))).toBe(true);
  });
});
