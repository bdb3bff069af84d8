/**
 * The instant a calendar day starts in a time zone, as ISO-8601: "2026-03-12" in Europe/Paris is
 * 2026-03-11T23:00:00.000Z. Date inputs give a day; the profile's zone (which the app shows every
 * time in) says which midnight is meant. `addDays` moves the day first (1 = the next day's start).
 * An unknown zone falls back to this browser's own, rather than failing.
 */
export function zonedDayStart(day: string, timeZone: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays];
  const wallClock = Date.UTC(year, month, date);
  try {
    // Midnight there is wall-clock midnight minus the zone's offset; a second pass settles a DST change.
    let instant = wallClock - offsetAt(wallClock, timeZone);
    instant = wallClock - offsetAt(instant, timeZone);
    return new Date(instant).toISOString();
  } catch {
    return new Date(year, month, date).toISOString();
  }
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const shown = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return shown - Math.floor(instant / 1000) * 1000;
}
