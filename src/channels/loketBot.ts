import { TurnContext, type ConversationReference } from 'botbuilder';
import type { Output } from '../engine';
import { pseudonym, type Loket } from '../runtime';
import { activityToInput, outputsToActivities } from './activity';

type Deliver = (outputs: Output[]) => Promise<void>;

/**
 * The bot logic every botbuilder adapter runs (CloudAdapter, Direct Line, WhatsApp): one activity in, Loket's answer
 * out. It also remembers how to reach each conversation, so an agent's messages can be delivered later.
 */
export class LoketBot {
  private readonly routes = new Map<string, Deliver>();

  constructor(readonly loket: Loket) {
    loket.onProactive((conversationId, outputs) => void this.routes.get(conversationId)?.(outputs).catch((e: Error) => {
      loket.log.warn({ conversation: pseudonym(conversationId), err: e.message }, 'could not deliver a message from an agent');
    }));
  }

  /** Handles one turn; `continueWith` says how this adapter reaches the conversation again later. */
  async run(context: TurnContext, continueWith: (ref: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => Promise<void>): Promise<void> {
    const activity = context.activity;
    const input = activityToInput(activity);
    if (!input || !activity.conversation?.id) return;
    const conversationId = conversationKey(activity.channelId, activity.conversation.id);
    const ref = TurnContext.getConversationReference(activity);
    this.routes.set(conversationId, (outputs) => continueWith(ref, async (c) => void (await c.sendActivities(outputsToActivities(outputs)))));
    const result = await this.loket.handle(conversationId, input);
    if (result.outputs.length) await context.sendActivities(outputsToActivities(result.outputs));
  }
}

export function conversationKey(channelId: string | undefined, conversationId: string): string {
  return `${channelId ?? 'unknown'}:${conversationId}`;
}

