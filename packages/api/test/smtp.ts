import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
  /** The plain-text and HTML parts, decoded (quoted-printable and all) as a mail client shows them. */
  text: string;
  html: string;
  /** Whether the session had been upgraded to TLS (STARTTLS) when the message came. */
  secure: boolean;
  /** Who had authenticated (AUTH), if anyone. */
  user: string | null;
  /** The Message-ID header: the same on every attempt at one mail. */
  messageId: string | null;
}

/** What a real provider asks for: STARTTLS with this certificate, and AUTH with this login. */
export interface SmtpSecurity {
  tls: { key: string; cert: string };
  login: { user: string; pass: string };
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** While true, the server rejects every message (a broken mail provider). */
  failing: boolean;
  /** How long the server takes to accept each message (a slow provider). */
  delayMs: number;
  close(): Promise<void>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/**
 * A real SMTP server on a random loopback port that records what it is sent: plain, or (with
 * `security`) offering STARTTLS and refusing mail without AUTH, which smtp-server in turn refuses
 * before TLS is up.
 */
export async function startSmtp(security?: SmtpSecurity): Promise<TestSmtp> {
  const state: TestSmtp = { url: '', received: [], failing: false, delayMs: 0, close: async () => {} };
  const server = new SMTPServer({
    ...(security
      ? {
          authOptional: false,
          authMethods: ['PLAIN', 'LOGIN'],
          key: security.tls.key,
          cert: security.tls.cert,
          onAuth(auth, _session, callback) {
            const { user, pass } = security.login;
            if (auth.username === user && auth.password === pass) return callback(null, { user });
            return callback(new Error('Invalid username or password'));
          },
        }
      : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      const answer = async () => {
        if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
        if (state.failing) return callback(new Error('mailbox unavailable'));
        const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        const subject = decodeHeader(folded);
        const user = typeof session.user === 'string' ? session.user : null;
        const to = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(raw).then(
          (parsed) => {
            const html = typeof parsed.html === 'string' ? parsed.html : '';
            const messageId = /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? null;
            state.received.push({ to, subject, raw, text: parsed.text ?? '', html, secure: session.secure, user, messageId });
            callback();
          },
          (error: Error) => callback(error),
        );
      };
      stream.on('end', () => void answer());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
