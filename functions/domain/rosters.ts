/**
 * The rosters of the two cells that answer a page at any hour: the communication cell (M7-1) and the public
 * information cell (CIP, M7-4). A roster is weekly shifts on the prefecture's wall clock, one-off overrides
 * (holidays, swaps) between two instants, and a backup list paged after the people on duty. Pure: time zones
 * are read with `Intl.DateTimeFormat`, so that a shift keeps its wall-clock hours across the changes of time
 * (the 23-hour day of March, the 25-hour day of October).
 */

import { PREFECTURE_TIME_ZONE } from './activation.ts';
import { zoneOffsetAt } from './time-zone.ts';

export const CELLS = ['communication', 'cip'] as const;
export type Cell = (typeof CELLS)[number];

export const CELL_LABELS: Record<Cell, string> = {
  communication: 'Cellule de communication',
  cip: 'Cellule d’information du public (CIP)',
};

/** ISO day of the week: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const satisfies readonly IsoWeekday[];

/** A shift's start: `00:00` to `23:59`. */
export const SHIFT_START = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A shift's end: `00:00` to `23:59`, or `24:00` (midnight at the end of the day). */
export const SHIFT_END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A weekly shift, on the wall clock of the roster's time zone. */
export interface Shift {
  /** The days it starts on. */
  days: IsoWeekday[];
  /** `HH:MM`. */
  start: string;
  /** `HH:MM`, `24:00` allowed; an end at or before the start runs past midnight into the next day. */
  end: string;
  /** The people on duty, in the order they are paged. */
  contactIds: string[];
}

/** A one-off change (holidays, a swap): between `from` and `to`, these people replace the shifts. */
export interface RosterOverride {
  /** ISO instants, `from` before `to`. */
  from: string;
  to: string;
  contactIds: string[];
  /** In French, as staff read it: `Congés`, `Échange`. */
  reason: string;
}

export interface Roster {
  cell: Cell;
  /** IANA time zone of the shifts: the prefecture's (`PREFECTURE_TIME_ZONE`). */
  timeZone: string;
  shifts: Shift[];
  overrides: RosterOverride[];
  /** Paged after the people on duty, in this order. */
  backup: string[];
  updatedAt?: string;
  /** The administrator's id (the token's subject). */
  updatedBy?: string;
}

/** A cell's roster before anyone wrote one: nobody on duty, ever. */
export const emptyRoster = (cell: Cell): Roster => ({
  cell,
  timeZone: PREFECTURE_TIME_ZONE,
  shifts: [],
  overrides: [],
  backup: [],
});

// ---------------------------------------------------------------------------------------------------------
// The wall clock of a time zone

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface WallTime {
  weekday: IsoWeekday;
  /** Minutes since the wall clock's midnight: 0 to 1439. */
  minute: number;
}

/** The wall clock at an instant, given the zone's offset then. */
const wallTime = (at: number, offset: number): WallTime => {
  const wall = new Date(Math.floor((at + offset) / MINUTE_MS) * MINUTE_MS);
  return {
    weekday: (((wall.getUTCDay() + 6) % 7) + 1) as IsoWeekday,
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
};

/** `HH:MM` in minutes since midnight (`24:00` is 1440). */
const minutesOf = (time: string): number => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
};

const dayBefore = (weekday: IsoWeekday): IsoWeekday => (weekday === 1 ? 7 : ((weekday - 1) as IsoWeekday));

/** A roster read once for many instants: times in minutes, instants in milliseconds. */
interface Prepared {
  shifts: { days: readonly IsoWeekday[]; start: number; end: number; contactIds: readonly string[] }[];
  overrides: { from: number; to: number; contactIds: readonly string[] }[];
}

const prepare = (roster: Roster): Prepared => ({
  shifts: roster.shifts.map((shift) => ({
    days: shift.days,
    start: minutesOf(shift.start),
    end: minutesOf(shift.end),
    contactIds: shift.contactIds,
  })),
  overrides: roster.overrides.map((override) => ({
    from: Date.parse(override.from),
    to: Date.parse(override.to),
    contactIds: override.contactIds,
  })),
});

/** Whether a shift covers a wall-clock minute: from its start on one of its days, or past midnight after one. */
const shiftCovers = (shift: Prepared['shifts'][number], { weekday, minute }: WallTime): boolean => {
  if (shift.start < shift.end)
    return shift.days.includes(weekday) && minute >= shift.start && minute < shift.end;
  return (
    (shift.days.includes(weekday) && minute >= shift.start) ||
    (shift.days.includes(dayBefore(weekday)) && minute < shift.end)
  );
};

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** Who is on duty at an instant; its wall time is read only when no override covers it. */
const onDutyWith = (roster: Prepared, at: number, wall: () => WallTime): string[] => {
  const overrides = roster.overrides.filter((override) => override.from <= at && at < override.to);
  if (overrides.length > 0) return unique(overrides.flatMap((override) => override.contactIds));
  const time = wall();
  return unique(
    roster.shifts.filter((shift) => shiftCovers(shift, time)).flatMap((shift) => shift.contactIds),
  );
};

/** Whether anyone is on duty at an instant: `onDutyWith(…).length > 0`, without building the list. */
const anyoneOnDuty = (roster: Prepared, at: number, wall: () => WallTime): boolean => {
  let overridden = false;
  for (const override of roster.overrides) {
    if (override.from > at || at >= override.to) continue;
    if (override.contactIds.length > 0) return true;
    overridden = true;
  }
  if (overridden) return false;
  const time = wall();
  return roster.shifts.some((shift) => shift.contactIds.length > 0 && shiftCovers(shift, time));
};

// ---------------------------------------------------------------------------------------------------------
// Who is paged

/**
 * Who is on duty at an instant: the overrides covering it (they replace the shifts), else the shifts covering
 * it in the roster's time zone, in order, without repeats.
 */
export const onDutyAt = (roster: Roster, at: Date): string[] => {
  const instant = at.getTime();
  return onDutyWith(prepare(roster), instant, () =>
    wallTime(instant, zoneOffsetAt(roster.timeZone, instant)),
  );
};

/** The paging order at an instant: on duty, then the backup list, without repeats. */
export const pagingOrderAt = (roster: Roster, at: Date): string[] =>
  unique([...onDutyAt(roster, at), ...roster.backup]);

// ---------------------------------------------------------------------------------------------------------
// Coverage

/**
 * Every hour (UTC-aligned hour slots from `from` floored to the hour, `days`×24 of them) in which some minute
 * has nobody on duty; consecutive gap hours are merged into ranges {from, to}. The backup list does not count:
 * it is who answers when the people on duty do not, not who is on duty. Each slot is checked at every minute
 * (shifts change on whole minutes of the wall clock) and at every override's start and end inside it.
 */
export const coverageGaps = (roster: Roster, from: Date, days: number): { from: string; to: string }[] => {
  const first = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  const prepared = prepare(roster);
  const boundaries = prepared.overrides.flatMap((override) => [override.from, override.to]);
  const gaps: { from: number; to: number }[] = [];
  for (let slot = first; slot < first + days * 24 * HOUR_MS; slot += HOUR_MS) {
    // Within an hour the offset changes at most once: where it does, each instant reads the zone itself.
    const offset = zoneOffsetAt(roster.timeZone, slot);
    const steady = offset === zoneOffsetAt(roster.timeZone, slot + HOUR_MS - MINUTE_MS);
    const instants = [
      ...Array.from({ length: 60 }, (_, index) => slot + index * MINUTE_MS),
      ...boundaries.filter((instant) => instant > slot && instant < slot + HOUR_MS),
    ];
    const uncovered = instants.some(
      (instant) =>
        !anyoneOnDuty(prepared, instant, () =>
          wallTime(instant, steady ? offset : zoneOffsetAt(roster.timeZone, instant)),
        ),
    );
    if (!uncovered) continue;
    const last = gaps.at(-1);
    if (last && last.to === slot) last.to = slot + HOUR_MS;
    else gaps.push({ from: slot, to: slot + HOUR_MS });
  }
  return gaps.map((gap) => ({ from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() }));
};

/** How many hours the gap ranges hold. */
export const gapHours = (gaps: readonly { from: string; to: string }[]): number =>
  gaps.reduce((hours, gap) => hours + (Date.parse(gap.to) - Date.parse(gap.from)) / HOUR_MS, 0);

/**
 * The sentence staff read: `Cellule de communication : aucune absence d’astreinte sur 7 jours`, or
 * `… : 3 heures sans astreinte sur 7 jours`.
 */
export const coverageSummary = (cell: Cell, hours: number, days: number): string => {
  const span = `sur ${days} jour${days > 1 ? 's' : ''}`;
  return hours === 0
    ? `${CELL_LABELS[cell]} : aucune absence d’astreinte ${span}`
    : `${CELL_LABELS[cell]} : ${hours} heure${hours > 1 ? 's' : ''} sans astreinte ${span}`;
};

// ---------------------------------------------------------------------------------------------------------
// Keeping a roster

/** The parts of a roster an audit event may name, in the order it names them. */
export const ROSTER_FIELDS = ['shifts', 'overrides', 'backup'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** The parts that differ between two versions of a roster (never their contents). */
export const changedRosterFields = (before: Roster, after: Roster): RosterField[] =>
  ROSTER_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));

/** Every contact a roster names, with the field that names it (`shifts[0].contactIds[1]`, `backup[2]`). */
export const rosterReferences = (roster: {
  shifts: readonly { contactIds: readonly string[] }[];
  overrides: readonly { contactIds: readonly string[] }[];
  backup: readonly string[];
}): { field: string; contactId: string }[] => [
  ...roster.shifts.flatMap((shift, index) =>
    shift.contactIds.map((contactId, position) => ({
      field: `shifts[${index}].contactIds[${position}]`,
      contactId,
    })),
  ),
  ...roster.overrides.flatMap((override, index) =>
    override.contactIds.map((contactId, position) => ({
      field: `overrides[${index}].contactIds[${position}]`,
      contactId,
    })),
  ),
  ...roster.backup.map((contactId, position) => ({ field: `backup[${position}]`, contactId })),
];

/**
 * The roster with only the contacts `keep` accepts: who can really be paged once the contacts withdrawn from
 * the directory since the roster was written are left out.
 */
export const restrictRoster = (roster: Roster, keep: (contactId: string) => boolean): Roster => ({
  ...roster,
  shifts: roster.shifts.map((shift) => ({ ...shift, contactIds: shift.contactIds.filter(keep) })),
  overrides: roster.overrides.map((override) => ({
    ...override,
    contactIds: override.contactIds.filter(keep),
  })),
  backup: roster.backup.filter(keep),
});
