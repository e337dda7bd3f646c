/**
 * The engine's vocabulary and its ports. The engine imports only content, slots and text; the parts around it
 * (nlu, handover, actions, runtime) implement or use these types, so dependencies point one way: towards the engine.
 */
import type { Logger } from 'pino';
import type { BotContent, HandoverReason, PolicyReason } from '../content/types';
import type { Attachment, GeoLocation, Lang } from '../slots/types';

/**
 * One thing the resident did. Channels translate their own messages into this. `masked`: the runtime masked a BSN,
 * IBAN or card number in the text (src/privacy/identifiers.ts), so the bot says once not to share such numbers.
 */
export type Input =
  | { type: 'start' }
  | { type: 'text'; text: string; masked?: boolean }
  | { type: 'location'; location: GeoLocation }
  | { type: 'attachment'; attachment: Attachment; text?: string; masked?: boolean };

export interface Button { title: string; value: string }

/** Channel-neutral outputs: a channel renders buttons as suggested actions, reply buttons or numbered lines. */
export type Output =
  | { type: 'text'; text: string; buttons?: Button[] }
  | { type: 'link'; title: string; url: string };

export interface Frame {
  flow: string;
  step: number;
  slots: Record<string, unknown>;
  /** How each slot reads in summaries ("dinsdag 14 maart"), next to its value. */
  shown: Record<string, string>;
  retries: number;
  waiting?: 'answer' | 'confirm' | 'edit';
  /** Questions answered, newest last, for "terug". */
  history: number[];
  /** After changing an answer from a confirm step, go back to that step. */
  returnTo?: number;
  /** Text questions the first message may already answer ("er ligt een tak op het fietspad"): offered with a Ja. */
  suggested?: Record<string, string>;
  /** Offers the resident said no to: no longer shown, still what "skip" or a bare no leaves as the answer. */
  declined?: string[];
  /** Answers the resident corrected, marked in the summary. */
  corrected?: string[];
  /** Say and action steps already done, so replaying the flow after a correction does not repeat them. */
  visited?: number[];
  /** The flow this one was started from (`goto_flow`), as it was then: its choices can still be changed. */
  parent?: Frame;
  /** A place in a list said before the list came ("de eerste graag"), for the next choice from an action's results. */
  pick?: string;
  /** The resident asked for the flow in so many words, or came from another flow (see startFlow). */
  requested?: boolean;
  /** The resident asked something since the flow began: a flow nobody asked for may have come from a question. */
  questioned?: boolean;
  /** The last answer to the open question that could not be read, read again with the next ("2611 AB", "nr 7"). */
  unread?: { step: number; text: string };
}

export interface TranscriptLine { from: 'resident' | 'bot' | 'agent'; text: string; at: string }

/** A person has (or will get) the conversation: pending until an agent claims it, then assigned. */
export interface HandoverState {
  reasons: HandoverReason[];
  priority: 'urgent' | 'normal';
  at: string;
  status: 'pending' | 'assigned';
  agent?: string;
  /** The waiting resident has heard that their messages are passed on. */
  acknowledged?: boolean;
  /**
   * Only the classifier found the reason, and only emotion or a complex situation: a question the bot answers itself
   * takes the resident out of the queue (see turn.ts).
   */
  tentative?: boolean;
  /** Where the resident is ("webchat", "whatsapp"); the runtime sets it, for the channel's reply window. */
  channel?: string;
}

/** Why the bot last decided a person should help, kept for a callback request that may follow. */
export interface HandoverContext { reasons: HandoverReason[]; priority: 'urgent' | 'normal'; summary: string }

/** Choices the bot offered when no person could take over (or the wait got long): callback, the bot, or wait on. */
export type HandoverOffer = 'unavailable' | 'waiting_long';

/** Whether people can take a conversation now; the runtime works it out before each turn. */
export interface Staffing {
  /** Within office hours (always true without office hours in bot.yaml). */
  open: boolean;
  /** Someone is there to take it (an agent signed in, or a remote desk). */
  agents: boolean;
  /**
   * When the office opens next, as residents read it ("maandag 24 november om 9.00 uur"), per language: a first
   * message in English is answered in English before the state knows its language.
   */
  opensAt?: Partial<Record<Lang, string>>;
}

export interface ConversationState {
  version: 1;
  lang: Lang;
  started: boolean;
  frame?: Frame;
  handover?: HandoverState;
  lastHandover?: HandoverContext;
  offer?: HandoverOffer;
  misunderstood: number;
  clarify?: { intent: string; title: string }[];
  /** The message the bot asked "Bedoelt u …?" about, so its answers (a place, a day) still fill the flow. */
  clarifyText?: string;
  /** The intent the bot's last answer came from (not a flow): "kunnen jullie daar iets aan doen?" asks about it. */
  topic?: string;
  transcript: TranscriptLine[];
  /** The resident heard not to share a BSN, IBAN or card number in the chat (once per conversation). */
  identifiersWarned?: boolean;
  /**
   * The last channel message this conversation answered, with the answer: the same message handled again (after a
   * crash, or a channel's retry) gets the same answer instead of a second turn. Kept by the runtime, not the engine.
   */
  answered?: { inputId: string; outputs: Output[]; handoff?: HandoffNotice[] };
  /**
   * Ids of the channel messages handled before the last one, newest last: one of them handled again (a recovery that
   * came after the resident's next message) must not run its turn over the newer state. Kept by the runtime.
   */
  handled?: string[];
}

/** What the NLU makes of one message. */
export interface Understanding {
  text: string;
  lang: Lang;
  /** The message is plainly in that language, enough to switch in the middle of a flow. */
  langPlain?: boolean;
  /** Best in-scope intent, or null when the message is out of scope or unclear. */
  intent: string | null;
  score: number;
  ranking: { intent: string; score: number }[];
  entities: { entity: string; value: string }[];
  /** Intents whose keywords occur in the message. */
  keywords: string[];
  /** Each keyword hit with the words it matched, for the evidence of a decision. */
  keywordHits: { intent: string; match: string }[];
  /** Each lexicon word of a handover intent found in the message (`lexicon:`), for the policy. */
  lexiconHits: { intent: string; match: string }[];
  /** Per likely handover intent, the words that pushed the classifier most towards it. */
  cues: Record<string, string[]>;
  /** Mostly capitals, or a row of !!! or ?!: a sign of strong feeling that sentiment word lists miss. */
  shouting: boolean;
  outOfScope: boolean;
  /** The intent whose pattern for the whole message (`^…$`) matched: the editor's own answer to exactly this message. */
  exactly?: string;
  /** Written in a language the bot does not speak (Turkish, Arabic, …): only its keywords were read. */
  foreign?: boolean;
  /** Dutch/English sentiment, -1 (very negative) … 1. */
  sentiment: number;
  /**
   * The crisis screen's probability of danger and the words behind it, and its probability that no colleague is
   * needed at all (`none`), when the bot has a crisis corpus.
   */
  crisisScreen?: { score: number; none: number; words: string[] };
}

export interface PolicyDecision {
  handover: boolean;
  reasons: PolicyReason[];
  priority: 'urgent' | 'normal';
  /** Which signal found each reason: a keyword is surer than the classifier or sentiment. */
  signals: Partial<Record<PolicyReason, Evidence['signal']>>;
  /** Why: per reason the signal, the classifier's probability, the threshold it passed and the words behind it. */
  evidence: Evidence[];
  /** A death is named beside a question the bot answers: the answer starts with a word of sympathy. */
  condolence?: boolean;
  /**
   * Leans of the classifier (alone, or all reasons together) that would have handed over, set aside because the
   * crisis screen was sure nobody is needed (`none`, at the reason's `screen_clears`): for editors asking why not.
   */
  setAside?: { reason: PolicyReason; signal: 'classifier' | 'combined'; score: number; none: number }[];
}

export interface Evidence {
  reason: PolicyReason;
  /** `screen`: the crisis screen alone. `combined`: no reason alone, but all reasons together clearly need a person. */
  signal: 'keyword' | 'classifier' | 'screen' | 'sentiment' | 'combined';
  score: number;
  threshold: number;
  words: string[];
}

export interface HandoverRequest {
  reasons: HandoverReason[];
  evidence?: Evidence[];
  priority: 'urgent' | 'normal';
  flow?: string;
  slots: Record<string, string>;
  transcript: TranscriptLine[];
  /** Set when nobody could take it: the bot offered a callback instead of a queue. */
  unavailable?: 'closed' | 'no_agents';
}

/**
 * Bot Framework handoff events (botbuilder's EventFactory) for the channel: `initiate` when the bot hands over, then
 * `status` accepted (an agent took it), failed (nobody could) or completed (closed or back to the bot).
 */
export type HandoffNotice =
  | { kind: 'initiate'; request: HandoverRequest }
  | { kind: 'status'; state: 'accepted' | 'failed' | 'completed'; message: string };

/** What an action sees: the arguments from the flow step and the conversation around it. */
export interface ActionContext {
  botId: string;
  conversationId: string;
  lang: Lang;
  now: Date;
  /** Settings for this action from bot.yaml (`actions: { <name>: {...} }`), e.g. the URL of an http action. */
  config: Record<string, unknown>;
  log: Logger;
  /** Why the bot last wanted a person for this conversation, and what the resident said: context for a callback. */
  handover?: { reasons: string[]; summary: string };
  /**
   * The same when this turn runs again (a message answered after its instance died): the message's id and the call's
   * place in the turn, hashed. An action that makes something (a booking, a melding, an e-mail) makes it once per key.
   * Undefined for a message without an id.
   */
  key?: string;
}

export type ActionResult =
  | { ok: true; data: Record<string, unknown> }
  /** `error` is a short machine code; the flow decides what the resident hears (`on_error`). */
  | { ok: false; error: string; detail?: string };

/** Where the resident stands after a handover: their place among the waiting and a rough wait. */
export interface QueuePlace {
  position: number;
  waitMinutes: number;
}

/** What comes back from the human side. `humanEvent` (handover.ts) turns these into messages for the resident. */
export type HandoverEvent =
  | { type: 'assigned'; conversationId: string; agent: string }
  | { type: 'message'; conversationId: string; text: string; agent?: string }
  | { type: 'link'; conversationId: string; title: string; url: string; agent?: string }
  /** Handed back to the bot: the resident continues with the bot. */
  | { type: 'returned'; conversationId: string }
  /** Closed by the agent. */
  | { type: 'resolved'; conversationId: string; outcome?: string }
  /** Still waiting after a while: the resident is offered a callback (once). */
  | { type: 'waiting_long'; conversationId: string }
  /** Waited too long; nobody took it. */
  | { type: 'expired'; conversationId: string };

/**
 * Where a message is weighed for a handover: `open` with no flow open, `flow` in a flow, `aside` in a flow when the
 * message does not answer the open question (a date, a time, a choice).
 */
export type Where = 'open' | 'flow' | 'aside';

/** The ports the engine talks through; everything else is plain data. */
export interface EngineDeps {
  content: BotContent;
  understand(text: string, lang: Lang): Promise<Understanding>;
  decide(u: Understanding, where: Where): PolicyDecision;
  /** The action a flow step names; all the engine needs of one is to run it (plugins implement `Action`, src/actions/). */
  action(name: string): { run(args: Record<string, unknown>, ctx: ActionContext): Promise<ActionResult> } | undefined;
  actionContext(state: ConversationState): Omit<ActionContext, 'config' | 'lang' | 'now'>;
  now(): Date;
  /** Whether a person can take over right now. */
  staffing: Staffing;
  /** The resident's channel has a button to share a location (WhatsApp does, the web chat does not). */
  sharesLocation?: boolean;
}

export interface TurnResult {
  state: ConversationState;
  outputs: Output[];
  /** Set when this turn hands the conversation to a person. */
  handover?: HandoverRequest;
  /** Set while a person has (or will get) the conversation: this turn's lines, for them. */
  forward?: TranscriptLine[];
  /** A crisis came up after the handover: the person should take this conversation first. */
  escalate?: boolean;
  /** Reasons that came up while a person has (or will get) the conversation ("ik word hier echt boos van"). */
  newReasons?: HandoverReason[];
  /** Set when the resident stopped waiting for a person. */
  cancelHandover?: boolean;
  handoff?: HandoffNotice[];
  understanding?: Understanding;
  /** What the handover policy made of this turn's message. */
  decision?: PolicyDecision;
  /** The flow this turn started, if any. */
  startedFlow?: string;
}
