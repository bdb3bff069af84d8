import { createHash } from 'node:crypto';
import { WebAuthnChallenge, newId, type EntityManager, type WebAuthnPurpose } from '@gatehouse/db';
import { CEREMONY_TIMEOUT_MS } from '../auth/webauthn.js';

/** What a challenge is bound to (a session id, a pending sign-in, a browser's nonce), as stored. */
export function challengeBinding(kind: 'session' | 'pending' | 'browser', value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex');
}

/**
 * Keeps the challenge of a ceremony just begun. A new ceremony for the same binding and purpose
 * replaces the last one, so a browser never holds more than one live challenge per purpose.
 */
export async function keepChallenge(
  em: EntityManager,
  entry: { purpose: WebAuthnPurpose; binding: string; userId: string | null; challenge: string },
): Promise<void> {
  const now = Date.now();
  await em.nativeDelete(WebAuthnChallenge, { expiresAt: { $lte: new Date(now) } });
  await em.upsert(
    WebAuthnChallenge,
    {
      id: newId(),
      purpose: entry.purpose,
      binding: entry.binding,
      user: entry.userId,
      challenge: entry.challenge,
      expiresAt: new Date(now + CEREMONY_TIMEOUT_MS),
    },
    { onConflictFields: ['binding', 'purpose'], onConflictAction: 'merge', onConflictExcludeFields: ['id'] },
  );
}

/**
 * Takes the live challenge for a binding and purpose, whether or not the answer then verifies:
 * a challenge is good for one attempt. Of parallel attempts, only the one whose delete removed
 * the row gets it. Call it outside any transaction the attempt may roll back, so a failure still
 * uses the challenge up.
 */
export async function takeChallenge(
  em: EntityManager,
  purpose: WebAuthnPurpose,
  binding: string,
): Promise<{ challenge: string; userId: string | null } | null> {
  const row = await em.fork().findOne(WebAuthnChallenge, { binding, purpose });
  if (!row) return null;
  const taken = await em.nativeDelete(WebAuthnChallenge, { id: row.id });
  if (taken === 0 || row.expiresAt.getTime() <= Date.now()) return null;
  return { challenge: row.challenge, userId: row.user?.id ?? null };
}
