import { migrating, withGeneratedId, type Sql, type Step } from '../../storage';
import type { IncomingMessage } from './adapter';
import type { ProcessedMessages } from './processed';

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS: Step[] = [
  withGeneratedId((id) => `CREATE TABLE whatsapp_inbox (
     ${id},
     bot_id TEXT NOT NULL,
     wa_id TEXT NOT NULL,
     message_json TEXT NOT NULL,
     profile_name TEXT,
     received_at TEXT NOT NULL,
     owner TEXT NOT NULL,
     lease_until TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     sent INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX whatsapp_inbox_resident ON whatsapp_inbox (bot_id, wa_id, id);
   CREATE INDEX whatsapp_inbox_lease ON whatsapp_inbox (bot_id, lease_until);`),
];

/** A lease that has run out: earlier than any real one. */
const EXPIRED = new Date(0).toISOString();

/** An accepted message whose turn has not been marked done. */
export interface InboxEntry {
  id: number;
  waId: string;
  message: IncomingMessage;
  profileName?: string;
  /** The instance working on it, and until when it is theirs unless they renew it. */
  owner: string;
  leaseUntil: string;
  /** How many instances took it on (1 for the one that accepted it). */
  attempts: number;
  /** How many Graph API messages its turn has sent so far. */
  sent: number;
}

interface Row {
  id: number | string; wa_id: string; message_json: string; profile_name: string | null; owner: string; lease_until: string;
  attempts: number | string; sent: number | string;
}

function toEntry(r: Row): InboxEntry {
  return {
    id: Number(r.id), waId: r.wa_id, message: JSON.parse(r.message_json) as IncomingMessage, owner: r.owner, leaseUntil: r.lease_until,
    attempts: Number(r.attempts), sent: Number(r.sent), ...(r.profile_name !== null ? { profileName: r.profile_name } : {}),
  };
}

export interface InboxOptions {
  /** This instance's name in `owner`: random per process, so a restarted process is someone else. */
  owner: string;
  /** How long a taken message stays this instance's without renewal; after that another instance may take it. */
  leaseMs: number;
  /** The real clock (leases are about processes, not the bot's business time); for tests. */
  clock?: () => number;
}

/**
 * WhatsApp messages accepted but not yet answered, in the bot's database: what a turn needs (the message and the
 * contact's profile name), which instance works on it and until when (a lease it renews while alive), and how many of
 * its replies went out. Meta gets its 200 only after the message is in here, and the row goes when the turn is over;
 * the message id's hash stays in `whatsapp_processed`. A message of an instance that died is taken over by another
 * one (or by the same service restarted) once the lease has run out.
 */
export class WhatsAppInbox {
  private readonly ready: Promise<unknown>;
  private readonly clock: () => number;

  constructor(private readonly sql: Sql, private readonly botId: string, private readonly processed: ProcessedMessages, private readonly opts: InboxOptions) {
    this.ready = processed.ready.then(() => migrating(sql, 'whatsapp_inbox', MIGRATIONS));
    this.ready.catch(() => undefined);
    this.clock = opts.clock ?? Date.now;
  }

  get owner(): string {
    return this.opts.owner;
  }

  /** Now on the lease clock, as the table keeps times. */
  private nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  private leaseEnd(): string {
    return new Date(this.clock() + this.opts.leaseMs).toISOString();
  }

  /**
   * Claims the messages of one webhook post and keeps the new ones, all in one transaction: when it commits, each new
   * message is in the inbox, and a duplicate (a retry of Meta's, on any instance) in none. Returns the new ones.
   */
  async accept(messages: { message: IncomingMessage; profileName?: string }[], now: Date): Promise<IncomingMessage[]> {
    await this.ready;
    return this.sql.transaction(async (tx) => {
      const fresh: IncomingMessage[] = [];
      for (const { message, profileName } of messages) {
        if (!(await this.processed.claim(message.id, now, tx))) continue;
        // A resident's messages stay with the live instance already answering them: it goes on with this one when it
        // is done, instead of leaving it for this instance's next sweep (a load balancer that alternates instances).
        const busy = await tx.get<{ owner: string; lease_until: string }>(
          'SELECT owner, lease_until FROM whatsapp_inbox WHERE bot_id = ? AND wa_id = ? AND lease_until >= ? ORDER BY id LIMIT 1',
          [this.botId, message.from, this.nowIso()],
        );
        await tx.run(
          'INSERT INTO whatsapp_inbox (bot_id, wa_id, message_json, profile_name, received_at, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [this.botId, message.from, JSON.stringify(message), profileName ?? null, now.toISOString(), busy?.owner ?? this.opts.owner, busy?.lease_until ?? this.leaseEnd()],
        );
        fresh.push(message);
      }
      return fresh;
    });
  }

  /** The resident's oldest message whose turn is not done, whichever instance has it. */
  async next(waId: string): Promise<InboxEntry | undefined> {
    await this.ready;
    const row = await this.sql.get<Row>('SELECT * FROM whatsapp_inbox WHERE bot_id = ? AND wa_id = ? ORDER BY id LIMIT 1', [this.botId, waId]);
    return row && toEntry(row);
  }

  /** Whether the entry's lease has run out (its instance is gone, or too slow to count on). */
  expired(entry: InboxEntry): boolean {
    return entry.leaseUntil < this.nowIso();
  }

  /**
   * Takes over an entry whose lease ran out. One conditional update: of several instances trying at once, only one
   * finds the owner and lease it saw, and so only one gets it. Returns the entry as now taken, or undefined.
   */
  async take(entry: InboxEntry): Promise<InboxEntry | undefined> {
    await this.ready;
    const leaseUntil = this.leaseEnd();
    const changed = await this.sql.run(
      'UPDATE whatsapp_inbox SET owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ? AND owner = ? AND lease_until = ? AND lease_until < ?',
      [this.opts.owner, leaseUntil, entry.id, entry.owner, entry.leaseUntil, this.nowIso()],
    );
    return changed === 1 ? { ...entry, owner: this.opts.owner, leaseUntil, attempts: entry.attempts + 1 } : undefined;
  }

  /** One more reply of the entry's turn went out; false when the entry is no longer this instance's. */
  async sentOne(id: number): Promise<boolean> {
    await this.ready;
    return (await this.sql.run('UPDATE whatsapp_inbox SET sent = sent + 1 WHERE id = ? AND owner = ?', [id, this.opts.owner])) === 1;
  }

  /** The turn is over: the message and the profile name go (the id's hash stays in whatsapp_processed). */
  async done(id: number): Promise<boolean> {
    await this.ready;
    return (await this.sql.run('DELETE FROM whatsapp_inbox WHERE id = ? AND owner = ?', [id, this.opts.owner])) === 1;
  }

  /** This instance is alive: its entries stay its own for another lease. */
  async renew(): Promise<void> {
    await this.ready;
    await this.sql.run('UPDATE whatsapp_inbox SET lease_until = ? WHERE bot_id = ? AND owner = ?', [this.leaseEnd(), this.botId, this.opts.owner]);
  }

  /** Residents with messages this instance should handle (its own, or left by an instance that is gone), oldest first. */
  async residents(limit = 100): Promise<string[]> {
    await this.ready;
    const rows = await this.sql.all<{ wa_id: string }>(
      'SELECT wa_id, MIN(id) AS first FROM whatsapp_inbox WHERE bot_id = ? AND (owner = ? OR lease_until < ?) GROUP BY wa_id ORDER BY first LIMIT ?',
      [this.botId, this.opts.owner, this.nowIso(), limit],
    );
    return rows.map((r) => r.wa_id);
  }

  /**
   * Ends the leases of every other instance (SQLite at start-up: it serves one process, so whatever another one took
   * is left by a process that is gone), or this instance's own (stopping: another may take what is left at once).
   */
  async expire(whose: 'others' | 'own'): Promise<void> {
    await this.ready;
    await this.sql.run(`UPDATE whatsapp_inbox SET lease_until = ? WHERE bot_id = ? AND owner ${whose === 'own' ? '=' : '<>'} ?`, [EXPIRED, this.botId, this.opts.owner]);
  }
}
