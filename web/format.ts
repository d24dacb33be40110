/**
 * French formats for people: dates as `22/11/2026`, numbers as `1 234,5`, instants in the
 * structure's time zone. Every page formats through here.
 */

const numbers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('fr-FR', { ...options, timeZone });
    cache.set(timeZone, format);
  }
  return format;
}

/** `2026-11-22` → `22/11/2026` (a calendar date has no time zone). */
export function formatDate(isoDate: string | undefined): string {
  if (isoDate === undefined) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match === null ? isoDate : `${match[3]}/${match[2]}/${match[1]}`;
}

/** An instant as the day it was in `timeZone`: `22/11/2026`. */
export function formatDay(instant: string | undefined, timeZone: string): string {
  if (instant === undefined) return '—';
  return cached(dayFormats, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(instant),
  );
}

/** An instant with its time in `timeZone`: `22/11/2026 à 09:30`. */
export function formatDateTime(instant: string | undefined, timeZone: string): string {
  if (instant === undefined) return '—';
  const parts = cached(timeFormats, timeZone, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} à ${part('hour')}:${part('minute')}`;
}

/** `1234.5` → `1 234,5` (French grouping and decimal comma). */
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** Minutes as people say them: `45 min`, `1 h 30`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${formatNumber(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0
    ? `${formatNumber(hours)} h`
    : `${formatNumber(hours)} h ${String(rest).padStart(2, '0')}`;
}

/** A person's age on `today` (both calendar dates). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Minutes east of UTC of `timeZone` at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return Math.round((asUtc - instant) / 60_000);
}

/**
 * The instant of a wall-clock `date` and `time` (`2026-11-22`, `09:30`) in `timeZone`, as an ISO
 * string in UTC; undefined when either is not well formed.
 */
export function instantOf(date: string, time: string, timeZone: string): string | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (day === null || clock === null) return undefined;
  const wall = Date.UTC(
    Number(day[1]),
    Number(day[2]) - 1,
    Number(day[3]),
    Number(clock[1]),
    Number(clock[2]),
  );
  if (Number.isNaN(wall)) return undefined;
  // The offset at the guess, then at the corrected instant: right across a change of time.
  const first = wall - offsetMinutes(timeZone, wall) * 60_000;
  const instant = wall - offsetMinutes(timeZone, first) * 60_000;
  return new Date(instant).toISOString();
}

/** The wall-clock time of an instant in `timeZone`: `09:30`. */
export function timeIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
