import type { HandoverReason } from '../content/types';
import type { TranscriptLine } from '../engine/types';

/** What the agent gets when a conversation is handed over: why, what was said, and what the bot collected. */
export interface HandoverTicket {
  botId: string;
  conversationId: string;
  reasons: HandoverReason[];
  priority: 'urgent' | 'normal';
  flow?: string;
  slots: Record<string, string>;
  transcript: TranscriptLine[];
  createdAt: string;
}

export type HandoverStatus = 'pending' | 'assigned' | 'resolved' | 'returned' | 'expired';

/** A message from the agent to the resident. */
export interface AgentMessage { conversationId: string; text: string; at: string }

/**
 * The edge to the human queue (Botpress HITL-style states: pending → assigned → resolved / returned / expired).
 * The runtime calls `initiate` when the policy decides, `forward` for every resident message while a person has the
 * conversation, and listens for agent messages and the release back to the bot.
 */
export interface HandoverAdapter {
  initiate(ticket: HandoverTicket): Promise<void>;
  forward(conversationId: string, line: TranscriptLine): Promise<void>;
  onAgentMessage(listener: (m: AgentMessage) => void): void;
  onRelease(listener: (conversationId: string) => void): void;
}
