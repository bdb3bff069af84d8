import { OutboxMail, type Orm } from '@gatehouse/db';
import nodemailer, { type Transporter } from 'nodemailer';
import { renderMailHtml } from './layout.js';

export interface Mailer {
  /** True when mail leaves the building (SMTP_URL set); false: the outbox is the local mailbox. */
  readonly delivers: boolean;
  /**
   * Sends what the outbox holds. Called after a procedure's transaction has committed; never
   * throws, because a mail failure must not undo or fail the action that caused it.
   */
  deliverPending(): Promise<void>;
  close(): void;
}

const MAX_ATTEMPTS = 5;
const BATCH = 20;

export function createMailer(
  orm: Orm,
  options: { smtpUrl?: string | undefined; from?: string; onError?: (error: unknown) => void },
): Mailer {
  if (!options.smtpUrl) {
    return { delivers: false, deliverPending: () => Promise.resolve(), close: () => {} };
  }
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  const from = options.from ?? 'Gatehouse <no-reply@gatehouse.local>';
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    const em = orm.em.fork();
    const pending = await em.find(
      OutboxMail,
      { sentAt: null, attempts: { $lt: MAX_ATTEMPTS } },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: BATCH },
    );
    for (const mail of pending) {
      // Claim the row first, so two server instances never send the same mail twice.
      const claimed = await em.nativeUpdate(
        OutboxMail,
        { id: mail.id, sentAt: null, attempts: mail.attempts },
        { attempts: mail.attempts + 1 },
      );
      if (claimed === 0) continue;
      try {
        await transport.sendMail({ from, to: mail.toAddress, subject: mail.subject, text: mail.text, html: renderMailHtml(mail.text) });
        // Once delivered, the body is not kept: it may hold a single-use link (an invitation token).
        await em.nativeUpdate(OutboxMail, { id: mail.id }, { sentAt: new Date(), lastError: null, text: '' });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await em.nativeUpdate(OutboxMail, { id: mail.id }, { lastError: message.slice(0, 500) });
        options.onError?.(error);
      }
    }
  }

  return {
    delivers: true,
    async deliverPending() {
      // One drain at a time per process; a call during a drain waits for it.
      running ??= drain()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => (running = null));
      await running;
    },
    close: () => transport.close(),
  };
}
