/**
 * Callback requests (terugbelverzoeken): when nobody can chat now, the resident leaves a name, a phone number and a
 * preferred moment, and the agents see it as a task in the console. Stored in the bot's database: its SQLite file, or
 * PostgreSQL shared by every instance, where a change on one instance reaches the consoles on all of them.
 */
import { EventEmitter } from 'node:events';
import type { HandoverReason } from '../content/types';
import { newReference } from '../slots/reference';
import { LocalBus, migrating, withGeneratedId, type Bus, type Sql, type Step } from '../storage';

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
  /** The action's key (ActionContext.key): a request made again after a crash finds the task made before. */
  key?: string;
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

const COLUMNS = `
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
   CREATE INDEX callback_tasks_open ON callback_tasks (bot, status, created_at);`;

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS: Step[] = [
  withGeneratedId((id) => `CREATE TABLE callback_tasks (
     ${id},${COLUMNS}`),
  `ALTER TABLE callback_tasks ADD COLUMN turn_key TEXT;
   CREATE UNIQUE INDEX callback_tasks_turn_key ON callback_tasks (bot, turn_key);`,
];

interface Row {
  id: number | string; reference: string; bot: string; conversation: string; name: string; phone: string; moment: string; reasons: string;
  summary: string; status: string; created_at: string; closed_at: string | null; closed_by: string | null; outcome: string | null;
}

/** News of a changed task for every instance: `{ bot, id }`, read back from the database by each. */
const CHANNEL = 'loket_callbacks';

export interface CallbackTaskOptions {
  now?: () => Date;
  /** Where changes are announced: LISTEN/NOTIFY with PostgreSQL, so every instance's console hears them. */
  bus?: Bus;
}

export class CallbackTasks {
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly now: () => Date;
  private readonly bus: Bus;
  private readonly ready: Promise<unknown>;
  private reading: Promise<void> = Promise.resolve();

  /** `botId`: whose changes this list announces (the table may hold the tasks of several bots). */
  constructor(private readonly sql: Sql, readonly botId: string, opts: CallbackTaskOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.bus = opts.bus ?? new LocalBus();
    this.ready = Promise.all([migrating(sql, 'callbacks', MIGRATIONS), this.bus.subscribe(CHANNEL, (m) => this.heard(m))]);
    this.ready.catch(() => undefined);
  }

  /** Resolves once changes made on other instances reach this one (its table is there and its bus listens). */
  listening(): Promise<void> {
    return this.ready.then(
      () => undefined,
      () => undefined,
    );
  }

  async add(req: CallbackRequest): Promise<CallbackTask> {
    await this.ready;
    const createdAt = this.now().toISOString();
    const { key, ...request } = req;
    const before = key && (await this.sql.get<Row>('SELECT * FROM callback_tasks WHERE bot = ? AND turn_key = ?', [req.botId, key]));
    if (before) return toTask(before);
    const { id, reference } = await this.sql.transaction(async (tx) => {
      const reference = await freshReference(tx);
      const row = await tx.get<{ id: number | string }>(`INSERT INTO callback_tasks (reference, bot, conversation, name, phone, moment, reasons, summary, status, created_at, turn_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id`, [reference, req.botId, req.conversationId, req.name, req.phone, req.moment, JSON.stringify(req.reasons), req.summary, createdAt, key ?? null]);
      return { id: Number(row!.id), reference };
    });
    await this.announce(req.botId, id);
    return { ...request, id, reference, status: 'open', createdAt };
  }

  /** Open tasks oldest first, or recently done ones newest first. */
  async list(botId: string, status: 'open' | 'done' = 'open', limit = 100): Promise<CallbackTask[]> {
    await this.ready;
    const order = status === 'open' ? 'created_at' : 'closed_at DESC';
    return (await this.sql.all<Row>(`SELECT * FROM callback_tasks WHERE bot = ? AND status = ? ORDER BY ${order} LIMIT ?`, [botId, status, limit])).map(toTask);
  }

  /** Marks a task done; false when it does not exist for this bot or was already done (also by another instance). */
  async close(id: number, botId: string, agent: string, outcome: string): Promise<boolean> {
    await this.ready;
    const changed = await this.sql.run(`UPDATE callback_tasks SET status = 'done', closed_at = ?, closed_by = ?, outcome = ? WHERE id = ? AND bot = ? AND status = 'open'`,
      [this.now().toISOString(), agent, outcome.trim().slice(0, 500) || 'gebeld', id, botId]);
    if (changed) await this.announce(botId, id);
    return changed > 0;
  }

  async get(id: number): Promise<CallbackTask | undefined> {
    await this.ready;
    const row = await this.sql.get<Row>('SELECT * FROM callback_tasks WHERE id = ?', [id]);
    return row && toTask(row);
  }

  /** Every change of this bot's tasks, made on this instance or another one: the task as it is when the news is read. */
  onChange(listener: (t: CallbackTask) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private announce(botId: string, id: number): Promise<void> {
    return this.bus.publish(CHANNEL, JSON.stringify({ bot: botId, id }));
  }

  /** Read in the order heard, so the last news of a task shows it as it is now. */
  private heard(message: string): void {
    const { bot, id } = JSON.parse(message) as { bot: string; id: number };
    if (bot !== this.botId) return;
    this.reading = this.reading.then(() => this.get(id)).then((task) => void (task && this.events.emit('change', task)), () => undefined);
  }
}

/** A TBV reference not yet used, inside the transaction that inserts it. */
async function freshReference(tx: Sql): Promise<string> {
  for (;;) {
    const reference = newReference('TBV');
    if (!(await tx.get('SELECT 1 FROM callback_tasks WHERE reference = ?', [reference]))) return reference;
  }
}

function toTask(r: Row): CallbackTask {
  return {
    id: Number(r.id), reference: r.reference, botId: r.bot, conversationId: r.conversation, name: r.name, phone: r.phone, moment: r.moment,
    reasons: JSON.parse(r.reasons) as HandoverReason[], summary: r.summary, status: r.status as CallbackTask['status'], createdAt: r.created_at,
    ...(r.closed_at ? { closedAt: r.closed_at } : {}), ...(r.closed_by ? { closedBy: r.closed_by } : {}), ...(r.outcome ? { outcome: r.outcome } : {}),
  };
}
