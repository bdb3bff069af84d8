const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/**
 * "just now", "5 minutes ago", "yesterday": how long ago, in the user's chosen locale. Rough on
 * purpose (the exact time is one hover away, see callers' `title`); under a minute is "just now",
 * because "now" alone reads oddly after "Last active".
 */
export function timeAgo(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  const format = relativeFormatter(locale);
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ['minute', 60];
  return format.format(Math.trunc(seconds / size), unit);
}

function relativeFormatter(locale: string): Intl.RelativeTimeFormat {
  try {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    // A locale this browser's Intl doesn't know: its own default, rather than a broken page.
    return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  }
}
