import { previewInvitation } from '../../domain/invitations.js';
import { publicProcedure } from '../../procedures.js';
import { invitationTokenInput } from '../../schemas/org-admin.js';

/** The acceptance page's preview: organisation, email, role, expiry. Any unusable link is NOT_FOUND. */
export const invitation = publicProcedure
  .input(invitationTokenInput)
  .query(({ ctx, input }) => previewInvitation(ctx.em, input.token));
