import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ChannelAccount, type ConversationAccount, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Logger } from 'pino';
import type { LoketBot } from '../loketBot';
import type { ConversationRecord, DirectLineStore, LoggedActivity } from './store';

export const CHANNEL_ID = 'directline';

/** Called when a conversation's log grew (the resident's echo, the bot's replies, agents), on the instance it grew on. */
export type Publish = (conversationId: string, watermark: number) => Promise<void>;

const MAX_DELAY_MS = 5000;

/**
 * Direct Line as a botbuilder channel: activities posted by clients run through `LoketBot.run`, and every activity of
 * a conversation (the client's own, echoed back, the bot's replies and proactive messages from agents) is appended to
 * the conversation's log in SQLite and published to its open WebSockets.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly store: DirectLineStore,
    private readonly bots: Map<string, LoketBot>,
    private readonly publish: Publish,
    private readonly log: Logger,
  ) {
    super();
    for (const bot of bots.values()) bot.reachVia(CHANNEL_ID, (ref, logic) => this.continueConversation(ref, logic));
    this.onTurnError = async (context: TurnContext, error: Error) => {
      this.log.error({ err: error.message, conversation: context.activity.conversation?.id }, 'direct line turn failed');
      await context.sendActivity('Sorry, er ging iets mis aan onze kant. Probeer het nog eens.');
    };
  }

  /** The bot as a member of the conversation. */
  botAccount(botId: string): ChannelAccount {
    const bot = this.bots.get(botId);
    return { id: botId, name: bot?.loket.content.bot.name ?? botId, role: 'bot' };
  }

  /**
   * One activity from the client (or the join that makes the bot greet): stored in the log first when `record` is set,
   * so the client sees its own message echoed with the server id, then run through the bot. Returns the server id.
   */
  async receive(conversation: ConversationRecord, incoming: Partial<Activity>, options: { record: boolean }): Promise<string | undefined> {
    const bot = this.bots.get(conversation.botId);
    if (!bot) throw new Error(`unknown bot "${conversation.botId}"`);
    const base: Partial<Activity> = {
      ...incoming,
      channelId: CHANNEL_ID,
      conversation: { id: conversation.id } as ConversationAccount,
      recipient: this.botAccount(conversation.botId),
    };
    let activity = base;
    if (options.record) activity = await this.append(conversation.id, { ...base, timestamp: new Date() });
    await this.runMiddleware(new TurnContext(this, activity), (context) => bot.run(context, CHANNEL_ID));
    return options.record ? activity.id : undefined;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const a of activities) {
      if (a.type === 'delay') {
        await new Promise((r) => setTimeout(r, Math.min(MAX_DELAY_MS, Number(a.value) || 0)));
        responses.push({ id: '' });
        continue;
      }
      if (a.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = a.conversation?.id ?? context.activity.conversation?.id;
      const conversation = conversationId ? await this.store.get(conversationId) : undefined;
      if (!conversation) throw new Error(`unknown Direct Line conversation ${conversationId}`);
      const stored = await this.append(conversation.id, {
        ...a,
        type: a.type ?? ActivityTypes.Message,
        channelId: CHANNEL_ID,
        conversation: { id: conversation.id } as ConversationAccount,
        from: this.botAccount(conversation.botId),
        timestamp: new Date(),
        serviceUrl: undefined,
      });
      responses.push({ id: stored.id });
    }
    return responses;
  }

  /** Proactive messages (an agent's reply after a handover): whatever `logic` sends goes to the log and the sockets. */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, { ...reference, activityId: undefined }, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async updateActivity(): Promise<void> {
    throw new Error('Direct Line conversations in Loket are append-only: a sent activity cannot be changed');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('Direct Line conversations in Loket are append-only: a sent activity cannot be deleted');
  }

  private async append(conversationId: string, activity: Partial<Activity>): Promise<LoggedActivity> {
    const { activity: stored, seq } = await this.store.append(conversationId, () => activity);
    // Sockets read the log themselves: a notice that does not arrive only delays them until the next one.
    await this.publish(conversationId, seq).catch((e: Error) => this.log.warn({ err: e.message }, 'direct line notice failed'));
    return stored;
  }
}
