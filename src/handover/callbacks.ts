/**
 * Callback requests (terugbelverzoeken): when nobody can chat now, the resident leaves a name, a phone number and a
 * preferred moment, and the agents see it as a task in the console. Stored in the bot's SQLite database.
 */
import { EventEmitter } from 'node:events';
import type { HandoverReason } from '../content/types';
import { newReference } from '../slots/reference';
import { migrate, type Database } from '../storage/sqlite';

export interface CallbackRequest {
  botId: string;
  conversationId: string;
  name: string;
  phone: string;
  /** The preferred moment as the resident will recognise it ("dinsdag 14 maart, ochtend"). */
  moment: string;
  reasons: HandoverReason[];
  /** What the resident wrote last before asking, for context. */
  summary: string;
}

export interface CallbackTask extends CallbackRequest {
  id: number;
  reference: string;
  status: 'open' | 'done';
  createdAt: string;
  closedAt?: string;
  closedBy?: string;
  outcome?: string;
}

const MIGRATIONS = [
  `CREATE TABLE callback_tasks (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     reference TEXT NOT NULL UNIQUE,
     bot TEXT NOT NULL,
     conversation TEXT NOT NULL,
     name TEXT NOT NULL,
     phone TEXT NOT NULL,
     moment TEXT NOT NULL,
     reasons TEXT NOT NULL,
     summary TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at TEXT NOT NULL,
     closed_at TEXT,
     closed_by TEXT,
     outcome TEXT
   );
   CREATE INDEX callback_tasks_open ON callback_tasks (bot, status, created_at);`,
];

interface Row {
  id: number; reference: string; bot: string; conversation: string; name: string; phone: string; moment: string; reasons: string;
  summary: string; status: string; created_at: string; closed_at: string | null; closed_by: string | null; outcome: string | null;
}

export class CallbackTasks {
  private readonly events = new EventEmitter();

  constructor(private readonly db: Database, private readonly now: () => Date = () => new Date()) {
    migrate(db, 'callbacks', MIGRATIONS);
    this.events.setMaxListeners(0);
  }

  add(req: CallbackRequest): CallbackTask {
    const reference = this.freshReference();
    const createdAt = this.now().toISOString();
    const info = this.db.prepare(`INSERT INTO callback_tasks (reference, bot, conversation, name, phone, moment, reasons, summary, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`).run(reference, req.botId, req.conversationId, req.name, req.phone, req.moment, JSON.stringify(req.reasons), req.summary, createdAt);
    const task: CallbackTask = { ...req, id: Number(info.lastInsertRowid), reference, status: 'open', createdAt };
    this.events.emit('change', task);
    return task;
  }

  /** Open tasks oldest first, or recently done ones newest first. */
  list(botId: string, status: 'open' | 'done' = 'open', limit = 100): CallbackTask[] {
    const order = status === 'open' ? 'created_at' : 'closed_at DESC';
    return (this.db.prepare(`SELECT * FROM callback_tasks WHERE bot = ? AND status = ? ORDER BY ${order} LIMIT ?`).all(botId, status, limit) as Row[]).map(toTask);
  }

  /** Marks a task done; false when it does not exist for this bot or was already done. */
  close(id: number, botId: string, agent: string, outcome: string): boolean {
    const info = this.db.prepare(`UPDATE callback_tasks SET status = 'done', closed_at = ?, closed_by = ?, outcome = ? WHERE id = ? AND bot = ? AND status = 'open'`)
      .run(this.now().toISOString(), agent, outcome.trim().slice(0, 500) || 'gebeld', id, botId);
    if (info.changes) this.events.emit('change', this.get(id));
    return info.changes > 0;
  }

  get(id: number): CallbackTask | undefined {
    const row = this.db.prepare('SELECT * FROM callback_tasks WHERE id = ?').get(id) as Row | undefined;
    return row && toTask(row);
  }

  /** Deletes done tasks older than `days` (AVG: names and phone numbers are kept no longer than needed). */
  purge(days: number): number {
    const before = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    return this.db.prepare(`DELETE FROM callback_tasks WHERE status = 'done' AND closed_at < ?`).run(before).changes;
  }

  onChange(listener: (t: CallbackTask) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private freshReference(): string {
    const exists = this.db.prepare('SELECT 1 FROM callback_tasks WHERE reference = ?');
    for (;;) {
      const ref = newReference('TBV');
      if (!exists.get(ref)) return ref;
    }
  }
}

function toTask(r: Row): CallbackTask {
  return {
    id: r.id, reference: r.reference, botId: r.bot, conversationId: r.conversation, name: r.name, phone: r.phone, moment: r.moment,
    reasons: JSON.parse(r.reasons) as HandoverReason[], summary: r.summary, status: r.status as CallbackTask['status'], createdAt: r.created_at,
    ...(r.closed_at ? { closedAt: r.closed_at } : {}), ...(r.closed_by ? { closedBy: r.closed_by } : {}), ...(r.outcome ? { outcome: r.outcome } : {}),
  };
}
