import type { Logger } from 'pino';
import type { Lang } from '../slots/types';

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
}

export type ActionResult =
  | { ok: true; data: Record<string, unknown> }
  /** `error` is a short machine code; the flow decides what the resident hears (`on_error`). */
  | { ok: false; error: string; detail?: string };

/** A backend action a flow can call with `action: <name>`. */
export interface Action {
  name: string;
  description: string;
  /** Argument names this action needs; content validation checks flows against it. */
  params: { name: string; required: boolean }[];
  /** Takes arguments beyond `params` too (http.post posts whatever the flow gives), so they are not misspellings. */
  openParams?: boolean;
  run(args: Record<string, unknown>, ctx: ActionContext): Promise<ActionResult>;
}
