import type { ConversationReference } from 'botbuilder-core';
import { migrating, type Sql } from '../storage';

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS = [
  `CREATE TABLE conversation_routes (
     conversation TEXT PRIMARY KEY,
     adapter TEXT NOT NULL,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX conversation_routes_updated ON conversation_routes (updated_at);`,
  // Per bot: on PostgreSQL several bots share the table, and one WhatsApp number may write to two of them. Routes of
  // before have bot '' until their bot opens its file (`adopt`).
  `CREATE TABLE conversation_routes_by_bot (
     bot_id TEXT NOT NULL,
     conversation TEXT NOT NULL,
     adapter TEXT NOT NULL,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (bot_id, conversation)
   );
   INSERT INTO conversation_routes_by_bot (bot_id, conversation, adapter, reference, updated_at)
     SELECT '', conversation, adapter, reference, updated_at FROM conversation_routes;
   DROP TABLE conversation_routes;
   ALTER TABLE conversation_routes_by_bot RENAME TO conversation_routes;
   CREATE INDEX conversation_routes_updated ON conversation_routes (updated_at);`,
];

export interface Route { adapter: string; reference: Partial<ConversationReference> }

/** A route unchanged since its last write is written again after this long, so the purge sees the conversation is alive. */
const REFRESH_MS = 86_400_000;
const REMEMBERED = 10_000;

/**
 * How to reach each conversation of one bot again (the adapter and botbuilder's conversation reference): an agent's
 * answer must reach the resident after a restart too, and on PostgreSQL from whichever instance the agent works on.
 * Old routes go with the conversations' retention (src/privacy).
 */
export class RouteStore {
  /** What was last written per conversation and when: most turns come from where the last one came from. */
  private readonly written = new Map<string, { key: string; at: number }>();
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, private readonly botId: string, private readonly now: () => Date = () => new Date()) {
    this.ready = migrating(sql, 'routes', MIGRATIONS).then(() => this.adopt());
    this.ready.catch(() => undefined);
  }

  /**
   * The reference is kept without the activity id: that changes with every message, and a message reaching the
   * resident later (an agent's) answers none of them.
   */
  async save(conversationId: string, route: Route): Promise<void> {
    const { activityId: _, ...reference } = route.reference;
    const json = JSON.stringify(reference);
    const key = `${route.adapter}\n${json}`;
    const now = this.now();
    const last = this.written.get(conversationId);
    if (last?.key === key && now.getTime() - last.at < REFRESH_MS) return;
    if (!last && this.written.size >= REMEMBERED) this.written.clear();
    await this.ready;
    await this.sql.run(`INSERT INTO conversation_routes (bot_id, conversation, adapter, reference, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (bot_id, conversation) DO UPDATE SET adapter = excluded.adapter, reference = excluded.reference, updated_at = excluded.updated_at`,
    [this.botId, conversationId, route.adapter, json, now.toISOString()]);
    this.written.set(conversationId, { key, at: now.getTime() });
  }

  async get(conversationId: string): Promise<Route | undefined> {
    await this.ready;
    const row = await this.sql.get<{ adapter: string; reference: string }>('SELECT adapter, reference FROM conversation_routes WHERE bot_id = ? AND conversation = ?', [this.botId, conversationId]);
    return row && { adapter: row.adapter, reference: JSON.parse(row.reference) as Partial<ConversationReference> };
  }

  /** Routes from before they were kept per bot; in a bot's own SQLite file they are that bot's. */
  private async adopt(): Promise<void> {
    if (this.sql.dialect === 'sqlite') await this.sql.run("UPDATE conversation_routes SET bot_id = ? WHERE bot_id = ''", [this.botId]);
  }
}
