import { EventEmitter } from 'node:events';
import { Client } from 'pg';

/**
 * News that every instance must hear: "conversation X has new activities". In one process an EventEmitter; with
 * PostgreSQL, NOTIFY on one instance reaches every instance's LISTEN (its own included), so sockets held by another
 * instance get the news too.
 */
export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
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

/** LISTEN/NOTIFY on one dedicated connection; channel names are plain identifiers chosen by Loket, never input. */
export class PostgresBus implements Bus {
  private readonly local = new LocalBus();
  private listener?: Promise<Client>;

  constructor(private readonly url: string, private readonly onError: (err: Error) => void = () => undefined) {}

  async publish(channel: string, message: string): Promise<void> {
    const client = await this.connection();
    await client.query('SELECT pg_notify($1, $2)', [channel, message]);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bus channel "${channel}" must be a plain identifier`);
    await this.local.subscribe(channel, listener);
    const client = await this.connection();
    await client.query(`LISTEN ${channel}`);
  }

  async close(): Promise<void> {
    await this.local.close();
    const client = await this.listener?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<Client> {
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.url });
      client.on('notification', (n) => void this.local.publish(n.channel, n.payload ?? ''));
      client.on('error', (err) => this.onError(err));
      await client.connect();
      return client;
    })();
    return this.listener;
  }
}
