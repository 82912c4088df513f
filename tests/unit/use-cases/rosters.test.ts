/** Keeping and reading the rosters of both cells, on the in-memory fakes. */
import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/directory';
import { ValidationError } from '#domain/errors';
import { fakeClock, fakeDirectoryStore } from '#tests/helpers/fakes';
import { someContacts } from '#tests/helpers/fixtures';
import { getRosterCoverage } from '#use-cases/get-roster-coverage';
import { listDirectoryAudit } from '#use-cases/list-directory-audit';
import { listRosters } from '#use-cases/list-rosters';
import { type RosterFields, updateRoster } from '#use-cases/update-roster';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const admin = { id: 'demo-admin', roles: ['admin'] };

const onCall = (id: string, name: string, extra: Partial<Contact> = {}): Contact => ({
  id,
  audience: 'onCall',
  function: 'communication-officer',
  name,
  phone: `+336399850${id.slice(-2).padStart(2, '0')}`,
  email: `${id}@example.org`,
  ...extra,
});

const people = [
  onCall('com-01', 'Alice (démo)'),
  onCall('com-02', 'Bruno (démo)'),
  onCall('com-03', 'Chloé (démo)'),
  onCall('com-04', 'David (démo)', { active: false }),
];

/** Day and night every day, Alice then Bruno by day, Chloé at night, Bruno as backup. */
const dayAndNight = (): RosterFields => ({
  shifts: [
    { days: EVERY_DAY, start: '08:00', end: '20:00', contactIds: ['com-01', 'com-02'] },
    { days: EVERY_DAY, start: '20:00', end: '08:00', contactIds: ['com-03'] },
  ],
  overrides: [],
  backup: ['com-02'],
});

const setUp = (now = '2026-03-10T09:00:00.000Z') => {
  const directory = fakeDirectoryStore([...someContacts, ...people]);
  const clock = fakeClock(now);
  return { directory, clock, deps: { directory, clock } };
};

describe('listRosters', () => {
  it('shows an empty roster for a cell nobody has written', async () => {
    const { deps } = setUp();

    const { at, rosters } = await listRosters(deps);

    expect(at).toBe('2026-03-10T09:00:00.000Z');
    expect(rosters).toEqual([
      {
        cell: 'communication',
        label: 'Cellule de communication',
        timeZone: 'Europe/Paris',
        shifts: [],
        overrides: [],
        backup: [],
        onDuty: [],
      },
      expect.objectContaining({ cell: 'cip', label: 'Cellule d’information du public (CIP)', onDuty: [] }),
    ]);
  });

  it('names each person by id and name, says who can no longer be paged, and who is on duty now', async () => {
    const { deps, directory } = setUp();
    await updateRoster('communication', dayAndNight(), admin, deps);
    await directory.putAll([{ ...people[1], active: false } as Contact]);
    await directory.putAll([{ ...people[2], audience: 'cabinet' } as Contact]);

    const [communication] = (await listRosters(deps)).rosters;

    expect(communication?.shifts).toEqual([
      {
        days: EVERY_DAY,
        start: '08:00',
        end: '20:00',
        contacts: [
          { id: 'com-01', name: 'Alice (démo)', available: true },
          { id: 'com-02', name: 'Bruno (démo)', available: false },
        ],
      },
      {
        days: EVERY_DAY,
        start: '20:00',
        end: '08:00',
        contacts: [{ id: 'com-03', name: 'Chloé (démo)', available: false }],
      },
    ]);
    // 10:00 in Paris.
    expect(communication?.onDuty.map((person) => person.id)).toEqual(['com-01', 'com-02']);
    expect(communication?.updatedAt).toBe('2026-03-10T09:00:00.000Z');
  });

  it('never gives a number or an address', async () => {
    const { deps } = setUp();
    await updateRoster('communication', dayAndNight(), admin, deps);

    const text = JSON.stringify(await listRosters(deps));

    expect(text).not.toMatch(/\+33|39985|@|example\.org/);
    expect(text).not.toContain('demo-admin');
  });
});

describe('updateRoster', () => {
  it('writes the roster in the prefecture’s time zone and records which parts changed', async () => {
    const { deps, directory, clock } = setUp();
    const fields = dayAndNight();
    fields.shifts[0] = { ...(fields.shifts[0] as RosterFields['shifts'][number]), days: [5, 1, 3] };

    const view = await updateRoster('communication', fields, admin, deps);
    clock.advance(60);
    await updateRoster(
      'communication',
      {
        ...fields,
        overrides: [
          {
            from: '2026-07-14T00:00:00+02:00',
            to: '2026-07-21T00:00:00+02:00',
            contactIds: ['com-03'],
            reason: 'Congés',
          },
        ],
      },
      admin,
      deps,
    );

    expect(view).toMatchObject({ cell: 'communication', timeZone: 'Europe/Paris' });
    expect(await directory.getRoster('communication')).toEqual({
      cell: 'communication',
      timeZone: 'Europe/Paris',
      shifts: [
        { days: [1, 3, 5], start: '08:00', end: '20:00', contactIds: ['com-01', 'com-02'] },
        { days: EVERY_DAY, start: '20:00', end: '08:00', contactIds: ['com-03'] },
      ],
      overrides: [
        {
          from: '2026-07-13T22:00:00.000Z',
          to: '2026-07-20T22:00:00.000Z',
          contactIds: ['com-03'],
          reason: 'Congés',
        },
      ],
      backup: ['com-02'],
      updatedAt: '2026-03-10T09:01:00.000Z',
      updatedBy: 'demo-admin',
    });
    expect((await listDirectoryAudit({ limit: 10 }, deps)).items).toEqual([
      {
        id: expect.any(String),
        at: '2026-03-10T09:01:00.000Z',
        actor: 'demo-admin',
        action: 'roster.updated',
        audience: 'onCall',
        cell: 'communication',
        fields: ['overrides'],
      },
      expect.objectContaining({ at: '2026-03-10T09:00:00.000Z', fields: ['shifts', 'backup'] }),
    ]);
  });

  it('writes nothing when nothing differs', async () => {
    const { deps, clock } = setUp();
    await updateRoster('cip', dayAndNight(), admin, deps);
    clock.advance(60);

    const view = await updateRoster('cip', dayAndNight(), { id: 'another-admin', roles: ['admin'] }, deps);

    expect(view.updatedAt).toBe('2026-03-10T09:00:00.000Z');
    expect((await listDirectoryAudit({ limit: 10 }, deps)).items).toHaveLength(1);
  });

  it('refuses an unknown contact, a withdrawn one and one outside the on-call audience, naming each field', async () => {
    const { deps, directory } = setUp();
    const fields: RosterFields = {
      shifts: [{ days: [1], start: '08:00', end: '20:00', contactIds: ['com-01', 'nobody'] }],
      overrides: [
        {
          from: '2026-07-14T00:00:00Z',
          to: '2026-07-15T00:00:00Z',
          contactIds: ['com-04'],
          reason: 'Échange',
        },
      ],
      backup: ['presse-1', 'com-02'],
    };

    const refusal = await updateRoster('communication', fields, admin, deps).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).issues).toEqual([
      { field: 'shifts[0].contactIds[1]', message: 'Contact inconnu : nobody.' },
      { field: 'overrides[0].contactIds[0]', message: expect.stringContaining('David (démo) est retiré·e') },
      { field: 'backup[0]', message: expect.stringContaining('n’est pas dans le public « Astreintes »') },
    ]);
    expect(await directory.getRoster('communication')).toBeUndefined();
    expect((await listDirectoryAudit({ limit: 10 }, deps)).items).toEqual([]);
  });
});

describe('getRosterCoverage', () => {
  it('finds no gap in a roster that covers every hour', async () => {
    const { deps } = setUp();
    await updateRoster('communication', dayAndNight(), admin, deps);

    const coverage = await getRosterCoverage(7, deps);

    expect(coverage.from).toBe('2026-03-10T09:00:00.000Z');
    expect(coverage.cells[0]).toEqual({
      cell: 'communication',
      label: 'Cellule de communication',
      gaps: [],
      hours: 0,
      summary: 'Cellule de communication : aucune absence d’astreinte sur 7 jours',
    });
  });

  it('finds a planted gap, from the current hour', async () => {
    const { deps } = setUp('2026-03-10T09:35:00.000Z');
    const fields = dayAndNight();
    // Nobody on Thursday nights.
    fields.shifts[1] = { days: [1, 2, 3, 5, 6, 7], start: '20:00', end: '08:00', contactIds: ['com-03'] };
    await updateRoster('communication', fields, admin, deps);

    const [communication] = (await getRosterCoverage(3, deps)).cells;

    // Thursday 12 March 20:00 to Friday 13 March 08:00 in Paris (UTC+1).
    expect(communication?.gaps).toEqual([
      { from: '2026-03-12T19:00:00.000Z', to: '2026-03-13T07:00:00.000Z' },
    ]);
    expect(communication?.summary).toBe('Cellule de communication : 12 heures sans astreinte sur 3 jours');
  });

  it('counts a person withdrawn since the roster was written as nobody, and the backup list as nobody on duty', async () => {
    const { deps, directory } = setUp();
    await updateRoster('communication', dayAndNight(), admin, deps);
    await directory.putAll([{ ...people[2], active: false } as Contact]);

    const [communication] = (await getRosterCoverage(1, deps)).cells;

    // Chloé's night, 20:00 to 08:00 in Paris, though Bruno is the backup.
    expect(communication?.gaps).toEqual([
      { from: '2026-03-10T19:00:00.000Z', to: '2026-03-11T07:00:00.000Z' },
    ]);
  });

  it('finds every hour empty for a cell without a roster', async () => {
    const { deps } = setUp();

    const [, cip] = (await getRosterCoverage(2, deps)).cells;

    expect(cip).toMatchObject({
      cell: 'cip',
      gaps: [{ from: '2026-03-10T09:00:00.000Z', to: '2026-03-12T09:00:00.000Z' }],
      hours: 48,
      summary: 'Cellule d’information du public (CIP) : 48 heures sans astreinte sur 2 jours',
    });
  });
});
