import { createInvitation, listInvitations, revokeInvitation } from '../../domain/invitations.js';
import { orgPermissionProcedure, requireVerifiedEmail } from '../../procedures.js';
import { createInvitationInput, invitationIdInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

const invite = orgPermissionProcedure('invitations:write');

/** Mails the link and returns it once (`{ invitation, url }`); EMAIL_TAKEN only for the org's own members. */
const create = invite
  .use(requireVerifiedEmail)
  .input(createInvitationInput)
  .mutation(({ ctx, input }) =>
    createInvitation(ctx.em, actorOf(ctx), input, {
      appOrigin: ctx.config.appOrigin,
      maxPending: ctx.config.maxPendingInvitations,
      limits: ctx.rateLimits,
    }),
  );

const list = orgPermissionProcedure('members:read').query(({ ctx }) => listInvitations(ctx.em, ctx.principal.orgId));

const revoke = invite
  .input(invitationIdInput)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.em, actorOf(ctx), input.invitationId));

export const invitationsRouter = router({ create, list, revoke });
