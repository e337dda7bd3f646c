import { migrating, withGeneratedId, type Sql, type Step } from '../storage';
import type { NewOutboxItem, OutboxItem, OutboxStatus, OutboxStore } from './store';

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS: Step[] = [
  withGeneratedId((id) => `CREATE TABLE outbox (
       ${id},
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
     CREATE INDEX outbox_due ON outbox (topic, status, next_attempt_at);`),
  // Several bots share one PostgreSQL outbox: each bot's worker takes only its own items.
  `DROP INDEX outbox_due;
   CREATE INDEX outbox_bot_due ON outbox (bot_id, topic, status, next_attempt_at);`,
  // A failed item an employee dealt with by hand (the agent console): who, and how.
  `ALTER TABLE outbox ADD COLUMN handled_by TEXT;
   ALTER TABLE outbox ADD COLUMN note TEXT;`,
  // An action run again after a crash (its turn answered by another instance) queues its e-mail once.
  `ALTER TABLE outbox ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX outbox_turn_key ON outbox (bot_id, turn_key);`,
];

/**
 * Taking due items is one statement: it leases them in the same step it finds them. PostgreSQL skips rows another
 * instance is leasing right now (SKIP LOCKED) instead of waiting and taking them too; SQLite has one writer.
 */
const CLAIM = (lock: string) => `UPDATE outbox SET lease_until = ?
  WHERE id IN (SELECT id FROM outbox WHERE bot_id = ? AND topic = ? AND status = 'pending' AND next_attempt_at <= ?
                 AND (lease_until IS NULL OR lease_until <= ?)
               ORDER BY next_attempt_at, id LIMIT ?${lock})
  RETURNING *`;
const CLAIMS = { sqlite: CLAIM(''), postgres: CLAIM(' FOR UPDATE SKIP LOCKED') };

interface Row {
  id: number | string; topic: string; kind: string; reference: string | null; bot_id: string; payload_json: string | null;
  status: OutboxStatus; attempts: number; next_attempt_at: string; last_error: string | null; created_at: string;
  done_at: string | null; handled_by: string | null; note: string | null;
}

function toItem(row: Row): OutboxItem {
  const item: OutboxItem = {
    id: Number(row.id), topic: row.topic, kind: row.kind, botId: row.bot_id, payload: row.payload_json ? JSON.parse(row.payload_json) : {},
    status: row.status, attempts: Number(row.attempts), nextAttemptAt: row.next_attempt_at, createdAt: row.created_at,
  };
  if (row.reference) item.reference = row.reference;
  if (row.last_error) item.lastError = row.last_error;
  if (row.done_at) item.doneAt = row.done_at;
  if (row.handled_by) item.handledBy = row.handled_by;
  if (row.note) item.note = row.note;
  return item;
}

/**
 * One bot's outbox in the Sql port: in the bot's SQLite file beside the booking it belongs to, or in PostgreSQL,
 * where every instance's worker takes from the same table and a message is leased by one of them at a time.
 */
export class SqlOutbox implements OutboxStore {
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, readonly botId: string) {
    this.ready = migrating(sql, 'outbox', MIGRATIONS).then(() => this.adopt());
    this.ready.catch(() => undefined);
  }

  async add(item: NewOutboxItem, now: Date): Promise<number> {
    await this.ready;
    const row = await this.sql.get<{ id: number | string }>(
      `INSERT INTO outbox (topic, kind, reference, bot_id, payload_json, status, next_attempt_at, created_at, turn_key)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (bot_id, turn_key) DO NOTHING RETURNING id`,
      [item.topic, item.kind, item.reference ?? null, this.botId, JSON.stringify(item.payload), now.toISOString(), now.toISOString(), item.key ?? null],
    ) ?? await this.sql.get<{ id: number | string }>('SELECT id FROM outbox WHERE bot_id = ? AND turn_key = ?', [this.botId, item.key]);
    return Number(row!.id);
  }

  async claim(topic: string, now: Date, limit: number, leaseUntil: Date): Promise<OutboxItem[]> {
    await this.ready;
    const at = now.toISOString();
    const rows = await this.sql.all<Row>(CLAIMS[this.sql.dialect], [leaseUntil.toISOString(), this.botId, topic, at, at, limit]);
    return rows.map(toItem).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id - b.id);
  }

  async delivered(id: number, now: Date): Promise<void> {
    await this.update(`status = 'sent', payload_json = NULL, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = ?`, [now.toISOString()], id);
  }

  async retry(id: number, error: string, next: Date): Promise<void> {
    await this.update('attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL, last_error = ?', [next.toISOString(), error], id);
  }

  async failed(id: number, error: string, now: Date): Promise<void> {
    await this.update(`status = 'failed', attempts = attempts + 1, lease_until = NULL, last_error = ?, done_at = ?`, [error, now.toISOString()], id);
  }

  async nextDue(topic: string): Promise<Date | undefined> {
    await this.ready;
    // A leased item is due when its lease ends, if that is later than its own time.
    const row = await this.sql.get<{ due: string | null }>(
      `SELECT MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) AS due
       FROM outbox WHERE bot_id = ? AND topic = ? AND status = 'pending'`,
      [this.botId, topic],
    );
    return row?.due ? new Date(row.due) : undefined;
  }

  async get(id: number): Promise<OutboxItem | undefined> {
    await this.ready;
    const row = await this.sql.get<Row>('SELECT * FROM outbox WHERE id = ? AND bot_id = ?', [id, this.botId]);
    return row && toItem(row);
  }

  async list(topic: string, status?: OutboxStatus): Promise<OutboxItem[]> {
    await this.ready;
    const rows = status
      ? await this.sql.all<Row>('SELECT * FROM outbox WHERE bot_id = ? AND topic = ? AND status = ? ORDER BY id', [this.botId, topic, status])
      : await this.sql.all<Row>('SELECT * FROM outbox WHERE bot_id = ? AND topic = ? ORDER BY id', [this.botId, topic]);
    return rows.map(toItem);
  }

  async failedItems(limit = 100): Promise<OutboxItem[]> {
    await this.ready;
    const rows = await this.sql.all<Row>(`SELECT * FROM outbox WHERE bot_id = ? AND status = 'failed' ORDER BY done_at DESC, id DESC LIMIT ?`, [this.botId, limit]);
    return rows.map(toItem);
  }

  async requeue(id: number): Promise<boolean> {
    // Due since it was made: due at once by whatever clock the worker keeps. The tries count from 0 again, so the
    // worker waits as after a first failure, not as after its last.
    return (await this.update(`status = 'pending', attempts = 0, next_attempt_at = created_at, lease_until = NULL, done_at = NULL`, [], id, 'failed')) > 0;
  }

  async handled(id: number, by: string, note: string, now: Date): Promise<boolean> {
    return (await this.update(`status = 'handled', payload_json = NULL, handled_by = ?, note = ?, done_at = ?`, [by, note, now.toISOString()], id, 'failed')) > 0;
  }

  /** Changes one of this bot's items, only while it has status `from` when given; returns how many rows changed. */
  private async update(set: string, params: unknown[], id: number, from?: OutboxStatus): Promise<number> {
    await this.ready;
    const only = from ? ' AND status = ?' : '';
    return this.sql.run(`UPDATE outbox SET ${set} WHERE id = ? AND bot_id = ?${only}`, [...params, id, this.botId, ...(from ? [from] : [])]);
  }

  /** Items written before the outbox was per bot had no bot; in a bot's own SQLite file they are that bot's. */
  private async adopt(): Promise<void> {
    if (this.sql.dialect === 'sqlite') await this.sql.run('UPDATE outbox SET bot_id = ? WHERE bot_id IS NULL', [this.botId]);
  }
}
