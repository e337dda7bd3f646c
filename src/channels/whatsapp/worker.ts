import type { Logger } from 'pino';
import { sweepEvery, type Sweeper } from '../recovery';
import { hashId, type WhatsAppAdapter } from './adapter';
import { WhatsAppError } from './graph';
import type { InboxEntry, WhatsAppInbox } from './inbox';

/** A message whose turn was started this often (each time by an instance that then died) is given up: it may be the cause. */
export const MAX_ATTEMPTS = 5;

/**
 * Answers one bot's accepted WhatsApp messages from its inbox. Per resident one drain at a time on this instance,
 * which takes the resident's oldest waiting message on any instance: its own, or one whose lease ran out (taken over),
 * and stops at one another living instance is working on (that instance, or this one's next sweep, goes on). So each
 * resident's messages are answered in the order they came, and each once. The sweep renews this instance's leases and
 * drains residents with messages left by an instance that is gone.
 */
export class InboxWorker {
  private readonly draining = new Map<string, { again: boolean; done: Promise<void> }>();
  private sweeper?: Sweeper;
  private everyMs = 0;

  constructor(private readonly inbox: WhatsAppInbox, private readonly adapter: WhatsAppAdapter, private readonly log: Logger) {}

  /** Starts the sweep: at once (after a restart: what the previous process left), then every `everyMs`. */
  start(everyMs: number, orphansAtStart: boolean): void {
    this.everyMs = everyMs;
    let first = orphansAtStart;
    this.sweeper = sweepEvery(everyMs, async (stopped) => {
      if (first) await this.inbox.expire('others');
      first = false;
      await this.inbox.renew();
      for (const waId of await this.inbox.residents()) if (!stopped()) this.schedule(waId);
    }, (e) => this.log.error({ err: e.message }, 'whatsapp inbox sweep failed'));
  }

  /** The resident has a message waiting: drained now, or once more by the drain already running. */
  schedule(waId: string): void {
    const running = this.draining.get(waId);
    if (running) return void (running.again = true);
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        await this.drain(waId);
      } while (state.again);
    })()
      .catch((e: Error) => this.log.error({ err: e.message, resident: hashId(waId) }, 'whatsapp messages not handled; the sweep tries again'))
      .finally(() => this.draining.delete(waId));
    this.draining.set(waId, state);
  }

  /** Resolves when every drain started so far (and those they led to) is over. */
  async idle(): Promise<void> {
    while (this.draining.size) await Promise.allSettled([...this.draining.values()].map((d) => d.done));
  }

  /** Stops the sweep, finishes what was taken on, and lets other instances take whatever is left at once. */
  async stop(): Promise<void> {
    await this.sweeper?.stop();
    // Finishing can outlast a lease: renewed meanwhile, or another instance would answer these messages again.
    const renewing = setInterval(() => void this.inbox.renew().catch((e: Error) => this.log.error({ err: e.message }, 'whatsapp lease not renewed')), this.everyMs || 5_000);
    try {
      await this.idle();
    } finally {
      clearInterval(renewing);
    }
    await this.inbox.expire('own');
  }

  private async drain(waId: string): Promise<void> {
    for (;;) {
      let entry = await this.inbox.next(waId);
      if (!entry) return;
      if (entry.owner !== this.inbox.owner) {
        // Another instance is at it: it goes on with the next one itself, or this instance's sweep does.
        if (!this.inbox.expired(entry)) return;
        entry = await this.inbox.take(entry);
        if (!entry) return;
        this.log.warn({ resident: hashId(waId), attempts: entry.attempts }, 'whatsapp message taken over from an instance that is gone');
      }
      await this.answer(entry);
    }
  }

  /** One message's turn, then it leaves the inbox; a turn that failed is not tried again (as the resident was told). */
  private async answer(entry: InboxEntry): Promise<void> {
    const { message } = entry;
    if (entry.attempts > MAX_ATTEMPTS) {
      this.log.error({ resident: hashId(message.from), type: message.type, attempts: entry.attempts }, 'whatsapp message given up: every instance that took it stopped halfway');
    } else {
      const progress = {
        sent: entry.sent,
        record: async () => {
          if (!(await this.inbox.sentOne(entry.id))) throw new WhatsAppError('taken_over', 'another instance took this message over');
        },
      };
      try {
        await this.adapter.receive(message, entry.profileName, progress);
      } catch (e) {
        this.log.error({ err: (e as Error).message, code: (e as { code?: string }).code, resident: hashId(message.from), type: message.type }, 'whatsapp message not handled');
      }
    }
    await this.inbox.done(entry.id);
  }
}
