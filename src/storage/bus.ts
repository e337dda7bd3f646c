import { EventEmitter } from 'node:events';
import type { Client } from 'pg';
import { pg } from './pg';

/**
 * News that every instance must hear: "conversation X has new activities". In one process an EventEmitter; with
 * PostgreSQL, NOTIFY on one instance reaches every instance's LISTEN (its own included), so sockets held by another
 * instance get the news too.
 */
export interface Bus {
  /**
   * True when the bus is PostgreSQL's LISTEN/NOTIFY on the database the stores use: a store may then send its news with
   * the statement that made it (pg_notify), which every instance hears at the commit, without a round trip of its own.
   */
  readonly inDatabase: boolean;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
  readonly inDatabase = false;
  private readonly events = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    this.events.emit(channel, message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    this.events.on(channel, listener);
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}

/** Several notifications in one statement, in the order given. */
const NOTIFY_ALL = 'SELECT pg_notify(n.c, n.m) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS n(c, m, i) ORDER BY n.i';

/**
 * LISTEN/NOTIFY on one dedicated connection; channel names are plain identifiers chosen by Loket, never input.
 * Queries on it run one after another (pg does not overlap them on one client). A lost connection (a database
 * restart, a failover) is made again and every channel listened to again, so news keeps reaching this instance.
 */
export class PostgresBus implements Bus {
  readonly inDatabase = true;
  private readonly local = new LocalBus();
  /** Each channel listened to, with its first LISTEN. */
  private readonly channels = new Map<string, Promise<unknown>>();
  private listener?: Promise<Client>;
  private client?: Client;
  private last: Promise<unknown> = Promise.resolve();
  /** News waiting for the listening connection, and the round trip that will take it. */
  private notices: { channel: string; message: string }[] = [];
  private sending?: Promise<unknown>;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly url: string, private readonly onError: (err: Error) => void = () => undefined, private readonly retryMs = 1000) {}

  /**
   * News published while a round trip is under way goes out together in the next one: under load every turn
   * publishes, and one round trip each, one after another on this connection, made turns wait in line.
   */
  async publish(channel: string, message: string): Promise<void> {
    this.notices.push({ channel, message });
    if (!this.sending) {
      const sending = this.query(() => this.takeNotices());
      this.sending = sending;
      // Failed before it took the news (no connection): its publishers hear so, and the news is not sent later.
      sending.catch(() => {
        if (this.sending !== sending) return;
        this.sending = undefined;
        this.notices = [];
      });
    }
    await this.sending;
  }

  private takeNotices(): [string, unknown[]] {
    const batch = this.notices.splice(0);
    this.sending = undefined;
    return [NOTIFY_ALL, [batch.map((n) => n.channel), batch.map((n) => n.message)]];
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bus channel "${channel}" must be a plain identifier`);
    await this.local.subscribe(channel, listener);
    // Every subscriber waits until the channel is listened to, also the second one while the first LISTEN runs.
    let listening = this.channels.get(channel);
    if (!listening) {
      listening = this.query(`LISTEN ${channel}`);
      this.channels.set(channel, listening);
      // A LISTEN that failed (the database away) is tried again by the next subscriber, not remembered as failed.
      listening.catch(() => this.channels.get(channel) === listening && this.channels.delete(channel));
    }
    await listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.local.close();
    const client = await this.listener?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  /** One query at a time on the listening connection; a function gives the query when its turn comes. */
  private query(query: string | (() => [string, unknown[]])): Promise<unknown> {
    const run = this.last.catch(() => undefined).then(async () => {
      const connection = await this.connection();
      const [text, values] = typeof query === 'string' ? [query, []] : query();
      return connection.query(text, values);
    });
    this.last = run;
    return run;
  }

  private connection(): Promise<Client> {
    this.listener ??= this.connect();
    return this.listener;
  }

  private async connect(): Promise<Client> {
    // A partition must not hang publishing and shutdown: give up connecting after 10 s, notice a dead peer.
    const client = new (pg().Client)({ connectionString: this.url, connectionTimeoutMillis: 10_000, keepAlive: true });
    this.client = client;
    client.on('notification', (n) => void this.local.publish(n.channel, n.payload ?? ''));
    client.on('error', (err) => {
      this.onError(err);
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      return client;
    } catch (err) {
      this.drop(client);
      void client.end().catch(() => undefined);
      throw err;
    }
  }

  /** Forgets a dead connection; with channels to hear, a new one is made after a pause (a publish makes one at once). */
  private drop(client: Client): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    this.listener = undefined;
    if (this.channels.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed && !this.listener) this.connection().catch(() => undefined);
    }, this.retryMs);
    this.retry.unref();
  }
}
