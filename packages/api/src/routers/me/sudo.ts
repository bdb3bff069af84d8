import { reissueSessionToken, sessionCookie } from '../../auth/sessions.js';
import { recordAudit } from '../../domain/audit.js';
import { sessionProcedure } from '../../procedures.js';
import { sudoEnterInput } from '../../schemas/me.js';
import { router } from '../../trpc.js';
import { beginSudoPasskey, confirmPasskey } from './confirm-passkey.js';
import { confirmPassword } from './confirm-password.js';
import { confirmTotpStepUp } from './confirm-second-factor.js';

const status = sessionProcedure.query(({ ctx }) => {
  const until = ctx.principal.sudoUntil;
  const active = until !== null && until.getTime() > Date.now();
  return { active, expiresAt: active ? until.toISOString() : null };
});

const enter = sessionProcedure.input(sudoEnterInput).mutation(async ({ ctx, input }) => {
  const { principal } = ctx;
  const meta = { ip: ctx.request.ip, userAgent: ctx.request.userAgent };
  // The password, or a second factor: either proves it is still the account's owner at the keyboard.
  let method: 'password' | 'totp' | 'passkey' = 'password';
  if ('passkeyResponse' in input) {
    await confirmPasskey(ctx, input.passkeyResponse);
    method = 'passkey';
  } else if ('code' in input) {
    await confirmTotpStepUp(ctx, input.code);
    method = 'totp';
  } else {
    await confirmPassword(ctx, input.password);
  }

  const expiresAt = new Date(Date.now() + ctx.config.sudoWindowSeconds * 1000);
  // One transaction: the new token and its audit row land together or not at all.
  const { token } = await ctx.em.transactional(async (tx) => {
    const reissued = await reissueSessionToken(tx, ctx.config, principal.sessionId, {
      userId: principal.userId,
      sudoUntil: expiresAt,
      ...meta,
    });
    recordAudit(tx, {
      action: 'sudo.entered',
      orgId: principal.orgId,
      actorId: principal.userId,
      via: 'session',
      targetType: 'session',
      targetId: principal.sessionId,
      metadata: method === 'password' ? null : { method },
      ...meta,
    });
    await tx.flush();
    return reissued;
  });
  ctx.responseCookies.push(sessionCookie(ctx.config, token));
  return { expiresAt: expiresAt.toISOString() };
});

/** The challenge for `enter {passkeyResponse}`: only this session's user's passkeys may answer it. */
const passkeyOptions = sessionProcedure.mutation(({ ctx }) => beginSudoPasskey(ctx));

export const sudoRouter = router({ status, enter, passkeyOptions });
