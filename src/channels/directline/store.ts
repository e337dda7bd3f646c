import type { Activity } from 'botbuilder';
import { migrate, type Database } from '../../storage/sqlite';

/** One Direct Line conversation: which bot it talks to, the resident it belongs to, and its log position. */
export interface ConversationRecord {
  id: string;
  botId: string;
  userId?: string;
  userName?: string;
  createdAt: string;
  /** The next sequence number; the watermark of the newest activity is `nextSeq - 1`. */
  nextSeq: number;
}

/** An activity as it is kept in the log and sent to clients: always with its server id. */
export type LoggedActivity = Partial<Activity> & { id: string };

export interface ActivityPage {
  activities: LoggedActivity[];
  /** Index of the newest activity in the conversation (undefined while the log is empty). */
  watermark?: number;
}

/** Append-only: each step is one migration (see storage/sqlite.ts); add a step, never edit one. */
const MIGRATIONS = [
  `CREATE TABLE directline_conversations (
     id TEXT PRIMARY KEY,
     bot_id TEXT NOT NULL,
     user_id TEXT,
     user_name TEXT,
     created_at TEXT NOT NULL,
     next_seq INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE directline_activities (
     conversation_id TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     activity TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   ) WITHOUT ROWID`,
];

/** The id Direct Line gives an activity: `<conversationId>|0000042`. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

interface ConversationRow { id: string; bot_id: string; user_id: string | null; user_name: string | null; created_at: string; next_seq: number }

/**
 * Conversations and their activity logs in SQLite (one table each), so a restart loses nothing. Each log keeps at most
 * `maxActivities` activities; older ones are dropped, but sequence numbers (watermarks) keep increasing.
 */
export class DirectLineStore {
  constructor(private readonly db: Database, readonly maxActivities = 1000) {
    migrate(db, 'directline', MIGRATIONS);
  }

  get(id: string): ConversationRecord | undefined {
    const row = this.db.prepare('SELECT * FROM directline_conversations WHERE id = ?').get(id) as ConversationRow | undefined;
    return row && {
      id: row.id, botId: row.bot_id, createdAt: row.created_at, nextSeq: row.next_seq,
      ...(row.user_id != null ? { userId: row.user_id } : {}), ...(row.user_name != null ? { userName: row.user_name } : {}),
    };
  }

  /** Creates the conversation unless it exists; returns it and whether it was created now. */
  create(rec: Omit<ConversationRecord, 'nextSeq' | 'createdAt'>, now = new Date()): { conversation: ConversationRecord; created: boolean } {
    const r = this.db
      .prepare('INSERT OR IGNORE INTO directline_conversations (id, bot_id, user_id, user_name, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(rec.id, rec.botId, rec.userId ?? null, rec.userName ?? null, now.toISOString());
    return { conversation: this.get(rec.id)!, created: r.changes === 1 };
  }

  /** Appends one activity; `build` gets the server id. Returns the stored activity and its sequence number. */
  append(conversationId: string, build: (id: string) => Partial<Activity>): { activity: LoggedActivity; seq: number } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT next_seq FROM directline_conversations WHERE id = ?').get(conversationId) as { next_seq: number } | undefined;
      if (!row) throw new Error(`unknown Direct Line conversation ${conversationId}`);
      const seq = row.next_seq;
      const activity = { ...build(activityId(conversationId, seq)), id: activityId(conversationId, seq) };
      this.db.prepare('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)').run(conversationId, seq, JSON.stringify(activity));
      this.db.prepare('UPDATE directline_conversations SET next_seq = ? WHERE id = ?').run(seq + 1, conversationId);
      if (seq >= this.maxActivities) {
        this.db.prepare('DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ?').run(conversationId, seq - this.maxActivities);
      }
      // The stored JSON is what clients get: undefined fields dropped, Dates as ISO strings.
      return { activity: JSON.parse(JSON.stringify(activity)) as LoggedActivity, seq };
    }).immediate();
  }

  /** Activities after the watermark (all of them without one), oldest first. */
  after(conversationId: string, watermark?: number): ActivityPage {
    const conversation = this.get(conversationId);
    if (!conversation) return { activities: [] };
    const rows = this.db
      .prepare('SELECT activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq')
      .all(conversationId, watermark ?? -1) as { activity: string }[];
    return {
      activities: rows.map((r) => JSON.parse(r.activity) as LoggedActivity),
      ...(conversation.nextSeq > 0 ? { watermark: conversation.nextSeq - 1 } : {}),
    };
  }
}
