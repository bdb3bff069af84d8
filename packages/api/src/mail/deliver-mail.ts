import { OutboxMail, type EntityManager } from '@gatehouse/db';
import type { ClaimedJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Mailer } from './mailer.js';

export const MAIL_JOB = 'mail.send';

const mailIdOf = (job: ClaimedJob): string => {
  const id = job.payload?.['mailId'];
  return typeof id === 'string' ? id : '';
};

/**
 * Sends one outbox mail. The Message-ID is written before the first attempt and reused by every
 * retry; a mail already marked sent is never sent again (a retry after a crash between sending and
 * finishing the job). What remains is the instant between the SMTP server's "accepted" and our
 * write: a crash exactly there repeats the message with the same Message-ID, which receivers use
 * to drop duplicates.
 */
export function mailDelivery(mailer: Mailer, messageIdHost: string): JobHandler {
  return {
    async run(em: EntityManager, job: ClaimedJob) {
      const mail = await em.findOne(OutboxMail, { id: mailIdOf(job) });
      // Gone with its recipient's erasure, or already out.
      if (!mail || mail.sentAt) return;
      if (!mailer.delivers) {
        // No SMTP: the outbox is the development mailbox, and the mail has arrived.
        mail.sentAt = new Date();
        await em.flush();
        return;
      }
      if (!mail.messageId) {
        mail.messageId = `<${mail.id}@${messageIdHost}>`;
        await em.flush();
      }
      try {
        await mailer.send({ messageId: mail.messageId, to: mail.toAddress, subject: mail.subject, text: mail.text });
      } catch (error) {
        mail.attempts = job.attempt;
        mail.lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await em.flush();
        throw error;
      }
      // Once delivered, the body is not kept: it may hold a single-use link (an invitation token).
      Object.assign(mail, { sentAt: new Date(), attempts: job.attempt, lastError: null, text: '' });
      await em.flush();
    },
    async dead(em, job) {
      await em.nativeUpdate(OutboxMail, { id: mailIdOf(job), sentAt: null }, { failedAt: new Date() });
    },
  };
}
