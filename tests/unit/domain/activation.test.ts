import { describe, expect, it } from 'vitest';
import { addSeconds, startOfYear } from '#domain/activation';

describe('startOfYear', () => {
  it('begins a year at midnight on 1 January in Paris, 23:00 UTC the day before', () => {
    expect(startOfYear(2027)).toBe('2026-12-31T23:00:00.000Z');
  });

  it('follows the time zone it is given, such as Réunion’s or Guadeloupe’s', () => {
    expect(startOfYear(2027, 'Indian/Reunion')).toBe('2026-12-31T20:00:00.000Z');
    expect(startOfYear(2027, 'America/Guadeloupe')).toBe('2027-01-01T04:00:00.000Z');
  });
});

describe('addSeconds', () => {
  it('adds the hour of a deadline to T0', () => {
    expect(addSeconds('2026-03-10T10:00:00.000Z', 3_600)).toBe('2026-03-10T11:00:00.000Z');
  });
});
