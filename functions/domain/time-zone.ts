/** Wall clocks of time zones, through the platform's `Intl` (no library, no time-zone data of our own). Pure. */

const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than using it. */
const formatterOf = (timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/**
 * How far the zone's wall clock is ahead of UTC at an instant (epoch milliseconds), in milliseconds: whole
 * minutes, what the wall clock reads then minus the instant (floored to its minute).
 */
export const zoneOffsetAt = (timeZone: string, at: number): number => {
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(minute)))
    parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
  );
  return wall - minute;
};
