import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { OutboxItem, OutboxStore } from './store';

export interface RetrySettings {
  /** Wait after the first failure; each next failure waits twice as long. */
  firstMs: number;
  /** The longest wait between two tries. */
  maxMs: number;
  /** Tries before an item is given up (kept as failed for a person to look at). */
  maxAttempts: number;
}

/** One minute, doubling to an hour at most, 100 tries: a mail server may be away for about four days. */
export const DEFAULT_RETRY: RetrySettings = { firstMs: 60_000, maxMs: 3_600_000, maxAttempts: 100 };

export interface OutboxWorkerOptions {
  store: OutboxStore;
  topic: string;
  /** Delivers one item; throws when it did not arrive. */
  deliver(item: OutboxItem): Promise<void>;
  /** Whether an error means the other side will never take this item (a refused address): no more tries. */
  permanent?(err: unknown): boolean;
  log: Logger;
  now?: () => Date;
  retry?: Partial<RetrySettings>;
  /** Items taken per round. */
  batch?: number;
  /** How long a taken item is ours; longer than one delivery may take. */
  leaseMs?: number;
  /** Looks again this often without news: another process may have added items. */
  pollMs?: number;
}

export interface OutboxWorkerEvents {
  delivered: [item: OutboxItem];
  retry: [item: OutboxItem, error: string, next: Date];
  failed: [item: OutboxItem, error: string];
}

/**
 * Delivers a topic's items from the outbox: at once when woken, then whenever the next retry is due. `stop()` lets
 * a delivery under way finish and starts no new one.
 */
export class OutboxWorker extends EventEmitter<OutboxWorkerEvents> {
  private readonly now: () => Date;
  private readonly retry: RetrySettings;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(private readonly opts: OutboxWorkerOptions) {
    super();
    this.now = opts.now ?? (() => new Date());
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  get topic(): string {
    return this.opts.topic;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Something new is waiting: deliver now instead of at the next timer. */
  wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.rounds().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.schedule();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Delivers what is due now; returns how many items it handled (delivered, retried later or given up). */
  async runOnce(): Promise<number> {
    const { store, topic } = this.opts;
    const now = this.now();
    const items = await store.claim(topic, now, this.opts.batch ?? 10, new Date(now.getTime() + (this.opts.leaseMs ?? 120_000)));
    for (const item of items) await this.deliverOne(item);
    return items.length;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      try {
        while (!this.stopped && (await this.runOnce()) > 0);
      } catch (err) {
        this.opts.log.error({ topic: this.opts.topic, err: (err as Error).message }, 'outbox round failed');
      }
    } while (this.again && !this.stopped);
  }

  private schedule(): void {
    const poll = this.opts.pollMs ?? 60_000;
    this.opts.store.nextDue(this.opts.topic).then(
      (due) => {
        if (this.stopped || this.running || this.timer) return;
        const wait = due ? Math.min(poll, Math.max(0, due.getTime() - this.now().getTime())) : poll;
        this.timer = setTimeout(() => this.wake(), wait);
        this.timer.unref(); // a waiting retry must not keep the process alive
      },
      (err: Error) => this.opts.log.error({ topic: this.opts.topic, err: err.message }, 'outbox unreadable'),
    );
  }

  private async deliverOne(item: OutboxItem): Promise<void> {
    const { store, log, topic } = this.opts;
    try {
      await this.opts.deliver(item);
    } catch (err) {
      const error = errorText(err);
      const tries = item.attempts + 1;
      if (this.opts.permanent?.(err) || tries >= this.retry.maxAttempts) {
        await store.failed(item.id, error, this.now());
        log.error({ topic, id: item.id, kind: item.kind, reference: item.reference, tries, err: loggable(error) }, 'outbox item given up');
        this.emit('failed', item, error);
        return;
      }
      const next = new Date(this.now().getTime() + Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** item.attempts));
      await store.retry(item.id, error, next);
      log.warn({ topic, id: item.id, kind: item.kind, reference: item.reference, tries, next: next.toISOString(), err: loggable(error) }, 'outbox item not delivered; will retry');
      this.emit('retry', item, error, next);
      return;
    }
    await store.delivered(item.id, this.now());
    log.info({ topic, id: item.id, kind: item.kind, reference: item.reference }, 'outbox item delivered');
    this.emit('delivered', item);
  }
}

/** An error as one line for the outbox row and the log; never the payload. */
/** A remote error as the log may keep it: SMTP and APIs name the resident's address or number in their refusals. */
export function loggable(error: string): string {
  return error.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[e-mail]').replace(/\+?\d[\d\s-]{7,}\d/g, '[nummer]');
}

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').slice(0, 500);
}
