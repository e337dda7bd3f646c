import type { ConversationReference } from 'botbuilder';
import { migrate, type Database, type Statement } from '../storage/sqlite';

const MIGRATIONS = [
  `CREATE TABLE conversation_routes (
     conversation TEXT PRIMARY KEY,
     adapter TEXT NOT NULL,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX conversation_routes_updated ON conversation_routes (updated_at);`,
];

export interface Route { adapter: string; reference: Partial<ConversationReference> }

/** A route unchanged since its last write is written again after this long, so `purge` sees the conversation is alive. */
const REFRESH_MS = 86_400_000;
const REMEMBERED = 10_000;

/**
 * How to reach each conversation again (the adapter and botbuilder's conversation reference), in SQLite: an agent's
 * answer must reach the resident after a server restart too. Old routes are dropped after `keepDays`.
 */
export class RouteStore {
  /** What was last written per conversation and when: most turns come from where the last one came from. */
  private readonly written = new Map<string, { key: string; at: number }>();
  private readonly upsert: Statement;
  private readonly select: Statement;
  private readonly remove: Statement;

  constructor(db: Database, private readonly now: () => Date = () => new Date()) {
    migrate(db, 'routes', MIGRATIONS);
    this.upsert = db.prepare(`INSERT INTO conversation_routes (conversation, adapter, reference, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (conversation) DO UPDATE SET adapter = excluded.adapter, reference = excluded.reference, updated_at = excluded.updated_at`);
    this.select = db.prepare('SELECT adapter, reference FROM conversation_routes WHERE conversation = ?');
    this.remove = db.prepare('DELETE FROM conversation_routes WHERE updated_at < ?');
  }

  /**
   * The reference is kept without the activity id: that changes with every message, and a message reaching the
   * resident later (an agent's) answers none of them.
   */
  save(conversationId: string, route: Route): void {
    const { activityId: _, ...reference } = route.reference;
    const json = JSON.stringify(reference);
    const key = `${route.adapter}\n${json}`;
    const now = this.now();
    const last = this.written.get(conversationId);
    if (last?.key === key && now.getTime() - last.at < REFRESH_MS) return;
    if (!last && this.written.size >= REMEMBERED) this.written.clear();
    this.upsert.run(conversationId, route.adapter, json, now.toISOString());
    this.written.set(conversationId, { key, at: now.getTime() });
  }

  get(conversationId: string): Route | undefined {
    const row = this.select.get(conversationId) as { adapter: string; reference: string } | undefined;
    return row && { adapter: row.adapter, reference: JSON.parse(row.reference) as Partial<ConversationReference> };
  }

  purge(keepDays: number): number {
    this.written.clear();
    const before = new Date(this.now().getTime() - keepDays * 86_400_000).toISOString();
    return this.remove.run(before).changes;
  }
}
