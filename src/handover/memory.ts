import type { AgentMessage, HandoverAdapter, HandoverStatus, HandoverTicket } from './adapter';
import type { TranscriptLine } from '../engine/types';

interface Entry { ticket: HandoverTicket; status: HandoverStatus; messages: TranscriptLine[] }

/**
 * The simplest human queue: in memory, for development, the console chat and tests. Crisis first, then by waiting
 * time. `assign`, `reply` and `release` are what an agent console calls.
 */
export class MemoryHandoverAdapter implements HandoverAdapter {
  private readonly entries = new Map<string, Entry>();
  private readonly agentListeners: ((m: AgentMessage) => void)[] = [];
  private readonly releaseListeners: ((id: string) => void)[] = [];

  async initiate(ticket: HandoverTicket): Promise<void> {
    this.entries.set(ticket.conversationId, { ticket, status: 'pending', messages: [] });
  }

  async forward(conversationId: string, line: TranscriptLine): Promise<void> {
    this.entries.get(conversationId)?.messages.push(line);
  }

  onAgentMessage(listener: (m: AgentMessage) => void): void {
    this.agentListeners.push(listener);
  }

  onRelease(listener: (conversationId: string) => void): void {
    this.releaseListeners.push(listener);
  }

  /** Waiting conversations, most urgent first, then longest waiting. */
  queue(): HandoverTicket[] {
    return [...this.entries.values()]
      .filter((e) => e.status === 'pending')
      .map((e) => e.ticket)
      .sort((a, b) => (a.priority === b.priority ? a.createdAt.localeCompare(b.createdAt) : a.priority === 'urgent' ? -1 : 1));
  }

  status(conversationId: string): HandoverStatus | undefined {
    return this.entries.get(conversationId)?.status;
  }

  /** Messages the resident sent after the handover. */
  forwarded(conversationId: string): TranscriptLine[] {
    return this.entries.get(conversationId)?.messages ?? [];
  }

  assign(conversationId: string): void {
    this.require(conversationId).status = 'assigned';
  }

  reply(conversationId: string, text: string): void {
    this.require(conversationId);
    for (const l of this.agentListeners) l({ conversationId, text, at: new Date().toISOString() });
  }

  release(conversationId: string): void {
    this.require(conversationId).status = 'returned';
    for (const l of this.releaseListeners) l(conversationId);
  }

  private require(conversationId: string): Entry {
    const e = this.entries.get(conversationId);
    if (!e) throw new Error(`no handover for conversation ${conversationId}`);
    return e;
  }
}
