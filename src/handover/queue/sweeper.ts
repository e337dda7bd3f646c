/**
 * The queue's time-based work: offer a callback to residents who wait too long (once), expire what waits far too
 * long, and delete closed conversations older than the retention period. One lock for all instances, like the
 * privacy purge: instances sweeping at once take turns, and the later ones find nothing left to do.
 */
import type { QueueTicket } from '../desk';
import type { TicketStore, Transition } from './store';

export interface SweepRules {
  offerCallbackAfterMinutes: number;
  expireAfterMinutes: number;
  /** Closed tickets and their messages are deleted after this many days. */
  keepDays: number;
}

/** What a sweep changed, in order, for the desk to tell once it is stored: an expiry, or else a callback offer. */
export type SweepNews = { ticket: QueueTicket; expired?: Transition }[];

const MINUTE = 60_000;

export class Sweeper {
  private readonly timer?: NodeJS.Timeout;

  constructor(
    private readonly store: TicketStore,
    private readonly rules: SweepRules,
    private readonly now: () => Date,
    private readonly announce: (news: SweepNews) => Promise<void>,
    onError: (err: Error) => void,
    everyMs: number,
  ) {
    if (everyMs > 0) this.timer = setInterval(() => void this.sweep().catch(onError), everyMs).unref();
  }

  async sweep(): Promise<void> {
    const now = this.now().getTime();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
    const news = await this.store.exclusive('handover:sweep', async (store): Promise<SweepNews> => {
      const found: SweepNews = [];
      const expireAt = at(this.rules.expireAfterMinutes);
      for (const { ticket, offered } of await store.pendingSince(at(this.rules.offerCallbackAfterMinutes))) {
        if (ticket.createdAt <= expireAt) {
          const expired: Transition = { from: 'pending', to: 'expired', actor: 'system', at: new Date(now).toISOString(), outcome: 'niemand beschikbaar' };
          if (await store.close(ticket.id, expired)) found.push({ ticket, expired });
        } else if (!offered && (await store.markOffered(ticket.id))) {
          found.push({ ticket });
        }
      }
      await store.deleteClosedBefore(at(this.rules.keepDays * 24 * 60));
      return found;
    });
    await this.announce(news);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
