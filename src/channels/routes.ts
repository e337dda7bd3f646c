import type { ConversationReference } from 'botbuilder';
import { migrate, type Database } from '../storage/sqlite';

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

/**
 * How to reach each conversation again (the adapter and botbuilder's conversation reference), in SQLite: an agent's
 * answer must reach the resident after a server restart too. Old routes are dropped after `keepDays`.
 */
export class RouteStore {
  private readonly written = new Map<string, string>();

  constructor(private readonly db: Database, private readonly now: () => Date = () => new Date()) {
    migrate(db, 'routes', MIGRATIONS);
  }

  save(conversationId: string, route: Route): void {
    const json = JSON.stringify(route.reference);
    const key = `${route.adapter}\n${json}`;
    // Most turns come from the same place as the last one; skip the write then (bounded: cleared when large).
    if (this.written.get(conversationId) === key) return;
    if (this.written.size > 10_000) this.written.clear();
    this.db.prepare(`INSERT INTO conversation_routes (conversation, adapter, reference, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (conversation) DO UPDATE SET adapter = excluded.adapter, reference = excluded.reference, updated_at = excluded.updated_at`)
      .run(conversationId, route.adapter, json, this.now().toISOString());
    this.written.set(conversationId, key);
  }

  get(conversationId: string): Route | undefined {
    const row = this.db.prepare('SELECT adapter, reference FROM conversation_routes WHERE conversation = ?').get(conversationId) as { adapter: string; reference: string } | undefined;
    return row && { adapter: row.adapter, reference: JSON.parse(row.reference) as Partial<ConversationReference> };
  }

  purge(keepDays: number): number {
    this.written.clear();
    const before = new Date(this.now().getTime() - keepDays * 86_400_000).toISOString();
    return this.db.prepare('DELETE FROM conversation_routes WHERE updated_at < ?').run(before).changes;
  }
}
