import type { EntityManager } from '@gatehouse/db';
import { createSession, invalidateSessionToken, type SessionConfig } from '../auth/sessions.js';
import { deviceName } from '../schemas/device-name.js';
import { recordAudit } from './audit.js';
import { notify } from './notifications.js';
import type { RequestMeta } from './profile.js';

export type SignInConfig = SessionConfig & { sudoWindowSeconds: number };

/**
 * The end of every successful sign-in (password alone, or password and a second factor): a new
 * session with the sudo window open, its audit row and the security notice, in the caller's
 * transaction, so a session never exists without them. Whatever session this browser had is
 * ended first (no fixation).
 */
export async function openSignInSession(
  tx: EntityManager,
  config: SignInConfig,
  signIn: { userId: string; orgId: string | null; replacing: string | null; secondFactor?: string },
  meta: RequestMeta,
): Promise<{ token: string; id: string }> {
  if (signIn.replacing) await invalidateSessionToken(tx, config, signIn.replacing);
  const session = await createSession(tx, config, {
    userId: signIn.userId,
    sudoUntil: new Date(Date.now() + config.sudoWindowSeconds * 1000),
    ...meta,
  });
  recordAudit(tx, {
    action: 'user.signed_in',
    orgId: signIn.orgId,
    actorId: signIn.userId,
    via: 'session',
    targetType: 'session',
    targetId: session.id,
    metadata: signIn.secondFactor ? { secondFactor: signIn.secondFactor } : null,
    ...meta,
  });
  await notify(tx, signIn.userId, {
    category: 'security',
    type: 'user.signed_in',
    title: 'New sign-in to your account',
    body: `Someone signed in to your Gatehouse account${meta.ip ? ` from ${meta.ip}` : ''}${meta.userAgent ? ` using ${deviceName(meta.userAgent)}` : ''}. If this wasn't you, change your password now.`,
  });
  await tx.flush();
  return session;
}
