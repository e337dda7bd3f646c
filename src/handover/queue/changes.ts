/**
 * Queue changes for live views (the console's event stream), through the bus: on PostgreSQL a change made on one
 * instance reaches the consoles on every instance. The bus carries ids only; a new message is read from the store by
 * the instance that shows it, so no resident's words travel through the bus.
 */
import { EventEmitter } from 'node:events';
import type { Bus } from '../../storage';
import type { HandoverStatus } from '../adapter';
import type { QueueChange } from '../desk';
import type { TicketStore } from './store';

const CHANNEL = 'handover_queue';

interface Notice { bot: string; ticket: number; kind: QueueChange['kind']; status: HandoverStatus; message?: number }

export class ChangeFeed {
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly subscribed: Promise<void>;
  /** Changes reach listeners in the order they arrived, also when one needs its message read first. */
  private delivering: Promise<void> = Promise.resolve();
  private closed = false;

  /** `botId`: only this bot's changes (a queue per bot shares the bus with the others); undefined for all. */
  constructor(private readonly bus: Bus, private readonly store: TicketStore, private readonly botId: string | undefined, private readonly onError: (err: Error) => void) {
    this.subscribed = bus.subscribe(CHANNEL, (payload) => this.received(payload));
    this.subscribed.catch(onError);
  }

  /** Tells every instance; a failing bus is logged, since what changed is stored already. */
  async publish(botId: string, ticketId: number, kind: QueueChange['kind'], status: HandoverStatus, messageId?: number): Promise<void> {
    const notice: Notice = { bot: botId, ticket: ticketId, kind, status, ...(messageId === undefined ? {} : { message: messageId }) };
    try {
      await this.subscribed;
      await this.bus.publish(CHANNEL, JSON.stringify(notice));
    } catch (err) {
      this.onError(err as Error);
    }
  }

  /** Resolves once this instance listens to the bus (a failure is logged already). */
  listening(): Promise<void> {
    return this.subscribed.catch(() => undefined);
  }

  on(listener: (c: QueueChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  close(): void {
    this.closed = true;
    this.events.removeAllListeners();
  }

  private received(payload: string): void {
    const n = parse(payload);
    if (!n || this.closed || (this.botId !== undefined && n.bot !== this.botId) || !this.events.listenerCount('change')) return;
    this.delivering = this.delivering
      .then(async () => {
        const message = n.message === undefined ? undefined : await this.store.message(n.message);
        this.events.emit('change', { botId: n.bot, ticketId: n.ticket, kind: n.kind, status: n.status, ...(message ? { message } : {}) } satisfies QueueChange);
      })
      .catch(this.onError);
  }
}

function parse(payload: string): Notice | undefined {
  try {
    const n = JSON.parse(payload) as Notice;
    return typeof n.bot === 'string' && Number.isInteger(n.ticket) ? n : undefined;
  } catch {
    return undefined;
  }
}
