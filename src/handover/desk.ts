import type { HandoverReason } from '../content/types';
import type { Evidence } from '../engine/types';
import type { Lang } from '../slots/types';
import type { HandoverAdapter, HandoverStatus } from './adapter';

export interface Agent { username: string; name: string }

/** A ticket as the agent console shows it. */
export interface QueueTicket {
  id: number;
  botId: string;
  conversationId: string;
  channel: string;
  lang: Lang;
  status: HandoverStatus;
  priority: 'urgent' | 'normal';
  reasons: HandoverReason[];
  evidence?: Evidence[];
  flow?: string;
  slots: Record<string, string>;
  createdAt: string;
  assignedAt?: string;
  agent?: Agent;
  closedAt?: string;
  outcome?: string;
  lastResidentAt?: string;
}

export interface QueueMessage { id: number; from: 'resident' | 'bot' | 'agent'; text: string; at: string; agent?: string }

/** What changed, for live views (the console's event stream). */
export interface QueueChange {
  botId: string;
  ticketId: number;
  kind: 'created' | 'message' | 'status';
  status: HandoverStatus;
  message?: QueueMessage;
}

export type QueueErrorCode = 'not_found' | 'taken' | 'not_yours' | 'capacity' | 'closed' | 'window_closed' | 'invalid';

/** A refusal the console shows as is: Dutch, for the KCC employee. */
export class QueueError extends Error {
  constructor(readonly code: QueueErrorCode, message: string) {
    super(message);
  }
}

/** A desk of your own may answer at once or later; the console awaits either. */
export type Awaitable<T> = T | Promise<T>;

/**
 * What the agent console (/agent) needs from a handover adapter: the tickets of a bot, the agents signed in, and the
 * agent's actions. The built-in queue has it; any adapter that implements it gets the console too. Refusals the
 * agent should read are thrown as QueueError (Dutch text).
 */
export interface AgentDesk {
  /** Conversations one agent handles at once. */
  readonly capacity: number;
  /** An agent's console is open; returns the function that signs them out. */
  connect(botId: string, agent: Agent): () => void;
  onlineAgents(botId: string): Awaitable<number>;
  onChange(listener: (c: QueueChange) => void): () => void;
  /** Resolves once changes made on other instances reach this one's listeners (its bus listens); optional. */
  listening?(): Promise<void>;
  waiting(botId: string): Awaitable<QueueTicket[]>;
  assignedTo(botId: string, username: string): Awaitable<QueueTicket[]>;
  recent(botId: string, limit?: number): Awaitable<QueueTicket[]>;
  ticket(id: number): Awaitable<QueueTicket | undefined>;
  messages(ticketId: number): Awaitable<QueueMessage[]>;
  claim(ticketId: number, botId: string, agent: Agent): Awaitable<QueueTicket>;
  reply(ticketId: number, botId: string, agent: Agent, text: string): Awaitable<QueueMessage>;
  sendLink(ticketId: number, botId: string, agent: Agent, title: string, url: string): Awaitable<QueueMessage>;
  handBack(ticketId: number, botId: string, agent: Agent): Awaitable<void>;
  resolve(ticketId: number, botId: string, agent: Agent, outcome: string): Awaitable<void>;
}

const DESK_METHODS = ['connect', 'onlineAgents', 'onChange', 'waiting', 'assignedTo', 'recent', 'ticket', 'messages', 'claim', 'reply', 'sendLink', 'handBack', 'resolve'] as const;

/** Whether an adapter can be worked from the agent console: it has every method of AgentDesk. */
export function hasAgentDesk(adapter: HandoverAdapter): adapter is HandoverAdapter & AgentDesk {
  const desk = adapter as unknown as Record<string, unknown>;
  return typeof desk.capacity === 'number' && DESK_METHODS.every((m) => typeof desk[m] === 'function');
}
