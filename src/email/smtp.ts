import type { Transporter } from 'nodemailer';
import type { OutboxItem } from '../outbox';
import { addressOf, type MailMessage } from './compose';
import type { MailSettings } from './settings';

/** Delivers one e-mail from the outbox; throws when the server did not take it. */
export type MailSender = (item: OutboxItem) => Promise<void>;

export function smtpTransport(settings: MailSettings): Transporter {
  const { smtp } = settings;
  // Loaded when e-mail is set up: a bot without smtp: never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodemailer: typeof import('nodemailer') = require('nodemailer');
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs * 2,
  });
}

/**
 * Sends an outbox item. The Message-ID is the item's own, so a message sent twice (the process stopped between
 * the server's yes and the outbox's record of it) is one message to the resident's mail program.
 */
export function smtpSender(transport: Transporter, settings: MailSettings): MailSender {
  const domain = addressOf(settings.from).split('@')[1] ?? 'loket.local';
  return async (item) => {
    const message = item.payload as unknown as MailMessage;
    await transport.sendMail({
      ...message,
      messageId: `<loket.${item.id}.${Date.parse(item.createdAt)}@${domain}>`,
      // RFC 3834: out-of-office replies are not sent back to a no-reply address.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  };
}

/** The server refused the recipient or the message for good (5xx): trying again will not help. */
export function refusedForGood(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string };
  const code = e?.responseCode ?? 0;
  return code >= 500 && code < 600 && (e.command === 'RCPT TO' || e.command === 'DATA');
}
