import { describe, expect, it } from 'vitest';
import {
  changedRosterFields,
  coverageGaps,
  coverageSummary,
  gapHours,
  onDutyAt,
  pagingOrderAt,
  type Roster,
  restrictRoster,
  rosterReferences,
  type Shift,
} from '#domain/rosters';

const EVERY_DAY: Shift['days'] = [1, 2, 3, 4, 5, 6, 7];

const roster = (shifts: Shift[], overrides: Roster['overrides'] = [], backup: string[] = []): Roster => ({
  cell: 'communication',
  timeZone: 'Europe/Paris',
  shifts,
  overrides,
  backup,
});

/** Weekdays by day, every night, weekends by day: every minute of the week has someone. */
const weekly = (): Roster =>
  roster(
    [
      { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', contactIds: ['alice', 'bruno'] },
      { days: EVERY_DAY, start: '18:00', end: '08:00', contactIds: ['chloe'] },
      { days: [6, 7], start: '08:00', end: '18:00', contactIds: ['david'] },
    ],
    [],
    ['emma', 'alice'],
  );

/** Daily shifts that leave the wall clock's 02:00–03:00 empty: the hour the changes of time skip or repeat. */
const withoutTwoOClock = () =>
  roster([
    { days: EVERY_DAY, start: '00:00', end: '02:00', contactIds: ['alice'] },
    { days: EVERY_DAY, start: '03:00', end: '24:00', contactIds: ['bruno'] },
  ]);

/** Day 08:00–20:00 and night 20:00–08:00, every day. */
const dayAndNight = () =>
  roster([
    { days: EVERY_DAY, start: '08:00', end: '20:00', contactIds: ['day'] },
    { days: EVERY_DAY, start: '20:00', end: '08:00', contactIds: ['night'] },
  ]);

const at = (iso: string) => new Date(iso);

describe('onDutyAt', () => {
  it('finds the people of the shift covering an instant, on the prefecture’s wall clock', () => {
    // Monday 9 March 2026, 10:00 in Paris (UTC+1).
    expect(onDutyAt(weekly(), at('2026-03-09T09:00:00Z'))).toEqual(['alice', 'bruno']);
  });

  it('keeps a shift that ends at or before its start running past midnight into the next day', () => {
    // Tuesday 03:00 in Paris: Monday's night shift.
    expect(onDutyAt(weekly(), at('2026-03-10T02:00:00Z'))).toEqual(['chloe']);
    // Monday 07:59 in Paris: Sunday's night shift, across the end of the week.
    expect(onDutyAt(weekly(), at('2026-03-09T06:59:00Z'))).toEqual(['chloe']);
  });

  it('ends a shift at its end minute and starts the next one there', () => {
    // Monday 18:00 in Paris.
    expect(onDutyAt(weekly(), at('2026-03-09T17:00:00Z'))).toEqual(['chloe']);
    expect(onDutyAt(weekly(), at('2026-03-09T16:59:59Z'))).toEqual(['alice', 'bruno']);
  });

  it('runs a shift whose end equals its start for 24 hours', () => {
    const allDay = roster([{ days: [1], start: '08:00', end: '08:00', contactIds: ['alice'] }]);

    expect(onDutyAt(allDay, at('2026-03-09T07:00:00Z'))).toEqual(['alice']);
    expect(onDutyAt(allDay, at('2026-03-10T06:59:00Z'))).toEqual(['alice']);
    expect(onDutyAt(allDay, at('2026-03-10T07:00:00Z'))).toEqual([]);
    expect(onDutyAt(allDay, at('2026-03-09T06:59:00Z'))).toEqual([]);
  });

  it('replaces the shifts with the override covering an instant, and only while it lasts', () => {
    const onLeave = {
      ...weekly(),
      overrides: [
        { from: '2026-03-10T07:00:00Z', to: '2026-03-10T17:00:00Z', contactIds: ['david'], reason: 'Congés' },
      ],
    };

    expect(onDutyAt(onLeave, at('2026-03-10T06:59:00Z'))).toEqual(['chloe']);
    expect(onDutyAt(onLeave, at('2026-03-10T07:00:00Z'))).toEqual(['david']);
    expect(onDutyAt(onLeave, at('2026-03-10T16:59:00Z'))).toEqual(['david']);
    expect(onDutyAt(onLeave, at('2026-03-10T17:00:00Z'))).toEqual(['chloe']);
  });

  it('names each person once, in the order of the shifts and of the overrides', () => {
    const overlapping = roster([
      { days: [1], start: '08:00', end: '18:00', contactIds: ['alice', 'bruno'] },
      { days: [1], start: '09:00', end: '12:00', contactIds: ['bruno', 'chloe', 'alice'] },
    ]);
    const swaps = roster(
      [],
      [
        {
          from: '2026-03-09T00:00:00Z',
          to: '2026-03-10T00:00:00Z',
          contactIds: ['david', 'alice'],
          reason: 'Échange',
        },
        {
          from: '2026-03-09T08:00:00Z',
          to: '2026-03-09T12:00:00Z',
          contactIds: ['alice', 'emma'],
          reason: 'Échange',
        },
      ],
    );

    expect(onDutyAt(overlapping, at('2026-03-09T09:30:00Z'))).toEqual(['alice', 'bruno', 'chloe']);
    expect(onDutyAt(swaps, at('2026-03-09T09:30:00Z'))).toEqual(['david', 'alice', 'emma']);
  });
});

describe('pagingOrderAt', () => {
  it('pages the people on duty, then the backup list, each once', () => {
    expect(pagingOrderAt(weekly(), at('2026-03-09T09:00:00Z'))).toEqual(['alice', 'bruno', 'emma']);
  });

  it('pages the backup list alone when nobody is on duty', () => {
    const nights = roster(
      [{ days: EVERY_DAY, start: '20:00', end: '08:00', contactIds: ['chloe'] }],
      [],
      ['emma'],
    );

    expect(pagingOrderAt(nights, at('2026-03-09T11:00:00Z'))).toEqual(['emma']);
  });
});

describe('coverageGaps', () => {
  it('finds no gap in a roster that covers every minute of the week', () => {
    expect(coverageGaps(weekly(), at('2026-03-09T00:00:00Z'), 7)).toEqual([]);
  });

  it('finds a planted gap, as one range of whole hours, and does not count the backup list', () => {
    const noSaturday = weekly();
    noSaturday.shifts[2] = { days: [7], start: '08:00', end: '18:00', contactIds: ['david'] };

    const gaps = coverageGaps(noSaturday, at('2026-03-09T00:00:00Z'), 7);

    // Saturday 14 March, 08:00 to 18:00 in Paris.
    expect(gaps).toEqual([{ from: '2026-03-14T07:00:00.000Z', to: '2026-03-14T17:00:00.000Z' }]);
    expect(gapHours(gaps)).toBe(10);
  });

  it('counts an hour with a single uncovered minute', () => {
    const oneMinute = roster([
      { days: EVERY_DAY, start: '00:00', end: '12:00', contactIds: ['alice'] },
      { days: EVERY_DAY, start: '12:01', end: '24:00', contactIds: ['bruno'] },
    ]);

    // 12:00 in Paris is 11:00 UTC.
    expect(coverageGaps(oneMinute, at('2026-03-09T00:00:00Z'), 1)).toEqual([
      { from: '2026-03-09T11:00:00.000Z', to: '2026-03-09T12:00:00.000Z' },
    ]);
  });

  it('finds an override that leaves nobody for seconds between two minutes', () => {
    const blank = {
      ...weekly(),
      overrides: [
        { from: '2026-03-09T09:15:10Z', to: '2026-03-09T09:15:40Z', contactIds: [], reason: 'Échange' },
      ],
    };

    expect(coverageGaps(blank, at('2026-03-09T00:00:00Z'), 1)).toEqual([
      { from: '2026-03-09T09:00:00.000Z', to: '2026-03-09T10:00:00.000Z' },
    ]);
  });

  it('counts a withdrawn contact as nobody once the roster is restricted to who can be paged', () => {
    const withdrawn = restrictRoster(weekly(), (contactId) => contactId !== 'david');

    expect(gapHours(coverageGaps(withdrawn, at('2026-03-09T00:00:00Z'), 7))).toBe(20);
    expect(withdrawn.backup).toEqual(['emma', 'alice']);
  });

  it('starts from the hour of `from`, floored, and checks days × 24 hours', () => {
    const empty = roster([]);

    expect(coverageGaps(empty, at('2026-03-09T10:35:00Z'), 2)).toEqual([
      { from: '2026-03-09T10:00:00.000Z', to: '2026-03-11T10:00:00.000Z' },
    ]);
  });

  it('on the 23-hour day (29 March 2026), has no 02:00 to miss', () => {
    const gaps = coverageGaps(withoutTwoOClock(), at('2026-03-28T00:00:00Z'), 3);

    // 02:00 in Paris: UTC+1 on the 28th, skipped on the 29th, UTC+2 on the 30th.
    expect(gaps).toEqual([
      { from: '2026-03-28T01:00:00.000Z', to: '2026-03-28T02:00:00.000Z' },
      { from: '2026-03-30T00:00:00.000Z', to: '2026-03-30T01:00:00.000Z' },
    ]);
  });

  it('on the 25-hour day (25 October 2026), misses 02:00 twice', () => {
    const gaps = coverageGaps(withoutTwoOClock(), at('2026-10-24T00:00:00Z'), 3);

    expect(gaps).toEqual([
      { from: '2026-10-24T00:00:00.000Z', to: '2026-10-24T01:00:00.000Z' },
      // 02:00 in summer time (UTC+2), then 02:00 again in winter time (UTC+1).
      { from: '2026-10-25T00:00:00.000Z', to: '2026-10-25T02:00:00.000Z' },
      { from: '2026-10-26T01:00:00.000Z', to: '2026-10-26T02:00:00.000Z' },
    ]);
  });

  it('keeps a day-and-night roster gapless across both changes of time, its nights 11 and 13 hours long', () => {
    expect(coverageGaps(dayAndNight(), at('2026-03-26T00:00:00Z'), 7)).toEqual([]);
    expect(coverageGaps(dayAndNight(), at('2026-10-22T00:00:00Z'), 7)).toEqual([]);

    // Saturday 28 March 20:00 (UTC+1) to Sunday 29 March 08:00 (UTC+2): 11 hours.
    expect(onDutyAt(dayAndNight(), at('2026-03-28T18:59:00Z'))).toEqual(['day']);
    expect(onDutyAt(dayAndNight(), at('2026-03-28T19:00:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-03-29T01:00:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-03-29T05:59:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-03-29T06:00:00Z'))).toEqual(['day']);
    // Saturday 24 October 20:00 (UTC+2) to Sunday 25 October 08:00 (UTC+1): 13 hours, 02:30 lived twice.
    expect(onDutyAt(dayAndNight(), at('2026-10-24T18:00:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-10-25T00:30:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-10-25T01:30:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-10-25T06:59:00Z'))).toEqual(['night']);
    expect(onDutyAt(dayAndNight(), at('2026-10-25T07:00:00Z'))).toEqual(['day']);
  });
});

describe('coverageSummary', () => {
  it('says there is no gap, or how many hours have nobody, in French', () => {
    expect(coverageSummary('communication', 0, 7)).toBe(
      'Cellule de communication : aucune absence d’astreinte sur 7 jours',
    );
    expect(coverageSummary('cip', 3, 7)).toBe(
      'Cellule d’information du public (CIP) : 3 heures sans astreinte sur 7 jours',
    );
    expect(coverageSummary('cip', 1, 1)).toBe(
      'Cellule d’information du public (CIP) : 1 heure sans astreinte sur 1 jour',
    );
  });
});

describe('keeping a roster', () => {
  it('names the parts that changed, never their contents', () => {
    const before = weekly();
    const after = { ...weekly(), backup: ['emma'] };

    expect(changedRosterFields(before, after)).toEqual(['backup']);
    expect(changedRosterFields(before, weekly())).toEqual([]);
  });

  it('names the field of every contact the roster names', () => {
    const swap = {
      ...weekly(),
      overrides: [
        { from: '2026-03-10T07:00:00Z', to: '2026-03-10T17:00:00Z', contactIds: ['david'], reason: 'Congés' },
      ],
    };

    expect(rosterReferences(swap)).toEqual([
      { field: 'shifts[0].contactIds[0]', contactId: 'alice' },
      { field: 'shifts[0].contactIds[1]', contactId: 'bruno' },
      { field: 'shifts[1].contactIds[0]', contactId: 'chloe' },
      { field: 'shifts[2].contactIds[0]', contactId: 'david' },
      { field: 'overrides[0].contactIds[0]', contactId: 'david' },
      { field: 'backup[0]', contactId: 'emma' },
      { field: 'backup[1]', contactId: 'alice' },
    ]);
  });
});
