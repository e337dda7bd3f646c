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

/** How long `anyOnline` uses the other instances' last answer. */
const REUSE_MS = 1000;

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
  /** The last question to the database per bot: when, and the answer (see `anyOnline`). */
  private readonly asked = new Map<string, { at: number; names: Promise<string[]> }>();
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
    return new Set([...this.here(botId), ...(await this.elsewhere(botId))]).size;
  }

  /**
   * Whether any agent of the bot has a console open. Every resident's turn asks, so the other instances' answer is
   * used for up to a second: the heartbeat that keeps it true is twenty times coarser.
   */
  async anyOnline(botId: string): Promise<boolean> {
    if (this.here(botId).length) return true;
    const asked = this.asked.get(botId);
    if (asked && performance.now() - asked.at < REUSE_MS) return (await asked.names).length > 0;
    return (await this.elsewhere(botId)).length > 0;
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

  private here(botId: string): string[] {
    return [...this.local.keys()].filter((k) => k.startsWith(`${botId}\n`)).map((k) => k.slice(botId.length + 1));
  }

  /** Agents of the bot with a console open on another instance, as the heartbeats in the database say. */
  private elsewhere(botId: string): Promise<string[]> {
    const names = this.ready.then(async () => {
      const since = new Date(this.opts.now().getTime() - (this.opts.ttlMs ?? 60_000)).toISOString();
      const rows = await this.sql.all<{ username: string }>('SELECT DISTINCT username FROM handover_presence WHERE bot = ? AND instance <> ? AND seen_at >= ?', [botId, this.instance, since]);
      return rows.map((r) => r.username);
    });
    this.asked.set(botId, { at: performance.now(), names });
    names.catch(() => this.asked.get(botId)?.names === names && this.asked.delete(botId));
    return names;
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
