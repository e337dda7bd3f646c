import type { HandoverAdapter } from './adapter';
import type { Agent, QueueChange, QueueMessage, QueueTicket } from './queue';

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
  onlineAgents(botId: string): number;
  onChange(listener: (c: QueueChange) => void): () => void;
  waiting(botId: string): QueueTicket[];
  assignedTo(botId: string, username: string): QueueTicket[];
  recent(botId: string, limit?: number): QueueTicket[];
  ticket(id: number): QueueTicket | undefined;
  messages(ticketId: number): QueueMessage[];
  claim(ticketId: number, botId: string, agent: Agent): QueueTicket;
  reply(ticketId: number, botId: string, agent: Agent, text: string): QueueMessage;
  sendLink(ticketId: number, botId: string, agent: Agent, title: string, url: string): QueueMessage;
  handBack(ticketId: number, botId: string, agent: Agent): void;
  resolve(ticketId: number, botId: string, agent: Agent, outcome: string): void;
}

const DESK_METHODS = ['connect', 'onlineAgents', 'onChange', 'waiting', 'assignedTo', 'recent', 'ticket', 'messages', 'claim', 'reply', 'sendLink', 'handBack', 'resolve'] as const;

/** Whether an adapter can be worked from the agent console: it has every method of AgentDesk. */
export function hasAgentDesk(adapter: HandoverAdapter): adapter is HandoverAdapter & AgentDesk {
  const desk = adapter as unknown as Record<string, unknown>;
  return typeof desk.capacity === 'number' && DESK_METHODS.every((m) => typeof desk[m] === 'function');
}
