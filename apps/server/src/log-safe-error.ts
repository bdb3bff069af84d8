import { redactLinkTokens } from './link-token-redaction.js';

/**
 * What of an unexpected error may be logged. Driver errors quote the failing SQL with its
 * values inlined (`insert into "user" (…) values ('…$argon2id$…') - duplicate key …`), which
 * can carry hashes and personal data, so only the driver's reason after the SQL is kept, and the
 * stack frames without the message line; any link token left in the message is redacted.
 */
export function logSafeError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: 'non-Error thrown' };
  const separator = error.message.lastIndexOf(' - ');
  const looksLikeSql = /^\s*(select|insert|update|delete|with|create|alter|drop)\b/i.test(error.message);
  const message = looksLikeSql ? (separator >= 0 ? error.message.slice(separator + 3) : '[sql error]') : error.message;
  const frames = error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n');
  return { type: error.constructor.name, message: redactLinkTokens(message.slice(0, 300)), ...(frames ? { stack: frames } : {}) };
}
