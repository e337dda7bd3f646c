/**
 * Which agents have the console open. This instance knows its own streams at once; those held by other instances
 * (several instances on PostgreSQL) are rows they keep fresh with a heartbeat, so an instance that dies without
 * saying goodbye stops counting after `ttlMs`.
 */
import { randomUUID } from 'node:crypto';
import { migrate, type Sql } from '../../storage';
import type { Agent } from '../desk';

const STEPS = [
  `CREATE TABLE handover_presence (
     bot TEXT NOT NULL,
     username TEXT NOT NULL,
     instance TEXT NOT NULL,
     seen_at TEXT NOT NULL,
     PRIMARY KEY (bot, username, instance)
   )`,
];

export interface PresenceOptions {
  now: () => Date;
  /** How often this instance says its agents are still there (default 20 s). */
  heartbeatMs?: number;
  /** How long another instance's word counts without a heartbeat (default 60 s). */
  ttlMs?: number;
  onError: (err: Error) => void;
}

export class AgentPresence {
  private readonly instance = randomUUID();
  /** `<bot>\n<username>` → open consoles on this instance. */
  private readonly local = new Map<string, number>();
  private readonly ready: Promise<unknown>;
  private readonly timer: NodeJS.Timeout;
  /** Writes in the order the consoles opened and closed. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly sql: Sql, private readonly opts: PresenceOptions) {
    this.ready = migrate(sql, 'handover_presence', STEPS);
    this.ready.catch(() => undefined);
    this.timer = setInterval(() => this.write(() => this.heartbeat()), opts.heartbeatMs ?? 20_000).unref();
  }

  /** An agent's console is open; returns the call for when it goes away. */
  connect(botId: string, agent: Agent): () => void {
    const key = keyOf(botId, agent.username);
    const n = (this.local.get(key) ?? 0) + 1;
    this.local.set(key, n);
    if (n === 1) this.write(() => this.upsert(botId, agent.username));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.local.get(key) ?? 1) - 1;
      if (left > 0) return void this.local.set(key, left);
      this.local.delete(key);
      this.write(() => this.sql.run('DELETE FROM handover_presence WHERE bot = ? AND username = ? AND instance = ?', [botId, agent.username, this.instance]));
    };
  }

  /** Agents of a bot with a console open on any instance. */
  async online(botId: string): Promise<number> {
    const here = [...this.local.keys()].filter((k) => k.startsWith(`${botId}\n`)).map((k) => k.slice(botId.length + 1));
    await this.ready;
    const since = new Date(this.opts.now().getTime() - (this.opts.ttlMs ?? 60_000)).toISOString();
    const elsewhere = await this.sql.all<{ username: string }>('SELECT DISTINCT username FROM handover_presence WHERE bot = ? AND instance <> ? AND seen_at >= ?', [botId, this.instance, since]);
    return new Set([...here, ...elsewhere.map((r) => r.username)]).size;
  }

  /** Stops the heartbeat and takes this instance's agents off the list. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.local.clear();
    this.write(() => this.sql.run('DELETE FROM handover_presence WHERE instance = ?', [this.instance]));
    await this.writes;
  }

  private async heartbeat(): Promise<void> {
    for (const key of this.local.keys()) {
      const [botId, username] = key.split('\n');
      await this.upsert(botId, username);
    }
    // Rows of instances that stopped without closing: gone after a day, whoever notices.
    await this.sql.run('DELETE FROM handover_presence WHERE seen_at < ?', [new Date(this.opts.now().getTime() - 86_400_000).toISOString()]);
  }

  private upsert(botId: string, username: string): Promise<number> {
    return this.sql.run(
      `INSERT INTO handover_presence (bot, username, instance, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (bot, username, instance) DO UPDATE SET seen_at = excluded.seen_at`,
      [botId, username, this.instance, this.opts.now().toISOString()],
    );
  }

  private write(work: () => Promise<unknown>): void {
    this.writes = this.writes.then(() => this.ready).then(work).catch((err: Error) => this.opts.onError(err));
  }
}

function keyOf(botId: string, username: string): string {
  return `${botId}\n${username}`;
}
