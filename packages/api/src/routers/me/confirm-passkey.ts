import type { Context } from '../../context.js';
import { recordAudit } from '../../domain/audit.js';
import { notify } from '../../domain/notifications.js';
import { beginPasskeyAssertion, checkPasskeyAssertion } from '../../domain/passkey-assertion.js';
import type { SessionPrincipal } from '../../domain/principal.js';
import { challengeBinding } from '../../domain/webauthn-challenges.js';
import { errors } from '../../errors.js';
import type { PasskeyAuthenticationResponse } from '../../schemas/passkeys.js';

type SessionContext = Context & { principal: SessionPrincipal };

const sudoCeremony = (principal: SessionPrincipal) => ({ purpose: 'sudo' as const, binding: challengeBinding('session', principal.sessionId) });

/** Options for confirming with a passkey: only the caller's own passkeys, challenge bound to this session. */
export function beginSudoPasskey(ctx: SessionContext) {
  return beginPasskeyAssertion(ctx.em, ctx.config, { ...sudoCeremony(ctx.principal), userId: ctx.principal.userId });
}

/**
 * Re-authentication with a passkey instead of the password (sudo). Counted against the same sudo
 * limit as a password; a failure is audited and mailed, and never ends the session.
 */
export async function confirmPasskey(ctx: SessionContext, response: PasskeyAuthenticationResponse): Promise<{ passkeyId: string }> {
  const { principal } = ctx;
  await ctx.rateLimits.consume('sudo', principal.userId);
  const result = await checkPasskeyAssertion(ctx.em, ctx.config, sudoCeremony(principal), response);
  if (result.ok) {
    await ctx.rateLimits.refund('sudo', principal.userId);
    return { passkeyId: result.passkeyId };
  }
  await ctx.em.transactional(async (tx) => {
    recordAudit(tx, {
      action: 'sudo.failed',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'session',
      targetId: principal.sessionId,
      metadata: { method: 'passkey', reason: result.reason, passkeyId: result.passkeyId },
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    });
    await notify(tx, principal.userId, {
      category: 'security',
      type: 'mfa.passkey_failed',
      title: 'A passkey was refused on your account',
      body: 'Someone signed in to your Gatehouse account tried to confirm a sensitive action with a passkey, and it was refused. If this was not you, change your password and sign out your other sessions.',
    });
  });
  throw errors.invalidMfaCode();
}
