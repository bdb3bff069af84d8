import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { renderMailHtml } from './layout.js';

export interface OutgoingMail {
  /** Fixed before the first attempt (`<id@host>`), so every retry sends the same one. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when mail leaves the building (SMTP_URL set); false: the outbox is the local mailbox. */
  readonly delivers: boolean;
  /** Hands one message to the SMTP server; throws when it is not accepted. */
  send(mail: OutgoingMail): Promise<void>;
  /**
   * Whether the SMTP server answers now (connects, greets, accepts the login), on a connection of
   * its own; `null` without SMTP_URL.
   */
  reachable(): Promise<boolean | null>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string | undefined;
  from?: string;
  /** Connections kept open to the SMTP server (the job runner's concurrency). */
  maxConnections?: number;
  /** Connect, greeting and idle-socket limits: one attempt never outlives the job's lease. */
  timeoutsMs?: { connection: number; greeting: number; socket: number };
}

export const localMailbox: Mailer = {
  delivers: false,
  send: () => Promise.resolve(),
  reachable: () => Promise.resolve(null),
  close: () => {},
};

const DEFAULT_TIMEOUTS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

/**
 * Transport options from `smtp://user:pass@host:port` (STARTTLS) or `smtps://…` (TLS from the
 * first byte). Built here rather than handed to nodemailer as `{ url }`, which makes it ignore
 * every other option (pooling, timeouts, requireTLS).
 */
export function smtpTransportOptions(smtpUrl: string, options: Omit<MailerOptions, 'smtpUrl' | 'from'> = {}): SMTPPool.Options {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const secure = url.protocol === 'smtps:';
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const timeouts = options.timeoutsMs ?? DEFAULT_TIMEOUTS;
  return {
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(auth ? { auth } : {}),
    // A login must never cross the wire in clear: with credentials, a server (or someone in the
    // middle) that does not offer STARTTLS gets nothing, instead of a plain-text fallback.
    requireTLS: !secure && auth !== undefined,
    connectionTimeout: timeouts.connection,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
  };
}

/** The SMTP sender the mail job uses; without SMTP_URL, the local outbox is the mailbox. */
export function createMailer(options: MailerOptions): Mailer {
  if (!options.smtpUrl) return localMailbox;
  const transport: Transporter = nodemailer.createTransport(smtpTransportOptions(options.smtpUrl, options));
  const from = options.from ?? 'Gatehouse <no-reply@gatehouse.local>';
  return {
    delivers: true,
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: renderMailHtml(mail.text),
        messageId: mail.messageId,
      });
    },
    reachable: () => transport.verify().then(
      () => true,
      () => false,
    ),
    close: () => transport.close(),
  };
}
