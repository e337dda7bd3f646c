import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder-core';
import { pseudonym } from '../runtime';
import type { LoketBot } from './loketBot';

/** Where `receive` collects the answers of its own turn. */
const REPLIES = Symbol('replies');

/**
 * The botbuilder side of a channel written outside Loket (docs/channel-adapters.md), one per bot. `receive` runs one
 * resident activity through the bot and returns what the bot answered in that turn, for channels that answer in
 * the HTTP response; `push` delivers what comes later (an agent's messages after a handover) and is the one method
 * a channel writes. Activities keep botbuilder's shape: messages with `text` and `suggestedActions` (buttons), and
 * handoff events a channel may skip.
 */
export abstract class ChannelAdapter extends BotAdapter {
  constructor(readonly bot: LoketBot, readonly channelId: string) {
    super();
    bot.reachVia(channelId, (ref, logic) => this.continueConversation(ref, logic));
    this.onTurnError = async (context, error) => {
      bot.loket.log.error({ channel: channelId, conversation: pseudonym(context.activity.conversation?.id ?? ''), err: error.message }, 'turn failed');
      await context.sendActivity('Sorry, er ging iets mis aan onze kant. Probeer het nog eens.');
    };
  }

  /** Delivers activities outside a turn: the channel sends them to the resident on its own initiative. */
  protected abstract push(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void>;

  /**
   * One activity from the resident: at least `conversation.id` and a `type` ('message' with `text`, or a location or
   * attachment; a conversationUpdate with membersAdded makes the bot greet). Returns the bot's answers.
   */
  async receive(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const replies: Partial<Activity>[] = [];
    const full = {
      channelId: this.channelId, from: { id: activity.conversation?.id ?? 'resident' }, timestamp: new Date(), ...activity,
      recipient: { id: this.bot.loket.botId, name: this.bot.loket.content.bot.name, role: 'bot' },
    } as Activity;
    const context = new TurnContext(this, full);
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, (c) => this.bot.run(c, this.channelId));
    return replies;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Partial<Activity>[] | undefined;
    if (replies) replies.push(...activities);
    else await this.push(TurnContext.getConversationReference(context.activity), activities);
    return activities.map((_, i) => ({ id: `${this.channelId}-${Date.now()}-${i}` }));
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async updateActivity(): Promise<void> {
    throw new Error(`channel "${this.channelId}" cannot change a message that was already sent`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`channel "${this.channelId}" cannot delete a message that was already sent`);
  }
}

/** What a text channel shows of one answer: its text and buttons (pressing a button says its `value`). */
export interface ChannelMessage { text: string; buttons: { title: string; value: string }[] }

/** The messages among a turn's activities, as a simple channel shows them; handoff events are left out. */
export function toMessages(activities: Partial<Activity>[]): ChannelMessage[] {
  return activities.filter((a) => (a.type ?? ActivityTypes.Message) === ActivityTypes.Message).map((a) => ({
    text: a.text ?? '',
    buttons: (a.suggestedActions?.actions ?? []).map((b) => ({ title: b.title ?? String(b.value), value: String(b.value ?? b.title) })),
  }));
}
