import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateIn, daysBetween, periodEnd } from '../../shared/common/dates.ts';

describe('calendar dates', () => {
  it('gives the day it is in the structure’s time zone', () => {
    const instant = new Date('2026-11-22T21:30:00Z');
    expect(dateIn('Europe/Paris', instant)).toBe('2026-11-22');
    expect(dateIn('Indian/Reunion', instant)).toBe('2026-11-23');
    expect(dateIn('America/Cayenne', instant)).toBe('2026-11-22');
  });

  it('keeps the day across a daylight-saving change in Paris', () => {
    expect(dateIn('Europe/Paris', new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
  });

  it('adds months, clamping the 31st to the end of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
  });

  it('ends a six-month period the day before the same date six months later', () => {
    expect(periodEnd('2026-01-15', 6)).toBe('2026-07-14');
  });

  it('counts days between dates, negative backwards', () => {
    expect(daysBetween('2026-11-01', '2026-11-23')).toBe(22);
    expect(daysBetween('2026-11-23', '2026-11-01')).toBe(-22);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => addDays('2026-13-45', 1)).toThrow(RangeError);
  });
});
