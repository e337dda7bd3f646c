import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder-core';
import type { LoketBot } from '../loketBot';

/** How the console shows one outgoing activity: the text, then its buttons numbered 1, 2, 3. */
export function renderForConsole(activity: Partial<Activity>): { lines: string[]; buttons: string[] } {
  const buttons = (activity.suggestedActions?.actions ?? []).map((a) => String(a.value ?? a.title));
  const titles = (activity.suggestedActions?.actions ?? []).map((a) => a.title ?? String(a.value));
  const text = (activity.text ?? '').replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1: $2');
  return { lines: [...(text ? [text] : []), ...titles.map((t, i) => `   ${i + 1}. ${t}`)], buttons };
}

/**
 * The console as a botbuilder channel, used by `loket chat`: a typed line becomes a message activity (a number picks
 * the button with that number), `/locatie lat,lon` a shared location, `/foto NAME` a photo.
 */
export class ConsoleAdapter extends BotAdapter {
  private buttons = new Map<string, string[]>();

  constructor(private readonly bot: LoketBot, private readonly write: (line: string) => void, private readonly conversationId = 'console') {
    super();
    bot.reachVia('console', (ref, logic) => this.continueConversation(ref, logic));
  }

  /** The resident joins: the bot greets. */
  start(): Promise<void> {
    return this.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'resident', name: 'resident' }] });
  }

  /** One typed line; returns false for a line that is not a message (empty, or an unknown /command). */
  async typed(line: string): Promise<boolean> {
    const activity = this.toActivity(line.trim());
    if (!activity) return false;
    await this.receive(activity);
    return true;
  }

  private toActivity(text: string): Partial<Activity> | undefined {
    if (!text) return undefined;
    const loc = /^\/locatie\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(text);
    if (loc) return { type: ActivityTypes.Message, entities: [{ type: 'GeoCoordinates', latitude: Number(loc[1]), longitude: Number(loc[2]) }] };
    const photo = /^\/foto\s+(\S+)$/.exec(text);
    if (photo) return { type: ActivityTypes.Message, attachments: [{ contentType: 'image/jpeg', contentUrl: `file://${photo[1]}`, name: photo[1] }] };
    if (text.startsWith('/')) return undefined;
    const options = this.buttons.get(this.conversationId) ?? [];
    const n = Number(text);
    const chosen = Number.isInteger(n) && n >= 1 && n <= options.length ? options[n - 1] : text;
    return { type: ActivityTypes.Message, text: chosen };
  }

  private receive(partial: Partial<Activity>): Promise<void> {
    const activity = {
      channelId: 'console', conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: 'console' },
      from: { id: 'resident', name: 'resident' }, recipient: { id: 'loket', name: 'Loket' }, timestamp: new Date(), ...partial,
    } as Activity;
    return this.runMiddleware(new TurnContext(this, activity), (context) => this.bot.run(context, 'console'));
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((a, i) => {
      if (a.type !== ActivityTypes.Message && a.type !== undefined) return { id: `skip-${i}` };
      const { lines, buttons } = renderForConsole(a);
      if (buttons.length) this.buttons.set(this.conversationId, buttons);
      for (const l of lines) this.write(l);
      return { id: `console-${Date.now()}-${i}` };
    });
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async updateActivity(): Promise<void> {
    throw new Error('the console cannot change a message that was already printed');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('the console cannot delete a message that was already printed');
  }
}
