import { OutboxMail } from '@gatehouse/db';
import { sessionProcedure } from '../../procedures.js';

/**
 * Development mailbox: without SMTP_URL, mail stays in the outbox and the web app shows the
 * caller the messages sent to their account. With SMTP configured there is nothing to show here.
 * Matched by account, not by address: nobody proves they own an email at sign-up, so mail sent
 * to the address before the account existed (an invitation and its link) is not theirs to read.
 */
export const outbox = sessionProcedure.query(async ({ ctx }) => {
  if (ctx.mailer.delivers) return { enabled: false as const, items: [] };
  const mails = await ctx.em.find(OutboxMail, { user: ctx.principal.userId }, { orderBy: { id: 'desc' }, limit: 50 });
  return {
    enabled: true as const,
    items: mails.map((m) => ({ id: m.id, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString() })),
  };
});
