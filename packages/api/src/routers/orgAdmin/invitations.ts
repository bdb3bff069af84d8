import { createInvitation, listInvitations, revokeInvitation } from '../../domain/invitations.js';
import { orgReadProcedure, orgWriteProcedure } from '../../procedures.js';
import { createInvitationInput, invitationIdInput } from '../../schemas/org-admin.js';
import { router } from '../../trpc.js';
import { actorOf } from './actor.js';

/** Mails the link and returns it once (`{ invitation, url }`); EMAIL_TAKEN when the email has an account. */
const create = orgWriteProcedure
  .input(createInvitationInput)
  .mutation(({ ctx, input }) => createInvitation(ctx.em, actorOf(ctx), input, ctx.config.appOrigin));

const list = orgReadProcedure.query(({ ctx }) => listInvitations(ctx.em, ctx.principal.orgId));

const revoke = orgWriteProcedure
  .input(invitationIdInput)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.em, actorOf(ctx), input.invitationId));

export const invitationsRouter = router({ create, list, revoke });
