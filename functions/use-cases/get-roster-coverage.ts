/**
 * Find the hours of the coming days with nobody on duty, per cell: each breaks the 24/7 promise before any
 * crisis does. Input: how many days (1 to 31). Output: per cell, the gap ranges (whole UTC hours from the
 * current one), their count in hours and a French summary. Main course: each roster is restricted to the
 * people who can be paged now (active contacts of the `onCall` audience: a person withdrawn since the roster
 * was written leaves a gap), then every hour is checked minute by minute; the backup list does not count.
 */
import type { Ports } from '#domain/ports';
import {
  CELL_LABELS,
  CELLS,
  type Cell,
  coverageGaps,
  coverageSummary,
  emptyRoster,
  gapHours,
  restrictRoster,
} from '#domain/rosters';
import { pageable } from './list-rosters.ts';

export interface CellCoverage {
  cell: Cell;
  label: string;
  gaps: { from: string; to: string }[];
  hours: number;
  summary: string;
}

const HOUR_MS = 3_600_000;

export const getRosterCoverage = async (
  days: number,
  deps: Pick<Ports, 'directory' | 'clock'>,
): Promise<{ from: string; days: number; cells: CellCoverage[] }> => {
  const now = deps.clock.now();
  const onCall = new Set((await deps.directory.list('onCall')).filter(pageable).map((contact) => contact.id));
  const cells = await Promise.all(
    CELLS.map(async (cell): Promise<CellCoverage> => {
      const roster = (await deps.directory.getRoster(cell)) ?? emptyRoster(cell);
      const gaps = coverageGaps(
        restrictRoster(roster, (id) => onCall.has(id)),
        now,
        days,
      );
      const hours = gapHours(gaps);
      return { cell, label: CELL_LABELS[cell], gaps, hours, summary: coverageSummary(cell, hours, days) };
    }),
  );
  const from = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  return { from, days, cells };
};
