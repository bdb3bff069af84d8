import { createInvitation, listInvitations, resendInvitation, revokeInvitation } from '../../domain/invitations.js';
import { orgPermissionProcedure, requireVerifiedEmail } from '../../procedures.js';
import { createInvitationInput, invitationIdInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const invite = orgPermissionProcedure('invitations:write');

/** Mails the link and returns it once (`{ invitation, url, emailed }`); EMAIL_TAKEN only for the org's own members. */
const create = invite
  .use(requireVerifiedEmail)
  .input(createInvitationInput)
  .mutation(({ ctx, input }) =>
    createInvitation(ctx.em, actorOf(ctx), input, {
      appOrigin: ctx.config.appOrigin,
      maxPending: ctx.config.maxPendingInvitations,
      limits: ctx.rateLimits,
      mailDelivers: ctx.mailer.delivers,
    }),
  );

/**
 * A fresh link for a pending or expired invitation, mailed again and returned once (tokens are
 * stored hashed, so this is also how an owner copies a link again); the old link stops working.
 */
const resend = invite
  .use(requireVerifiedEmail)
  .input(invitationIdInput)
  .mutation(({ ctx, input }) =>
    resendInvitation(ctx.em, actorOf(ctx), input.invitationId, {
      appOrigin: ctx.config.appOrigin,
      maxPending: ctx.config.maxPendingInvitations,
      limits: ctx.rateLimits,
      mailDelivers: ctx.mailer.delivers,
    }),
  );

const list = orgPermissionProcedure('members:read').query(({ ctx }) => listInvitations(ctx.em, ctx.principal.orgId));

const revoke = invite
  .input(invitationIdInput)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.em, actorOf(ctx), input.invitationId));

export const invitationsRouter = router({ create, list, resend, revoke });
