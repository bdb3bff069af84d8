import { OutboxMail, User } from '@gatehouse/db';
import { sessionProcedure } from '../../procedures.js';

/**
 * Development mailbox: without SMTP_URL, mail stays in the outbox and the web app shows the
 * caller the messages addressed to them. With SMTP configured there is nothing to show here.
 */
export const outbox = sessionProcedure.query(async ({ ctx }) => {
  if (ctx.mailer.delivers) return { enabled: false as const, items: [] };
  const { email } = await ctx.em.findOneOrFail(User, { id: ctx.principal.userId }, { fields: ['email'] });
  const mails = await ctx.em.find(OutboxMail, { toAddress: email }, { orderBy: { id: 'desc' }, limit: 50 });
  return {
    enabled: true as const,
    items: mails.map((m) => ({ id: m.id, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString() })),
  };
});
