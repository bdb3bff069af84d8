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

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    // The canonical form is what is stored, and it can be longer than what was typed (en-u-ca-islamicc).
    const canonical = Intl.getCanonicalLocales(value);
    return canonical.length === 1 && canonical[0]!.length <= 35;
  } catch {
    return false;
  }
}

/** A real IANA time zone, as the runtime's ICU knows it. */
export const timezoneField = z
  .string()
  .trim()
  .max(64, 'Choose a valid time zone (e.g. Europe/Paris)')
  .refine(isTimeZone, 'Choose a valid time zone (e.g. Europe/Paris)');

/** A well-formed BCP 47 language tag, stored in its canonical form. */
export const localeField = z
  .string()
  .trim()
  .max(35, 'Choose a valid locale (e.g. en-GB)')
  .refine(isLocale, 'Choose a valid locale (e.g. en-GB)')
  .transform((value) => Intl.getCanonicalLocales(value)[0] ?? value);
