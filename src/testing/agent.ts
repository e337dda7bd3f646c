import { HandoverQueue, type Agent } from '../handover';
import { SqliteSql } from '../storage';
import { openDatabase } from '../storage/sqlite';

/**
 * A stand-in KCC employee on a private in-memory queue, for `loket chat` and YAML conversation tests: signed in (so
 * the bot can hand over), takes a conversation when it first answers it, and can hand it back.
 */
export class StandInAgent {
  readonly queue: HandoverQueue;
  private readonly agent: Agent = { username: 'medewerker', name: 'Medewerker' };
  private leave?: () => void;
  private botId = '';

  constructor(now: () => Date = () => new Date()) {
    this.queue = new HandoverQueue(new SqliteSql(openDatabase(':memory:')), { sweepEveryMs: 0, now });
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
  async say(conversationId: string, text: string): Promise<boolean> {
    const ticket = await this.queue.ticketOf(conversationId);
    if (!ticket) return false;
    if (ticket.status === 'pending') await this.queue.claim(ticket.id, this.botId, this.agent);
    await this.queue.reply(ticket.id, this.botId, this.agent, text);
    return true;
  }

  async handBack(conversationId: string): Promise<boolean> {
    const ticket = await this.queue.ticketOf(conversationId);
    if (!ticket) return false;
    if (ticket.status === 'pending') await this.queue.claim(ticket.id, this.botId, this.agent);
    await this.queue.handBack(ticket.id, this.botId, this.agent);
    return true;
  }
}
