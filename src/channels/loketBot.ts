import type { EventFactory as Events } from 'botbuilder';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import type { HandoffNotice, Output } from '../engine';
import { pseudonym, type Delivery, type Loket } from '../runtime';
import { activityToInput, outputsToActivities } from './activity';
import { RouteStore } from './routes';

/** How an adapter reaches a conversation outside a turn (botbuilder's continueConversation). */
export type ContinueConversation = (ref: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => Promise<void>;

/**
 * The bot logic every botbuilder adapter runs (CloudAdapter, Direct Line, WhatsApp, console): one activity in,
 * Loket's answer out, plus Bot Framework handoff events. It stores how to reach each conversation, so an agent's
 * messages are delivered later, also after a restart.
 */
export class LoketBot {
  private readonly adapters = new Map<string, ContinueConversation>();
  private readonly routes: RouteStore;

  constructor(readonly loket: Loket) {
    this.routes = new RouteStore(loket.sql, loket.botId);
    loket.onDelivery((conversationId, delivery) => void this.deliver(conversationId, delivery).catch((e: Error) => {
      loket.log.warn({ conversation: pseudonym(conversationId), err: e.message }, 'could not deliver a message from the human side');
    }));
  }

  /** An adapter says how it reaches its conversations later; `name` is stored with each conversation. */
  reachVia(name: string, continueWith: ContinueConversation): void {
    this.adapters.set(name, continueWith);
  }

  /** Handles one turn that came in through the adapter registered as `via`. */
  async run(context: TurnContext, via: string): Promise<void> {
    const activity = context.activity;
    const input = activityToInput(activity);
    if (!input || !activity.conversation?.id) return;
    const conversationId = conversationKey(activity.channelId, activity.conversation.id);
    await this.routes.save(conversationId, { adapter: via, reference: TurnContext.getConversationReference(activity) });
    const result = await this.loket.handle(conversationId, input, activity.channelId, activity.id || undefined);
    const activities = [...outputsToActivities(result.outputs), ...handoffActivities(context, result.handoff ?? [])];
    if (activities.length) await context.sendActivities(activities);
  }

  private async deliver(conversationId: string, { outputs, handoff }: Delivery): Promise<void> {
    const route = await this.routes.get(conversationId);
    const reach = route && this.adapters.get(route.adapter);
    if (!route || !reach) throw new Error(`no way to reach this conversation (${route ? `adapter ${route.adapter} is not running` : 'never seen'})`);
    await reach(route.reference, async (c) => void (await c.sendActivities([...outputsToActivities(outputs), ...handoffActivities(c, handoff)])));
  }
}

/**
 * Handoff events as botbuilder's EventFactory makes them: `handoff.initiate` with the reasons and the transcript,
 * `handoff.status` with accepted / failed / completed. Channels that do not know them (WhatsApp, Web Chat) skip them.
 */
function handoffActivities(context: TurnContext, notices: HandoffNotice[]): Partial<Activity>[] {
  if (notices.length === 0) return [];
  // The botbuilder package (beside botbuilder-core) loads at the first handover, not at every start (~60 ms).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EventFactory: typeof Events = (require('botbuilder') as typeof import('botbuilder')).EventFactory;
  return notices.map((n) => {
    if (n.kind === 'status') return EventFactory.createHandoffStatus(context.activity.conversation, n.state, n.message);
    const { transcript, ...summary } = n.request;
    const activities = transcript.map((l) => ({ type: 'message', text: l.text, timestamp: new Date(l.at), from: { id: l.from, name: l.from, role: l.from === 'resident' ? 'user' : 'bot' } }) as Partial<Activity>);
    return EventFactory.createHandoffInitiation(context, summary, { activities: activities as Activity[] });
  });
}

export function conversationKey(channelId: string | undefined, conversationId: string): string {
  return `${channelId ?? 'unknown'}:${conversationId}`;
}

export type { Output };
