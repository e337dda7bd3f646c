import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ActivityTypes, BotAdapter, MessageFactory, TurnContext, type Activity, type ChannelAccount, type ConversationAccount, type ConversationReference, type ResourceResponse } from 'botbuilder-core';
import type { Logger } from 'pino';
import type { LoketBot } from '../loketBot';
import type { WhatsAppConversations } from './conversations';
import { type GraphClient, WhatsAppError } from './graph';
import { renderActivity, templateMessage, type WhatsAppMessage } from './render';

export const CHANNEL_ID = 'whatsapp';

/** Meta's customer service window: free-form messages only within 24 hours of the resident's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_PENDING = 20;
/** turnState key: the turn's progress (see TurnProgress). */
const PROGRESS = Symbol('progress');

/**
 * How far a turn of an accepted message got with sending. A turn run again after a crash (the runtime gives the same
 * answer to the same message id) skips the Graph API messages that went out before, so the resident gets each once.
 */
export interface TurnProgress {
  /** Messages the turn sent before: skipped now. */
  sent: number;
  /** Called after each message sent; throws when the message is no longer this instance's (another took it over). */
  record(): Promise<void>;
}

export const TEXTS = {
  unsupported: 'Dit soort bericht kan ik niet lezen. Typ uw vraag alstublieft.',
  imageTooLarge: 'Deze foto is te groot: ik kan foto’s tot 5 MB ontvangen. Stuur een kleinere foto, of typ uw vraag.',
  imageFailed: 'Het lukte niet om uw foto te ontvangen. Probeer het nog eens, of typ uw vraag.',
  turnFailed: 'Sorry, er ging iets mis aan onze kant. Probeer het nog eens.',
};

/** One message from `entry[].changes[].value.messages[]` (only the fields Loket reads). */
export interface IncomingMessage {
  id: string;
  from: string;
  timestamp?: string;
  type: string;
  text?: { body?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string } };
  button?: { text?: string; payload?: string };
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  image?: { id?: string; mime_type?: string; caption?: string };
}

export interface WhatsAppAdapterOptions {
  botId: string;
  bot: LoketBot;
  graph: GraphClient;
  phoneNumberId: string;
  template?: { name: string; language?: string };
  /** Where downloaded images go (one file each); they reach the flow as file: URLs. */
  mediaDir: string;
  /** Each resident's window, numbered options and waiting messages, shared by every instance. */
  conversations: WhatsAppConversations;
  log: Logger;
  now?: () => Date;
}

/** A resident's wa_id (their phone number) for logs: a short hash, never the number itself. */
export function hashId(waId: string): string {
  return createHash('sha256').update(`loket-whatsapp:${waId}`).digest('hex').slice(0, 12);
}

/**
 * WhatsApp Cloud API as a botbuilder channel: a webhook message becomes an activity (channelId 'whatsapp',
 * conversation and from = the resident's wa_id, recipient = the business phone number id) that runs through
 * `LoketBot.run`; the bot's activities become Graph API messages (see render.ts). Per conversation the time of the
 * resident's last message (the 24-hour window) and the last numbered options (replies "1", "2", ...) are kept in
 * `conversations`, so any instance may take the next message.
 */
export class WhatsAppAdapter extends BotAdapter {
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(private readonly opts: WhatsAppAdapterOptions) {
    super();
    opts.bot.reachVia(CHANNEL_ID, (ref, logic) => this.continueConversation(ref, logic));
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log;
    this.onTurnError = async (context: TurnContext, error: Error) => {
      this.log.error({ err: error.message, code: (error as WhatsAppError).code, resident: hashId(context.activity.conversation?.id ?? '') }, 'whatsapp turn failed');
      if (error instanceof WhatsAppError) return; // sending itself failed: another message would fail too
      await context.sendActivity(TEXTS.turnFailed).catch(() => undefined);
    };
  }

  private botAccount(): ChannelAccount {
    return { id: this.opts.phoneNumberId, name: this.opts.bot.loket.content.bot.name, role: 'bot' };
  }

  /** One message from the webhook: translated to an activity and run through the bot, or answered politely. */
  async receive(message: IncomingMessage, profileName?: string, progress?: TurnProgress): Promise<void> {
    const waId = message.from;
    await this.flushPending(waId, await this.opts.conversations.received(waId, this.now()));
    const activity = await this.toActivity(message, profileName);
    if (typeof activity === 'string') {
      await this.deliver(waId, [MessageFactory.text(activity)], progress && counting(progress));
      return;
    }
    if (!activity) return;
    const bot = this.opts.bot;
    const context = new TurnContext(this, activity);
    if (progress) context.turnState.set(PROGRESS, counting(progress));
    await this.runMiddleware(context, (c) => bot.run(c, CHANNEL_ID));
  }

  /** The activity for a message, a polite text to answer instead (unsupported, too large), or nothing (reactions). */
  private async toActivity(message: IncomingMessage, profileName?: string): Promise<Partial<Activity> | string | undefined> {
    const waId = message.from;
    const base: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: message.id,
      channelId: CHANNEL_ID,
      conversation: { id: waId } as ConversationAccount,
      from: { id: waId, name: profileName ?? '', role: 'user' },
      recipient: this.botAccount(),
      timestamp: message.timestamp && /^\d+$/.test(message.timestamp) ? new Date(Number(message.timestamp) * 1000) : this.now(),
      serviceUrl: undefined,
    };
    switch (message.type) {
      case 'text':
        return { ...base, text: await this.fromNumbered(waId, plainText(message.text?.body)) };
      case 'interactive': {
        const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
        const text = reply?.id ?? reply?.title;
        return typeof text === 'string' ? { ...base, text } : TEXTS.unsupported;
      }
      case 'button': {
        const text = message.button?.payload || message.button?.text;
        return typeof text === 'string' ? { ...base, text } : TEXTS.unsupported;
      }
      case 'location': {
        const l = message.location ?? {};
        if (typeof l.latitude !== 'number' || typeof l.longitude !== 'number') return TEXTS.unsupported;
        const address = [l.name, l.address].filter((s): s is string => typeof s === 'string' && s.trim() !== '').join(', ');
        return {
          ...base,
          text: '',
          entities: [{ type: 'GeoCoordinates', latitude: l.latitude, longitude: l.longitude, ...(address ? { address } : {}), ...(l.name ? { name: l.name } : {}) }],
        };
      }
      case 'image': {
        if (!message.image?.id) return TEXTS.unsupported;
        try {
          const stored = await this.opts.graph.downloadMedia(message.image.id, this.opts.mediaDir, MAX_IMAGE_BYTES);
          if (stored === 'too_large') return TEXTS.imageTooLarge;
          if (!stored.mimeType.startsWith('image/')) return TEXTS.unsupported;
          return { ...base, text: plainText(message.image.caption), attachments: [{ contentType: stored.mimeType, contentUrl: pathToFileURL(stored.file).href }] };
        } catch (e) {
          this.log.warn({ err: (e as Error).message, resident: hashId(waId) }, 'whatsapp image could not be fetched');
          return TEXTS.imageFailed;
        }
      }
      case 'reaction':
        return undefined; // an emoji on an earlier message: nothing to answer
      default:
        return TEXTS.unsupported;
    }
  }

  /** "2" after numbered options means the second option's value. */
  private async fromNumbered(waId: string, text: string): Promise<string> {
    const m = /^\s*(\d{1,3})\s*\.?\s*$/.exec(text);
    const options = m ? await this.opts.conversations.numbered(waId) : undefined;
    if (!options || !m) return text;
    const n = Number(m[1]);
    return n >= 1 && n <= options.length ? options[n - 1] : text;
  }

  /** Whether free-form messages may go to this resident now. */
  async insideWindow(waId: string): Promise<boolean> {
    const last = await this.opts.conversations.lastInbound(waId);
    return last !== undefined && this.now().getTime() - last < WINDOW_MS;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const byConversation = new Map<string, Partial<Activity>[]>();
    for (const a of activities) {
      const waId = a.conversation?.id ?? context.activity.conversation?.id;
      if (!waId) throw new WhatsAppError('no_conversation', 'an activity without a conversation cannot be sent');
      byConversation.set(waId, [...(byConversation.get(waId) ?? []), a]);
    }
    const responses: ResourceResponse[] = [];
    const progress = context.turnState.get(PROGRESS) as Counting | undefined;
    for (const [waId, list] of byConversation) responses.push(...(await this.deliver(waId, list, progress)));
    return responses;
  }

  /**
   * Sends activities to one resident. Outside the 24-hour window only the configured template may go out: it is sent
   * instead, and the activities wait (at most 20) until the resident writes again. Without a template nothing is sent
   * and the error `outside_24h_window` is thrown.
   */
  async deliver(waId: string, activities: Partial<Activity>[], progress?: Counting): Promise<ResourceResponse[]> {
    const rendered = activities.map((a) => renderActivity(a));
    const messages: WhatsAppMessage[] = rendered.flatMap((r) => r.messages);
    if (messages.length === 0) return activities.map(() => ({ id: '' }));
    if (!(await this.insideWindow(waId))) {
      const template = this.opts.template;
      if (!template) {
        this.log.warn({ resident: hashId(waId), messages: messages.length }, 'whatsapp message not sent: outside the 24-hour window and no template configured');
        throw new WhatsAppError('outside_24h_window', 'outside_24h_window: the resident wrote more than 24 hours ago and no WhatsApp template is configured');
      }
      const waiting = await this.opts.conversations.wait(waId, activities, MAX_PENDING, this.now());
      const id = await this.send(waId, templateMessage(template.name, template.language), progress);
      this.log.info({ resident: hashId(waId), waiting }, 'whatsapp template sent: outside the 24-hour window');
      return activities.map(() => ({ id: id ?? '' }));
    }
    const numbered = [...rendered].reverse().find((r) => r.numbered)?.numbered;
    await this.opts.conversations.setNumbered(waId, numbered, this.now());
    const responses: ResourceResponse[] = [];
    for (const r of rendered) {
      let id = '';
      for (const m of r.messages) id = (await this.send(waId, m, progress)) ?? id;
      responses.push({ id });
    }
    return responses;
  }

  /** One Graph API message, unless the turn sent it before a crash (see TurnProgress). */
  private async send(waId: string, message: WhatsAppMessage, progress?: Counting): Promise<string | undefined> {
    if (progress && progress.index++ < progress.sent) return undefined;
    const id = await this.opts.graph.send(waId, message);
    await progress?.record();
    return id;
  }

  /** Messages that waited for the window (agents' replies after a template) go out when the resident writes again. */
  private async flushPending(waId: string, waiting: Partial<Activity>[]): Promise<void> {
    if (!waiting.length) return;
    await this.deliver(waId, waiting).catch((e: Error) => this.log.warn({ err: e.message, resident: hashId(waId) }, 'whatsapp waiting messages not delivered'));
  }

  /**
   * Proactive messages (an agent's reply after a handover) through the same rules as every other message. Errors
   * (such as `outside_24h_window`) reach the caller instead of onTurnError: LoketBot logs them.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, { ...reference, activityId: undefined }, true);
    const context = new TurnContext(this, activity);
    await this.middleware.run(context, () => logic(context));
  }

  async updateActivity(): Promise<void> {
    throw new WhatsAppError('not_supported', 'WhatsApp messages cannot be changed after they are sent');
  }

  async deleteActivity(): Promise<void> {
    throw new WhatsAppError('not_supported', 'WhatsApp messages cannot be deleted by the bot');
  }
}

/** A turn's progress with the position of the next message to send. */
type Counting = TurnProgress & { index: number };

function counting(progress: TurnProgress): Counting {
  return { sent: progress.sent, record: () => progress.record(), index: 0 };
}

/** A text field as Meta sends it (a string, or a number sent by mistake); anything else is no text. */
function plainText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
