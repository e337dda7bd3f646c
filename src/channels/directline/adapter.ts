import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ChannelAccount, type ConversationAccount, type ConversationReference, type ResourceResponse } from 'botbuilder-core';
import type { Logger } from 'pino';
import { maskIdentifiers } from '../../privacy';
import type { LoketBot } from '../loketBot';
import { JOIN, UnknownConversation, type ConversationRecord, type DirectLineStore } from './store';

export const CHANNEL_ID = 'directline';

/** Called when a conversation's log grew (the resident's echo, the bot's replies, agents), on the instance it grew on. */
export type Publish = (conversationId: string, watermark: number) => Promise<void>;

const MAX_DELAY_MS = 5000;
/** turnState key: the accepted activity (its inbox entry) a turn answers. */
const ANSWERS = Symbol('answers');

/**
 * What a turn answers: `seq` in the inbox; `recovered` after a crash; `taken` once its first replies took the entry.
 * `conversation` is the record the turn started from, so its replies need not read it again.
 */
interface Answering { seq: number; recovered: boolean; conversation: ConversationRecord; taken?: boolean; elsewhere?: boolean }

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
   * One activity from the client: stored in the log first, so the client sees its own message echoed with the server
   * id, then run through the bot. Returns the server id.
   */
  async receive(conversation: ConversationRecord, incoming: Partial<Activity>): Promise<string> {
    const base = this.toBot(conversation, incoming);
    const echo = [{ ...withoutIdentifiers(base), timestamp: new Date() }];
    // Accepted: in the log and in the inbox in one step, so a crash from here on is recovered (see `recover`).
    const accept = () => this.store.appendAll(conversation.id, echo, { inbox: true });
    const [{ activity, seq }] = await accept().catch(async (e: unknown) => {
      // Erased since this instance saw it (retention, a request to erase): started again quietly, as a message to a
      // conversation that was never started is.
      if (!(e instanceof UnknownConversation)) throw e;
      await this.store.create({ id: conversation.id, botId: conversation.botId, userId: conversation.userId, userName: conversation.userName });
      return accept();
    });
    await this.tell(conversation.id, seq);
    // The log (and the echo) has the numbers masked; this turn gets the words as typed, so the runtime, which masks
    // them again, knows to tell the resident. A recovered turn reads the log.
    await this.answer(conversation, { ...activity, text: base.text, value: base.value, attachments: base.attachments }, seq, false);
    return activity.id;
  }

  /**
   * The start of a conversation (its JOIN in the inbox, see DirectLineStore.create): the bot's welcome. Run again for
   * a start whose welcome was lost; the welcome is in the log once.
   */
  async greet(conversation: ConversationRecord, locale?: string, recovered = false): Promise<void> {
    const user = { id: conversation.userId ?? 'user', ...(conversation.userName ? { name: conversation.userName } : {}) } as ChannelAccount;
    // An id of its own, so the runtime answers a start it already handled with the same welcome (Loket.handle's inputId).
    const join = this.toBot(conversation, { type: 'conversationUpdate', id: `${conversation.id}|start`, membersAdded: [user], from: { ...user, role: 'user' }, ...(locale ? { locale } : {}) });
    await this.answer(conversation, join, JOIN, recovered);
  }

  /**
   * An accepted activity whose turn did not finish (the instance died): its turn again. The bot answers a message it
   * already answered with the same answer (Loket.handle's inputId), and that answer is not added to the log twice.
   */
  async recover(conversationId: string, seq: number): Promise<void> {
    const conversation = await this.store.get(conversationId);
    if (conversation && seq === JOIN) return this.greet(conversation, undefined, true);
    const activity = conversation && (await this.store.at(conversationId, seq));
    if (conversation && activity) await this.answer(conversation, activity, seq, true);
    else await this.store.done(conversationId, seq);
  }

  /**
   * The turn of an accepted activity. It leaves the inbox with its first replies; without replies, or when they were
   * not added (answered elsewhere), after the turn.
   */
  private async answer(conversation: ConversationRecord, activity: Partial<Activity>, seq: number, recovered: boolean): Promise<void> {
    const answering: Answering = { seq, recovered, conversation };
    await this.run(conversation, activity, answering);
    if (!answering.taken || answering.elsewhere) await this.store.done(conversation.id, seq);
  }

  /** Open sockets on every instance catch up; on PostgreSQL the append told them already. */
  private async tell(conversationId: string, watermark: number): Promise<void> {
    if (this.store.notifies) return;
    await this.publish(conversationId, watermark).catch((e: Error) => this.log.warn({ err: e.message }, 'direct line notice failed'));
  }

  private toBot(conversation: ConversationRecord, incoming: Partial<Activity>): Partial<Activity> {
    return { ...incoming, channelId: CHANNEL_ID, conversation: { id: conversation.id } as ConversationAccount, recipient: this.botAccount(conversation.botId) };
  }

  private async run(conversation: ConversationRecord, activity: Partial<Activity>, answering: Answering): Promise<void> {
    const bot = this.bots.get(conversation.botId);
    if (!bot) throw new Error(`unknown bot "${conversation.botId}"`);
    const context = new TurnContext(this, activity);
    context.turnState.set(ANSWERS, answering);
    await this.runMiddleware(context, (c) => bot.run(c, CHANNEL_ID));
  }

  /**
   * A turn's replies go into the log together: after a crash they are either all there or not at all. The first of
   * them take the accepted activity from the inbox in the same transaction, so of two instances answering it (one
   * recovering it while the other is still at it) only one adds its answer.
   */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = activities.find((a) => a.conversation?.id)?.conversation?.id ?? context.activity.conversation?.id;
    const answering = context.turnState.get(ANSWERS) as Answering | undefined;
    const conversation = answering && answering.conversation.id === conversationId ? answering.conversation : conversationId ? await this.store.get(conversationId) : undefined;
    if (!conversation) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    // Answered before a crash by a version that marked the inbox only after the answer.
    if (answering?.recovered && answering.seq !== JOIN && (await this.store.answered(conversation.id, answering.seq))) answering.elsewhere = true;
    const responses: ResourceResponse[] = [];
    let batch: Partial<Activity>[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const replies = batch.map((a): Partial<Activity> => ({
        ...a,
        type: a.type ?? ActivityTypes.Message,
        channelId: CHANNEL_ID,
        conversation: { id: conversation.id } as ConversationAccount,
        from: this.botAccount(conversation.botId),
        timestamp: new Date(),
        serviceUrl: undefined,
        // The start is not in the log: the welcome answers nothing a client has.
        ...(answering?.seq === JOIN ? { replyToId: undefined } : {}),
      }));
      const take = answering && !answering.taken ? answering.seq : undefined;
      const stored = answering?.elsewhere ? [] : await this.store.appendAll(conversation.id, replies, { answers: take });
      if (answering && take !== undefined) Object.assign(answering, { taken: true, elsewhere: stored.length === 0 });
      responses.push(...batch.map((_, i) => ({ id: stored[i]?.id ?? '' })));
      if (stored.length) await this.tell(conversation.id, stored.at(-1)!.seq);
      batch = [];
    };
    for (const a of activities) {
      if (a.type === 'delay') {
        await flush();
        await new Promise((r) => setTimeout(r, Math.min(MAX_DELAY_MS, Number(a.value) || 0)));
        responses.push({ id: '' });
      } else if (a.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
      } else {
        batch.push(a);
      }
    }
    await flush();
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
}

/** The resident's activity as the log keeps it: a BSN, IBAN or card number in its text, value or file names masked. */
function withoutIdentifiers(activity: Partial<Activity>): Partial<Activity> {
  const mask = (s: string) => maskIdentifiers(s).text;
  return {
    ...activity,
    ...(typeof activity.text === 'string' ? { text: mask(activity.text) } : {}),
    ...(typeof activity.value === 'string' ? { value: mask(activity.value) } : {}),
    ...(activity.attachments ? { attachments: activity.attachments.map((a) => (typeof a.name === 'string' ? { ...a, name: mask(a.name) } : a)) } : {}),
  };
}
