import type { BotContent, HandoverReason, PolicyReason } from '../content/types';
import type { Action, ActionContext } from '../actions/types';
import type { Attachment, GeoLocation, Lang } from '../slots/types';

/** One thing the resident did. Channels translate their own messages into this. */
export type Input =
  | { type: 'start' }
  | { type: 'text'; text: string }
  | { type: 'location'; location: GeoLocation }
  | { type: 'attachment'; attachment: Attachment; text?: string };

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
}

export interface TranscriptLine { from: 'resident' | 'bot' | 'agent'; text: string; at: string }

export interface HandoverState { reasons: HandoverReason[]; priority: 'urgent' | 'normal'; at: string }

export interface ConversationState {
  version: 1;
  lang: Lang;
  started: boolean;
  frame?: Frame;
  handover?: HandoverState;
  misunderstood: number;
  clarify?: { intent: string; title: string }[];
  transcript: TranscriptLine[];
}

/** What the NLU makes of one message. */
export interface Understanding {
  text: string;
  lang: Lang;
  /** Best in-scope intent, or null when the message is out of scope or unclear. */
  intent: string | null;
  score: number;
  ranking: { intent: string; score: number }[];
  /** Intents of the most similar training examples (TF-IDF cosine), a second opinion beside the classifier. */
  similar: { intent: string; score: number }[];
  entities: { entity: string; value: string }[];
  /** Intents whose keywords occur in the message. */
  keywords: string[];
  outOfScope: boolean;
  /** Dutch/English sentiment, -1 (very negative) … 1. */
  sentiment: number;
}

export interface PolicyDecision {
  handover: boolean;
  reasons: PolicyReason[];
  priority: 'urgent' | 'normal';
  /** Which signal found each reason: a keyword is surer than the classifier or sentiment. */
  signals: Partial<Record<PolicyReason, 'keyword' | 'classifier' | 'similarity' | 'sentiment'>>;
}

export interface HandoverRequest {
  reasons: HandoverReason[];
  priority: 'urgent' | 'normal';
  flow?: string;
  slots: Record<string, string>;
  transcript: TranscriptLine[];
}

/** The ports the engine talks through; everything else is plain data. */
export interface EngineDeps {
  content: BotContent;
  understand(text: string, lang: Lang): Promise<Understanding>;
  decide(u: Understanding, inFlow: boolean): PolicyDecision;
  action(name: string): Action | undefined;
  actionContext(state: ConversationState): Omit<ActionContext, 'config' | 'lang' | 'now'>;
  now(): Date;
}

export interface TurnResult {
  state: ConversationState;
  outputs: Output[];
  /** Set when this turn hands the conversation to a person. */
  handover?: HandoverRequest;
  /** Set when a person already has the conversation: the message is for them, the bot stays silent. */
  forwardToAgent?: boolean;
  understanding?: Understanding;
  /** The flow this turn started, if any. */
  startedFlow?: string;
}
