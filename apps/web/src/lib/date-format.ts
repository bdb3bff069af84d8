import type { Me } from './trpc';

export type DateFormat = {
  /** "12 Mar 2026" */
  date: (iso: string) => string;
  /** "12 Mar 2026, 14:03 CET": with the zone, since the profile's zone may differ from this device's. */
  dateTime: (iso: string) => string;
};

/**
 * Dates in the locale and time zone the user chose on their profile. A value this browser's
 * Intl doesn't know falls back to the browser's own, rather than breaking the page.
 */
export function dateFormatFor({ locale, timezone }: Pick<Me, 'locale' | 'timezone'>): DateFormat {
  const date = formatter(locale, timezone, { dateStyle: 'medium' });
  const dateTime = formatter(locale, timezone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return {
    date: (iso) => date.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
}

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}
