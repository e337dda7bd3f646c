import { createHash } from 'node:crypto';
import { migrating, type Sql } from '../../storage';

/**
 * Meta retries a webhook for up to 7 days; a message older than that is a replay, not a retry, and is refused. Ids
 * are kept one day longer, so every message young enough to be accepted is also remembered if it comes again.
 */
export const MAX_MESSAGE_AGE_MS = 7 * 86_400_000;
export const KEEP_IDS_MS = MAX_MESSAGE_AGE_MS + 86_400_000;

const MIGRATIONS = [
  `CREATE TABLE whatsapp_processed (
     id_hash TEXT PRIMARY KEY,
     received_at TEXT NOT NULL
   );
   CREATE INDEX whatsapp_processed_received ON whatsapp_processed (received_at);`,
  // Whose: on PostgreSQL several bots share the table, and each bot's purge removes its own (src/privacy).
  'ALTER TABLE whatsapp_processed ADD COLUMN bot_id TEXT;',
];

/**
 * WhatsApp message ids already handled, in the bot's database, so a signed payload sent again is not handled again:
 * after a restart, and on PostgreSQL on whichever instance it arrives (the primary key lets one insert win). Only a
 * hash is kept: a wamid encodes the sender's phone number.
 */
export class ProcessedMessages {
  /** Resolves once the table is there (a claim inside another store's transaction must not wait for it). */
  readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, private readonly botId: string) {
    this.ready = migrating(sql, 'whatsapp_processed', MIGRATIONS).then(() => this.adopt());
    this.ready.catch(() => undefined);
  }

  /** True the first time this bot sees the message id, on any instance; false for a duplicate. `tx`: within it. */
  async claim(messageId: string, now: Date, tx: Sql = this.sql): Promise<boolean> {
    await this.ready;
    const hash = createHash('sha256').update(`${this.botId}\n${messageId}`).digest('hex');
    return (await tx.run('INSERT INTO whatsapp_processed (id_hash, bot_id, received_at) VALUES (?, ?, ?) ON CONFLICT (id_hash) DO NOTHING', [hash, this.botId, now.toISOString()])) === 1;
  }

  /** Ids kept before they had a bot; in a bot's own SQLite file they are that bot's. */
  private async adopt(): Promise<void> {
    if (this.sql.dialect === 'sqlite') await this.sql.run('UPDATE whatsapp_processed SET bot_id = ? WHERE bot_id IS NULL', [this.botId]);
  }
}

/** Whether a message's `timestamp` (epoch seconds) is too old to be a retry. */
export function tooOld(timestamp: string, now: Date): boolean {
  return Number(timestamp) * 1000 < now.getTime() - MAX_MESSAGE_AGE_MS;
}
