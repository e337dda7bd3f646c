import { migrate, type Database } from '../storage/sqlite';
import type { NewOutboxItem, OutboxItem, OutboxStatus, OutboxStore } from './store';

const MIGRATIONS = [
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     topic TEXT NOT NULL,
     kind TEXT NOT NULL,
     reference TEXT,
     bot_id TEXT,
     payload_json TEXT,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     lease_until TEXT,
     last_error TEXT,
     created_at TEXT NOT NULL,
     done_at TEXT
   );
   CREATE INDEX outbox_due ON outbox (topic, status, next_attempt_at);`,
];

interface Row {
  id: number; topic: string; kind: string; reference: string | null; bot_id: string | null; payload_json: string | null;
  status: OutboxStatus; attempts: number; next_attempt_at: string; last_error: string | null; created_at: string;
}

function toItem(row: Row): OutboxItem {
  const item: OutboxItem = {
    id: row.id, topic: row.topic, kind: row.kind, payload: row.payload_json ? JSON.parse(row.payload_json) : {},
    status: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, createdAt: row.created_at,
  };
  if (row.reference) item.reference = row.reference;
  if (row.bot_id) item.botId = row.bot_id;
  if (row.last_error) item.lastError = row.last_error;
  return item;
}

/** The outbox as a table in the bot's SQLite file: the message and the booking it belongs to live side by side. */
export class SqliteOutbox implements OutboxStore {
  constructor(private readonly db: Database) {
    migrate(db, 'outbox', MIGRATIONS);
  }

  async add(item: NewOutboxItem, now: Date): Promise<number> {
    const info = this.db
      .prepare(`INSERT INTO outbox (topic, kind, reference, bot_id, payload_json, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`)
      .run(item.topic, item.kind, item.reference ?? null, item.botId ?? null, JSON.stringify(item.payload), now.toISOString(), now.toISOString());
    return Number(info.lastInsertRowid);
  }

  async claim(topic: string, now: Date, limit: number, leaseUntil: Date): Promise<OutboxItem[]> {
    const at = now.toISOString();
    // IMMEDIATE takes the write lock before reading, so two processes cannot lease the same rows.
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM outbox WHERE topic = ? AND status = 'pending' AND next_attempt_at <= ?
                    AND (lease_until IS NULL OR lease_until <= ?)
                  ORDER BY next_attempt_at, id LIMIT ?`)
        .all(topic, at, at, limit) as Row[];
      const lease = this.db.prepare('UPDATE outbox SET lease_until = ? WHERE id = ?');
      for (const row of rows) lease.run(leaseUntil.toISOString(), row.id);
      return rows.map(toItem);
    }).immediate();
  }

  async delivered(id: number, now: Date): Promise<void> {
    this.db
      .prepare(`UPDATE outbox SET status = 'sent', payload_json = NULL, attempts = attempts + 1, lease_until = NULL,
                  last_error = NULL, done_at = ? WHERE id = ?`)
      .run(now.toISOString(), id);
  }

  async retry(id: number, error: string, next: Date): Promise<void> {
    this.db
      .prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`)
      .run(next.toISOString(), error, id);
  }

  async failed(id: number, error: string, now: Date): Promise<void> {
    this.db
      .prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, lease_until = NULL, last_error = ?, done_at = ?
                WHERE id = ?`)
      .run(error, now.toISOString(), id);
  }

  async nextDue(topic: string): Promise<Date | undefined> {
    const row = this.db
      .prepare(`SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, ''))) AS due FROM outbox WHERE topic = ? AND status = 'pending'`)
      .get(topic) as { due: string | null };
    return row.due ? new Date(row.due) : undefined;
  }

  async get(id: number): Promise<OutboxItem | undefined> {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row && toItem(row);
  }

  async list(topic: string, status?: OutboxStatus): Promise<OutboxItem[]> {
    const rows = status
      ? this.db.prepare('SELECT * FROM outbox WHERE topic = ? AND status = ? ORDER BY id').all(topic, status)
      : this.db.prepare('SELECT * FROM outbox WHERE topic = ? ORDER BY id').all(topic);
    return (rows as Row[]).map(toItem);
  }
}
