import type { Logger } from 'pino';
import type { BotContent } from '../content/types';
import type { Database } from '../storage/sqlite';
import type { HandoverAdapter } from './adapter';
import { SqliteHandoverQueue } from './queue';

export interface AdapterDeps {
  db: Database;
  log: Logger;
  now: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** Agents may only answer within this many hours of the resident's last message on these channels. */
const REPLY_WINDOWS: Record<string, number> = { whatsapp: 24 };

/** The adapter bot.yaml asks for (`handover.adapter`, default the built-in queue), with secrets from the environment. */
export function createHandoverAdapter(content: BotContent, deps: AdapterDeps): HandoverAdapter {
  const h = content.bot.handover;
  switch (h.adapter ?? 'queue') {
    case 'queue':
      return new SqliteHandoverQueue(deps.db, {
        capacity: h.capacity, averageMinutes: h.average_minutes, offerCallbackAfterMinutes: h.offer_callback_after_minutes,
        expireAfterMinutes: h.expire_after_minutes, keepDays: h.keep_days, replyWindowHours: REPLY_WINDOWS, now: deps.now,
      });
    default:
      throw new Error(`${content.bot.file}: handover adapter "${h.adapter}" is not available`);
  }
}

/** An env var named in bot.yaml, or a clear start-up error naming the file and the setting. */
export function requiredEnv(content: BotContent, env: NodeJS.ProcessEnv, name: string, setting: string): string {
  const value = env[name];
  if (!value) throw new Error(`${content.bot.file}: handover.${setting} names the environment variable ${name}, which is not set`);
  return value;
}
