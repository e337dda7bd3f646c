import type { BotConfig, EmailKind, EmailTemplate, Text } from '../content/types';
import type { RetrySettings } from '../outbox';

/** bot.yaml's `email:` with the defaults filled in and the password read from the environment. */
export interface MailSettings {
  from: string;
  replyTo?: string;
  smtp: {
    host: string;
    port: number;
    security: 'tls' | 'starttls' | 'none';
    user?: string;
    password?: string;
    timeoutMs: number;
  };
  retry: RetrySettings;
  templates: Partial<Record<EmailKind, EmailTemplate>>;
  appointment: { title?: Text; location?: Text };
  /** For {facts.name} and {bot.name} in templates. */
  facts: BotConfig['facts'];
  botName: string;
}

const DEFAULT_PORT = { tls: 465, starttls: 587, none: 25 } as const;

/** What of bot.yaml the mailer reads. */
export type MailBot = Pick<BotConfig, 'email' | 'facts' | 'name'> & { file?: string };

/**
 * The settings of a bot that sends e-mail, or undefined when it does not (no `email.smtp`). A password variable that
 * is not set stops start-up with a message naming the file and the setting: the first resident must not find out.
 */
export function mailSettings(bot: MailBot, env: NodeJS.ProcessEnv = process.env): MailSettings | undefined {
  const email = bot.email;
  if (!email?.smtp) return undefined;
  const where = bot.file ?? 'bot.yaml';
  const smtp = email.smtp;
  const security = smtp.security ?? 'starttls';
  let password: string | undefined;
  if (smtp.password_env) {
    password = env[smtp.password_env];
    if (!password) throw new Error(`${where}: email.smtp.password_env names the environment variable ${smtp.password_env}, which is not set`);
  }
  if (smtp.user && password === undefined) throw new Error(`${where}: email.smtp.user needs password_env, the environment variable with the password`);
  const retry = email.retry ?? {};
  return {
    from: email.from,
    replyTo: email.reply_to,
    smtp: { host: smtp.host, port: smtp.port ?? DEFAULT_PORT[security], security, user: smtp.user, password, timeoutMs: smtp.timeout_ms ?? 15_000 },
    retry: {
      firstMs: (retry.first_seconds ?? 60) * 1000,
      maxMs: (retry.max_minutes ?? 60) * 60_000,
      maxAttempts: retry.max_attempts ?? 100,
    },
    templates: email.templates ?? {},
    appointment: email.appointment ?? {},
    facts: bot.facts ?? {},
    botName: bot.name,
  };
}
