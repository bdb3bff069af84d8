import { z } from 'zod';

// Shared by the server (procedure inputs) and the browser (forms), so both validate alike.

/**
 * Control characters (NUL included: PostgreSQL refuses it in text), bidi overrides and isolates
 * (which make a name read backwards in a list of members), and unpaired surrogate halves (not
 * text at all: they would be stored as U+FFFD). In unicode mode a surrogate range only matches
 * a half without its partner, so 4-byte characters such as emoji pass.
 */
const NOT_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

/** True when every character of the value is one a person could mean to type (SPEC §10). */
export function isPlainText(value: string): boolean {
  return !NOT_TEXT.test(value);
}

export const PLAIN_TEXT_MESSAGE = 'Remove control characters (such as line breaks or tabs)';

/** Opaque ids (UUIDv7, key and token ids): bounded, never parsed; an unknown one is simply not found. */
export const opaqueIdField = z.string().trim().min(1).max(64).refine(isPlainText, 'Not a valid id');

/** A page cursor as a list returned it. */
export const cursorField = z.string().max(64).refine(isPlainText, 'Not a valid cursor');

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email addresses are at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

/** SPEC §5: 12 to 256 characters (the common-password check runs on the server only). */
export const newPasswordField = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');

/** Any password being checked (sign-in, sudo): bounded so nobody can make us hash megabytes. */
export const passwordField = z.string().min(1, 'Enter your password').max(256, 'Use at most 256 characters');

export const displayNameField = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(100, 'Names are at most 100 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const orgNameField = z
  .string()
  .trim()
  .min(1, 'Enter an organisation name')
  .max(120, 'Organisation names are at most 120 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const phoneField = z
  .string()
  .trim()
  .max(32, 'Phone numbers are at most 32 characters')
  .regex(/^\+?[0-9 ()\-.]{4,32}$/, 'Use digits, spaces and + ( ) - only');

/**
 * The runtime's ICU name for a zone ("europe/paris" is Europe/Paris, "GMT" is UTC), or null.
 * A zone name starts with a letter: a UTC offset ("+01:00") is not an IANA zone, and a profile's
 * zone must follow the region's daylight-saving rules, which an offset cannot.
 */
function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z]/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * A well-formed BCP 47 tag whose language the runtime's ICU actually has: "xx-YY" is well formed
 * but names no language, and every date and number would silently fall back to the default.
 */
function canonicalLocale(value: string): string | null {
  try {
    const canonical = Intl.getCanonicalLocales(value);
    // The canonical form is what is stored, and it can be longer than what was typed (en-u-ca-islamicc).
    if (canonical.length !== 1 || canonical[0]!.length > 35) return null;
    return Intl.DateTimeFormat.supportedLocalesOf(canonical, { localeMatcher: 'lookup' }).length === 1 ? canonical[0]! : null;
  } catch {
    return null;
  }
}

const TIME_ZONE_MESSAGE = 'Choose a time zone from the list (e.g. Europe/Paris)';
const LOCALE_MESSAGE = 'Choose a language and region from the list (e.g. en-GB)';

/** A real IANA time zone, as the runtime's ICU knows it, stored under its canonical name. */
export const timezoneField = z
  .string()
  .trim()
  .max(64, TIME_ZONE_MESSAGE)
  .refine((value) => canonicalTimeZone(value) !== null, TIME_ZONE_MESSAGE)
  .transform((value) => canonicalTimeZone(value) ?? value);

/** A BCP 47 language tag for a language the runtime knows, stored in its canonical form. */
export const localeField = z
  .string()
  .trim()
  .max(35, LOCALE_MESSAGE)
  .refine((value) => canonicalLocale(value) !== null, LOCALE_MESSAGE)
  .transform((value) => canonicalLocale(value) ?? value);
