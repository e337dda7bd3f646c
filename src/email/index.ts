/**
 * Confirmations by e-mail (docs/integrations.md). An action that succeeded hands its notice to the mailer, which writes
 * the e-mail to the bot's outbox (its SQLite file, or PostgreSQL shared by every instance); a worker sends it over SMTP
 * and tries again later while the mail server is away. So a booking never waits for the mail server, and no
 * confirmation is lost when it is down.
 */
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { OutboxWorker, SqlOutbox, type OutboxStore } from '../outbox';
import type { Sql } from '../storage';
import { compose } from './compose';
import { mailSettings, type MailBot, type MailSettings } from './settings';
import { refusedForGood, smtpSender, smtpTransport } from './smtp';
import type { Notice, NoticeContext, Notifier } from './types';

export { compose, whenText, type MailMessage } from './compose';
export { calendarFile, type CalendarItem } from './ics';
export { mailSettings, type MailBot, type MailSettings } from './settings';
export { zonedInstant } from './time';
export type { AppointmentNotice, Notice, NoticeContext, Notifier } from './types';

export const EMAIL_TOPIC = 'email';

export interface MailerOptions {
  /** Where the outbox is: the bot's database. */
  sql: Sql;
  botId: string;
  bot: MailBot;
  log: Logger;
  /** false: e-mails wait in the outbox and are not sent (conversation tests must not mail example addresses). */
  deliver?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Default: the bot's outbox in `sql`. */
  store?: OutboxStore;
  /** Default: SMTP as bot.yaml says. */
  transport?: Transporter;
  now?: () => Date;
}

export interface Mailer extends Notifier {
  /** The worker that sends; undefined when e-mail is off. */
  readonly worker?: OutboxWorker;
  readonly settings?: MailSettings;
  /** Lets a sending e-mail finish and sends no more. */
  close(): Promise<void>;
}

const OFF: Mailer = { available: false, notify: async () => false, close: async () => undefined };

/** The mailer for one bot: off (promising nothing) without `email.smtp`, else sending from the outbox. */
export function createMailer(opts: MailerOptions): Mailer {
  const settings = mailSettings(opts.bot, opts.env);
  if (!settings) return OFF;
  const now = opts.now ?? (() => new Date());
  const store = opts.store ?? new SqlOutbox(opts.sql, opts.botId);
  const transport = opts.transport ?? smtpTransport(settings);
  const log = opts.log.child({ component: 'email' });
  const worker = new OutboxWorker({
    store, topic: EMAIL_TOPIC, deliver: smtpSender(transport, settings), permanent: refusedForGood, log, now, retry: settings.retry,
  });
  if (opts.deliver !== false) worker.start();
  return {
    available: true,
    worker,
    settings,
    async notify(notice: Notice, ctx: NoticeContext): Promise<boolean> {
      const message = compose(notice, settings, ctx.lang, now());
      if (!message) return false;
      const id = await store.add({ topic: EMAIL_TOPIC, kind: notice.kind, reference: notice.reference, payload: { ...message }, ...(ctx.key ? { key: ctx.key } : {}) }, now());
      // The reference and kind only: the address and the text are personal data.
      ctx.log.info({ email: notice.kind, reference: notice.reference, outbox: id }, 'e-mail queued');
      worker.wake();
      return true;
    },
    async close(): Promise<void> {
      await worker.stop();
      transport.close();
    },
  };
}
