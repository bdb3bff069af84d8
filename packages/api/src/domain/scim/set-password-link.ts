import { Organization, type EntityManager } from '@gatehouse/db';
import { queueMail } from '../notifications.js';

/**
 * Tells a member provisioned by the identity provider how to get in: they have no password, and
 * set one through a mailed link (SPEC §11, §8). This is the one place that mail is made.
 *
 * Minimal for now: the mail sends them to the sign-in page's password-reset request, which mails
 * the single-use link (account recovery). When link tokens land, this mints the link itself.
 */
export async function sendSetPasswordLink(
  em: EntityManager,
  to: { userId: string; email: string; orgId: string; appOrigin: string },
): Promise<void> {
  const org = await em.findOneOrFail(Organization, { id: to.orgId }, { fields: ['name'] });
  queueMail(em, {
    to: to.email,
    userId: to.userId,
    subject: `Your Gatehouse account at ${org.name}`,
    text: [
      `${org.name} added you to Gatehouse through its identity provider.`,
      `Choose your password to sign in: open ${to.appOrigin}/sign-in, choose "Forgot your password?", and enter ${to.email}. We will mail you a single-use link.`,
      'If you did not expect this, you can ignore this mail.',
    ].join('\n\n'),
  });
}
