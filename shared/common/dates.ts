/**
 * Calendar dates (`YYYY-MM-DD`) as the structures live them: a day in the structure's time zone,
 * arithmetic on days and months without any clock-time surprises.
 */

const dayMs = 86_400_000;

function toUtc(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a calendar date: ${date}`);
  return parsed;
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The calendar date it is at `instant` in `timeZone` (e.g. Indian/Reunion). */
export function dateIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function addDays(date: string, days: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + days * dayMs));
}

/** Adds calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const start = toUtc(date);
  const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return fromUtc(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / dayMs);
}

/** The last day of a support period that starts on `start` and lasts `months` months. */
export function periodEnd(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}
