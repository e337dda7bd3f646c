import { SqliteHandoverQueue, type Agent } from '../handover';
import { openDatabase } from '../storage/sqlite';

/**
 * A stand-in KCC employee on a private in-memory queue, for `loket chat` and YAML conversation tests: signed in (so
 * the bot can hand over), takes a conversation when it first answers it, and can hand it back.
 */
export class StandInAgent {
  readonly queue: SqliteHandoverQueue;
  private readonly agent: Agent = { username: 'medewerker', name: 'Medewerker' };
  private leave?: () => void;
  private botId = '';

  constructor(now: () => Date = () => new Date()) {
    this.queue = new SqliteHandoverQueue(openDatabase(':memory:'), { sweepEveryMs: 0, now });
  }

  /** A signed-in agent makes the bot hand over; without one the bot offers a callback instead. */
  signIn(botId: string): void {
    this.botId = botId;
    this.leave ??= this.queue.connect(botId, this.agent);
  }

  signOut(): void {
    this.leave?.();
    this.leave = undefined;
  }

  /** Answers the resident, taking the conversation first if it still waits. False when nothing is handed over. */
  say(conversationId: string, text: string): boolean {
    const ticket = this.queue.ticketOf(conversationId);
    if (!ticket) return false;
    if (ticket.status === 'pending') this.queue.claim(ticket.id, this.botId, this.agent);
    this.queue.reply(ticket.id, this.botId, this.agent, text);
    return true;
  }

  handBack(conversationId: string): boolean {
    const ticket = this.queue.ticketOf(conversationId);
    if (!ticket) return false;
    if (ticket.status === 'pending') this.queue.claim(ticket.id, this.botId, this.agent);
    this.queue.handBack(ticket.id, this.botId, this.agent);
    return true;
  }
}
