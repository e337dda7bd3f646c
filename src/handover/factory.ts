import type { Logger } from 'pino';
import type { BotContent } from '../content/types';
import type { Bus, Sql } from '../storage';
import type { Database } from '../storage/sqlite';
import type { HandoverAdapter } from './adapter';
import { ChatwootAdapter } from './chatwoot';
import { HandoverQueue } from './queue';
import { WebhookHandoverAdapter } from './webhook';

export interface AdapterDeps {
  db: Database;
  /** The bot's store: PostgreSQL shared by every instance with DATABASE_URL, else the bot's SQLite file. */
  sql: Sql;
  /** How news reaches every instance (LISTEN/NOTIFY with DATABASE_URL). */
  bus?: Bus;
  log: Logger;
  now: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** What a handover adapter from loket.config.js gets when a bot starts. */
export interface HandoverAdapterContext {
  botId: string;
  content: BotContent;
  /** bot.yaml's handover.settings, as written ({} without them). */
  settings: Record<string, unknown>;
  /** The bot's SQLite database, for adapters that keep state on one instance. */
  db: Database;
  /** The bot's store for adapters that keep state shared by every instance: PostgreSQL with DATABASE_URL, else the bot's SQLite file. */
  sql: Sql;
  /** How news reaches every instance (LISTEN/NOTIFY with DATABASE_URL; this process only without). */
  bus?: Bus;
  log: Logger;
  now: () => Date;
  /** Where secrets come from (process.env). */
  env: NodeJS.ProcessEnv;
}

/** Builds a bot's handover adapter; registered by name under `handoverAdapters` in loket.config.js. */
export type HandoverAdapterFactory = (ctx: HandoverAdapterContext) => HandoverAdapter;

const REQUIRED_METHODS = ['available', 'initiate', 'forward', 'cancel', 'onEvent'] as const;

/**
 * The adapter bot.yaml asks for (`handover.adapter`, default the built-in queue), with secrets from the environment:
 * a built-in one, or one of `custom` (loket.config.js's handoverAdapters) by name.
 */
export function createHandoverAdapter(content: BotContent, deps: AdapterDeps, custom: Record<string, HandoverAdapterFactory> = {}): HandoverAdapter {
  const h = content.bot.handover;
  const env = deps.env ?? process.env;
  const botId = content.bot.id;
  const factory = h.adapter ? custom[h.adapter] : undefined;
  if (factory) return checkedAdapter(factory({ botId, content, settings: h.settings ?? {}, db: deps.db, sql: deps.sql, bus: deps.bus, log: deps.log, now: deps.now, env }), h.adapter!);
  switch (h.adapter ?? 'queue') {
    case 'queue':
      return new HandoverQueue(deps.sql, {
        capacity: h.capacity, averageMinutes: h.average_minutes, offerCallbackAfterMinutes: h.offer_callback_after_minutes,
        expireAfterMinutes: h.expire_after_minutes, keepDays: h.keep_days, now: deps.now, bus: deps.bus, botId, log: deps.log,
      });
    case 'webhook': {
      const settings = section(content, h.webhook, 'webhook');
      const secret = requiredEnv(content, env, settings.secret_env, 'webhook.secret_env');
      return new WebhookHandoverAdapter(settings, { secret, log: deps.log, botId });
    }
    case 'chatwoot': {
      const settings = section(content, h.chatwoot, 'chatwoot');
      const token = requiredEnv(content, env, settings.token_env, 'chatwoot.token_env');
      const webhookToken = settings.webhook_token_env ? requiredEnv(content, env, settings.webhook_token_env, 'chatwoot.webhook_token_env') : undefined;
      return new ChatwootAdapter(settings, { token, webhookToken, log: deps.log, botId, sql: deps.sql });
    }
    default:
      throw new Error(`${content.bot.file}: handover adapter "${h.adapter}" is not available`);
  }
}

/** A factory's result must be an adapter: a missing method would only show when the first resident is handed over. */
function checkedAdapter(adapter: HandoverAdapter | undefined, name: string): HandoverAdapter {
  const missing = REQUIRED_METHODS.filter((m) => typeof (adapter as Partial<HandoverAdapter> | undefined)?.[m] !== 'function');
  if (missing.length) throw new Error(`handover adapter "${name}" (loket.config.js): the factory must return an adapter with ${missing.map((m) => `${m}()`).join(', ')}`);
  return adapter!;
}

function section<T>(content: BotContent, settings: T | undefined, name: string): T {
  if (!settings) throw new Error(`${content.bot.file}: handover.adapter is ${name}, but there is no handover.${name} section`);
  return settings;
}

/** An env var named in bot.yaml, or a clear start-up error naming the file and the setting. */
function requiredEnv(content: BotContent, env: NodeJS.ProcessEnv, name: string, setting: string): string {
  const value = env[name];
  if (!value) throw new Error(`${content.bot.file}: handover.${setting} names the environment variable ${name}, which is not set`);
  return value;
}
