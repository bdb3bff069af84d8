/**
 * The one layout of every mail Gatehouse sends, so people recognise it: who it is from (the
 * product and their organisation), what happened, the one thing to do, why they got it, and what
 * to do if it was not them. Written as plain text (stored in the outbox, shown by the development
 * mailbox); the HTML part is drawn from that same text when the mail goes out.
 */
export const PRODUCT_NAME = 'Gatehouse';

export interface MailContent {
  subject: string;
  /** The organisation the account belongs to, when it has one (null: an address without an account). */
  orgName: string | null;
  /** Whom it greets; null for an address we know no name for. */
  name: string | null;
  paragraphs: string[];
  /** The one button: a label and the link it opens. */
  action?: { label: string; url: string; expiresAt?: Date };
  /** Why this address got the mail. */
  why: string;
  /** What to do if the recipient did not cause it. */
  ifNotYou: string;
}

/** Marks the footer in the text, so the HTML part can draw it smaller. */
const FOOTER_RULE = '--';

export function composeMail(mail: MailContent): { subject: string; text: string } {
  const from = mail.orgName ? `${PRODUCT_NAME} · ${mail.orgName}` : PRODUCT_NAME;
  const blocks = [mail.name ? `Hi ${mail.name},` : 'Hello,', ...mail.paragraphs];
  if (mail.action) {
    blocks.push(`${mail.action.label}:\n${mail.action.url}`);
    if (mail.action.expiresAt) {
      blocks.push(`This link works once, until ${mail.action.expiresAt.toUTCString()}.`);
    }
  }
  blocks.push(`${FOOTER_RULE}\nWhy you got this: ${mail.why}\nIf this wasn't you: ${mail.ifNotYou}\n\n${from}`);
  return { subject: `${PRODUCT_NAME}: ${mail.subject}`, text: blocks.join('\n\n') };
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const URL_LINE = /^https?:\/\/\S+$/;
const linkify = (escaped: string): string =>
  escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" style="color:#1d4ed8">${url}</a>`);

/**
 * The HTML part of a mail composed above: paragraphs as paragraphs, the action link as a button,
 * the footer in small grey type. Every character of the text is escaped before any markup is added.
 */
export function renderMailHtml(text: string): string {
  const [body = '', footer] = text.split(`\n\n${FOOTER_RULE}\n`);
  const paragraph = (block: string): string => {
    const lines = block.split('\n');
    const last = lines.at(-1) ?? '';
    if (lines.length === 2 && URL_LINE.test(last)) {
      const label = escapeHtml(lines[0]!.replace(/:$/, ''));
      const href = escapeHtml(last);
      return `<p style="margin:24px 0"><a href="${href}" style="background:#111827;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${label}</a></p><p style="font-size:12px;color:#6b7280;word-break:break-all">Or open this address: ${linkify(href)}</p>`;
    }
    return `<p>${lines.map((l) => linkify(escapeHtml(l))).join('<br>')}</p>`;
  };
  const footerHtml = footer
    ? `<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0"><div style="font-size:12px;color:#6b7280">${footer
        .split('\n\n')
        .map(paragraph)
        .join('')}</div>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:15px;line-height:1.5;color:#111827;max-width:560px;margin:0 auto;padding:24px">${body
    .split('\n\n')
    .map(paragraph)
    .join('')}${footerHtml}</body></html>`;
}
