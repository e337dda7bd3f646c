import type { Activity } from 'botbuilder-core';
import { migrating, type Sql } from '../../storage';

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS = [
  `CREATE TABLE whatsapp_conversations (
     bot_id TEXT NOT NULL,
     wa_id TEXT NOT NULL,
     last_inbound_at TEXT,
     numbered_json TEXT,
     pending_json TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (bot_id, wa_id)
   );
   CREATE INDEX whatsapp_conversations_updated ON whatsapp_conversations (updated_at);`,
];

const UPSERT = (column: string) => `INSERT INTO whatsapp_conversations (bot_id, wa_id, ${column}, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (bot_id, wa_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`;

/**
 * What the WhatsApp channel remembers per resident of one bot, in the bot's database so that every instance knows
 * it: when they last wrote (Meta's 24-hour window), the numbered options they were shown last ("2" is the second),
 * and messages that wait for the window to open again (an agent's answer after the template went out).
 */
export class WhatsAppConversations {
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, private readonly botId: string) {
    this.ready = migrating(sql, 'whatsapp_conversations', MIGRATIONS);
  }

  /** The resident wrote: the window opens. Returns the messages that waited for it, taken so they go out once. */
  async received(waId: string, at: Date): Promise<Partial<Activity>[]> {
    await this.ready;
    return this.sql.exclusive(this.lockOf(waId), async (tx) => {
      const row = await tx.get<{ pending_json: string | null }>('SELECT pending_json FROM whatsapp_conversations WHERE bot_id = ? AND wa_id = ?', [this.botId, waId]);
      await tx.run(`INSERT INTO whatsapp_conversations (bot_id, wa_id, last_inbound_at, pending_json, updated_at) VALUES (?, ?, ?, NULL, ?)
        ON CONFLICT (bot_id, wa_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, pending_json = NULL, updated_at = excluded.updated_at`,
      [this.botId, waId, at.toISOString(), at.toISOString()]);
      return row?.pending_json ? (JSON.parse(row.pending_json) as Partial<Activity>[]) : [];
    });
  }

  /** When the resident last wrote, in epoch milliseconds. */
  async lastInbound(waId: string): Promise<number | undefined> {
    await this.ready;
    const row = await this.sql.get<{ last_inbound_at: string | null }>('SELECT last_inbound_at FROM whatsapp_conversations WHERE bot_id = ? AND wa_id = ?', [this.botId, waId]);
    return row?.last_inbound_at ? Date.parse(row.last_inbound_at) : undefined;
  }

  async numbered(waId: string): Promise<string[] | undefined> {
    await this.ready;
    const row = await this.sql.get<{ numbered_json: string | null }>('SELECT numbered_json FROM whatsapp_conversations WHERE bot_id = ? AND wa_id = ?', [this.botId, waId]);
    return row?.numbered_json ? (JSON.parse(row.numbered_json) as string[]) : undefined;
  }

  /** The options the resident was shown last, by number; none (undefined) after a message without them. */
  async setNumbered(waId: string, options: string[] | undefined, at: Date): Promise<void> {
    await this.ready;
    if (options) await this.sql.run(UPSERT('numbered_json'), [this.botId, waId, JSON.stringify(options), at.toISOString()]);
    else await this.sql.run('UPDATE whatsapp_conversations SET numbered_json = NULL WHERE bot_id = ? AND wa_id = ? AND numbered_json IS NOT NULL', [this.botId, waId]);
  }

  /** Messages to send once the resident writes again, after those already waiting; the newest `max` are kept. */
  async wait(waId: string, activities: Partial<Activity>[], max: number, at: Date): Promise<number> {
    await this.ready;
    return this.sql.exclusive(this.lockOf(waId), async (tx) => {
      const row = await tx.get<{ pending_json: string | null }>('SELECT pending_json FROM whatsapp_conversations WHERE bot_id = ? AND wa_id = ?', [this.botId, waId]);
      const waiting = [...(row?.pending_json ? (JSON.parse(row.pending_json) as Partial<Activity>[]) : []), ...activities].slice(-max);
      await tx.run(UPSERT('pending_json'), [this.botId, waId, JSON.stringify(waiting), at.toISOString()]);
      return waiting.length;
    });
  }

  private lockOf(waId: string): string {
    return `whatsapp:${this.botId}:${waId}`;
  }
}
