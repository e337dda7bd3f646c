import type { HandoverReason } from '../content/types';
import type { Evidence, HandoverEvent, QueuePlace, TranscriptLine } from '../engine/types';
import type { Lang } from '../slots/types';

/** The engine defines what comes back from the human side; adapters produce it. */
export type { HandoverEvent, QueuePlace };

/** What the agent gets when a conversation is handed over: why, what was said, and what the bot collected. */
export interface HandoverTicket {
  botId: string;
  conversationId: string;
  /** The channel the resident uses ("webchat", "whatsapp", …): some channels limit when an agent may answer. */
  channel: string;
  lang: Lang;
  reasons: HandoverReason[];
  /** Why the policy chose those reasons: signal, words, probability and threshold per reason. */
  evidence?: Evidence[];
  priority: 'urgent' | 'normal';
  flow?: string;
  /** Slots the bot collected, as they read ("dinsdag 14 maart"). */
  slots: Record<string, string>;
  transcript: TranscriptLine[];
  createdAt: string;
}

/**
 * Botpress HITL-style states. pending: waiting for an agent; assigned: an agent has it; then resolved (closed by the
 * agent), returned (handed back to the bot, or withdrawn by the resident) or expired (nobody took it in time).
 */
export type HandoverStatus = 'pending' | 'assigned' | 'resolved' | 'returned' | 'expired';

/**
 * What became of an event from the human side. An agent's message or link is refused when the resident can no longer
 * get it: the channel's reply window closed (WhatsApp, 24 hours), or the conversation is no longer with a person.
 * `reason` is Dutch, for the agent; remote adapters pass it back to their desk.
 */
export type EventOutcome =
  | { delivered: true }
  | { delivered: false; code: 'window_closed' | 'not_handed_over' | 'failed'; reason: string };

export type Refusal = Extract<EventOutcome, { delivered: false }>;

/** The runtime's listener: it answers when the event has been applied (or refused). */
export type HandoverListener = (e: HandoverEvent) => Promise<EventOutcome>;

/** Gives an event to each listener in turn; returns the first refusal. A listener that throws counts as a failure. */
export async function dispatch(listeners: readonly HandoverListener[], e: HandoverEvent): Promise<Refusal | undefined> {
  for (const listener of listeners) {
    const outcome = await listener(e).catch((err: Error): Refusal => ({ delivered: false, code: 'failed', reason: err.message }));
    if (!outcome.delivered) return outcome;
  }
  return undefined;
}

/**
 * The edge to the human queue. The runtime asks `available` (office hours are the runtime's business, this is about
 * people), calls `initiate` when the policy decides, `forward` for every resident message while a person has (or
 * will get) the conversation, and `cancel` when the resident stops waiting. Everything from the human side arrives
 * as events. Adapters: the built-in SQLite queue with the agent console, a signed webhook, Chatwoot.
 */
export interface HandoverAdapter {
  /** Can a person take a conversation of this bot now (someone signed in, or a remote desk that is always on)? */
  available(botId: string): Promise<boolean>;
  /** Hands a conversation over; returns the resident's place in the queue when the adapter knows it. */
  initiate(ticket: HandoverTicket): Promise<QueuePlace | undefined>;
  forward(conversationId: string, line: TranscriptLine): Promise<void>;
  /** The resident no longer wants to wait (or asked for a callback instead). */
  cancel(conversationId: string): Promise<void>;
  /** A crisis came up after the handover: move the conversation to the front. Optional: desks without priorities skip it. */
  escalate?(conversationId: string): Promise<void>;
  /** New reasons came up while the resident waits or talks to a person (anger, a request for a person). Optional. */
  addReasons?(conversationId: string, reasons: HandoverReason[]): Promise<void>;
  onEvent(listener: HandoverListener): void;
  /** Releases timers and connections. */
  close?(): Promise<void>;
}

/** A request from the human side (a webhook), as the server hands it to an adapter: the exact bytes, for signatures. */
export interface InboundRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}

/**
 * Adapters whose human side calls back over HTTP (the generic webhook's agent replies, Chatwoot's webhook) also
 * implement this; the server mounts it at POST /api/bots/<bot>/handover.
 */
export interface InboundHandover {
  receive(req: InboundRequest): Promise<{ status: number; body: unknown }>;
}

export function hasInbound(a: HandoverAdapter): a is HandoverAdapter & InboundHandover {
  return typeof (a as Partial<InboundHandover>).receive === 'function';
}
