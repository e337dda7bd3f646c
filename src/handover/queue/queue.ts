/**
 * The built-in human queue: handed-over conversations in the Sql port (the bot's SQLite file, or PostgreSQL shared by
 * several instances), worked by agents through the agent console (src/agentconsole/). States follow Botpress HITL:
 * pending → assigned → resolved, or returned to the bot, or expired; every transition is logged. This is the desk's
 * logic: what an agent may do and what they are told (Dutch); storage, presence, the wait estimate, the sweeper and
 * the live changes are parts of their own beside it.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { HandoverReason } from '../../content/types';
import type { TranscriptLine } from '../../engine/types';
import { LocalBus, type Bus, type Sql } from '../../storage';
import type { HandoverAdapter, HandoverEvent, HandoverListener, HandoverStatus, HandoverTicket, QueuePlace } from '../adapter';
import { QueueError, type Agent, type AgentDesk, type QueueChange, type QueueMessage, type QueueTicket } from '../desk';
import { replyWindowClosed } from '../replyWindow';
import { ChangeFeed } from './changes';
import { AgentPresence } from './presence';
import { TicketStore, type Transition } from './store';
import { Sweeper, type SweepNews } from './sweeper';
import { estimateWait } from './wait';

export interface QueueOptions {
  /** Conversations one agent handles at once. */
  capacity?: number;
  /** Minutes an agent needs per conversation on average, for the wait estimate. */
  averageMinutes?: number;
  /** After this long pending, the resident is offered a callback (once). */
  offerCallbackAfterMinutes?: number;
  /** After this long pending, the handover expires. */
  expireAfterMinutes?: number;
  /** Closed tickets and their messages are deleted after this many days (AVG: keep transcripts only as long as needed). */
  keepDays?: number;
  /** Channels where an agent may only answer within some hours of the resident's last message (default: WhatsApp 24). */
  replyWindowHours?: Record<string, number>;
  now?: () => Date;
  /** How often `sweep` runs by itself; 0 for never (tests call it). */
  sweepEveryMs?: number;
  /** How changes reach the consoles of every instance (default: this process only). */
  bus?: Bus;
  /** The bot whose changes `onChange` reports, when other bots' queues share the bus (default: every bot's). */
  botId?: string;
  /** Where failures of background work (presence, live changes, the sweeper) are logged. */
  log?: Logger;
}

const MAX_REPLY = 4000;
const GONE = 'Dit gesprek bestaat niet (meer).';
const NOT_OPEN = 'Dit gesprek is niet meer open.';

export class HandoverQueue implements HandoverAdapter, AgentDesk {
  private readonly events = new EventEmitter();
  private readonly now: () => Date;
  private readonly store: TicketStore;
  private readonly presence: AgentPresence;
  private readonly feed: ChangeFeed;
  private readonly sweeper: Sweeper;

  constructor(sql: Sql, private readonly opts: QueueOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.events.setMaxListeners(0);
    const failed = (what: string) => (err: Error) => opts.log?.error({ err: err.message }, what);
    this.store = TicketStore.on(sql);
    this.presence = new AgentPresence(sql, { now: this.now, onError: failed('agent presence not stored') });
    this.feed = new ChangeFeed(opts.bus ?? new LocalBus(), this.store, opts.botId, failed('queue change not passed on'));
    const rules = { offerCallbackAfterMinutes: opts.offerCallbackAfterMinutes ?? 10, expireAfterMinutes: opts.expireAfterMinutes ?? 120, keepDays: opts.keepDays ?? 30 };
    this.sweeper = new Sweeper(this.store, rules, this.now, (news) => this.tellSwept(news), failed('queue sweep failed'), opts.sweepEveryMs ?? 30_000);
  }

  get capacity(): number {
    return this.opts.capacity ?? 3;
  }

  // ---- the resident's side (HandoverAdapter)

  async available(botId: string): Promise<boolean> {
    return this.presence.anyOnline(botId);
  }

  async initiate(ticket: HandoverTicket): Promise<QueuePlace> {
    const open = await this.store.openOf(ticket.conversationId);
    const id = open?.id ?? (await this.store.create(ticket));
    if (!open) await this.feed.publish(ticket.botId, id, 'created', 'pending');
    return this.place(id);
  }

  async forward(conversationId: string, line: TranscriptLine): Promise<void> {
    const t = await this.store.openOf(conversationId);
    if (!t) return;
    const message = await this.store.addMessage(t.id, line.from, line.text, line.at);
    await this.feed.publish(t.botId, t.id, 'message', t.status, message.id);
  }

  async cancel(conversationId: string): Promise<void> {
    const t = await this.store.openOf(conversationId);
    if (t) await this.finish(t, 'returned', 'resident', 'ingetrokken door inwoner');
  }

  /** Crisis first: the ticket becomes urgent, with crisis among its reasons, and the consoles hear of it. */
  async escalate(conversationId: string): Promise<void> {
    const t = await this.store.openOf(conversationId);
    if (!t || t.priority === 'urgent') return;
    await this.store.setReasons(t.id, ['crisis', ...t.reasons.filter((r) => r !== 'crisis')], 'urgent');
    await this.feed.publish(t.botId, t.id, 'status', t.status);
  }

  /** New reasons join the ticket's tags, so the console shows why this conversation changed. */
  async addReasons(conversationId: string, reasons: HandoverReason[]): Promise<void> {
    const t = await this.store.openOf(conversationId);
    if (!t) return;
    const added = reasons.filter((r, i) => !t.reasons.includes(r) && reasons.indexOf(r) === i);
    if (!added.length) return;
    await this.store.setReasons(t.id, [...t.reasons, ...added], t.priority);
    await this.feed.publish(t.botId, t.id, 'status', t.status);
  }

  onEvent(listener: HandoverListener): void {
    this.events.on('event', listener);
  }

  async close(): Promise<void> {
    this.sweeper.stop();
    this.feed.close();
    await this.presence.close();
  }

  // ---- the agents' side (AgentDesk, for the console)

  /** An agent's console is connected; returns the call for when it goes away. Availability follows this. */
  connect(botId: string, agent: Agent): () => void {
    return this.presence.connect(botId, agent);
  }

  onlineAgents(botId: string): Promise<number> {
    return this.presence.online(botId);
  }

  onChange(listener: (c: QueueChange) => void): () => void {
    return this.feed.on(listener);
  }

  listening(): Promise<void> {
    return this.feed.listening();
  }

  /** Waiting conversations: crisis (urgent) first, then the longest waiting. */
  waiting(botId: string): Promise<QueueTicket[]> {
    return this.store.waiting(botId);
  }

  /** Conversations an agent has now. */
  assignedTo(botId: string, username: string): Promise<QueueTicket[]> {
    return this.store.assignedTo(botId, username);
  }

  /** Recently closed conversations of this bot, newest first. */
  recent(botId: string, limit = 20): Promise<QueueTicket[]> {
    return this.store.recent(botId, limit);
  }

  ticket(id: number): Promise<QueueTicket | undefined> {
    return this.store.get(id);
  }

  /** The open ticket of a conversation, if any. */
  ticketOf(conversationId: string): Promise<QueueTicket | undefined> {
    return this.store.openOf(conversationId);
  }

  /** The whole conversation: what the bot saw before the handover, then everything after. */
  messages(ticketId: number): Promise<QueueMessage[]> {
    return this.store.messages(ticketId);
  }

  /** The resident's place among the waiting (1 = next) and a rough wait in minutes. */
  async place(ticketId: number): Promise<QueuePlace> {
    const t = await this.store.get(ticketId);
    if (!t) throw new QueueError('not_found', GONE);
    const waiting = await this.store.waiting(t.botId);
    const position = Math.max(1, waiting.findIndex((w) => w.id === ticketId) + 1);
    const [agents, busy] = [await this.presence.online(t.botId), await this.store.busy(t.botId)];
    return estimateWait(position, { agents, busy, capacity: this.capacity, averageMinutes: this.opts.averageMinutes ?? 5 });
  }

  /** Takes a waiting conversation; of two agents on any instances, one gets it and the other hears who did. */
  async claim(ticketId: number, botId: string, agent: Agent): Promise<QueueTicket> {
    const t = await this.own(ticketId, botId);
    if (t.status !== 'pending') throw taken(t);
    const outcome = await this.store.assign(ticketId, botId, agent, this.capacity, this.now().toISOString());
    if (outcome === 'capacity') throw new QueueError('capacity', `U heeft al ${this.capacity} gesprekken. Sluit er eerst een af of geef het terug aan de chatbot.`);
    if (outcome === 'taken') throw taken(await this.own(ticketId, botId));
    await this.feed.publish(botId, ticketId, 'status', 'assigned');
    this.emit({ type: 'assigned', conversationId: t.conversationId, agent: agent.name });
    return this.own(ticketId, botId);
  }

  async reply(ticketId: number, botId: string, agent: Agent, text: string): Promise<QueueMessage> {
    const t = await this.mine(ticketId, botId, agent);
    const body = text.trim();
    if (!body) throw new QueueError('invalid', 'Het bericht is leeg.');
    if (body.length > MAX_REPLY) throw new QueueError('invalid', `Het bericht is te lang (meer dan ${MAX_REPLY} tekens). Verdeel het over meer berichten.`);
    this.checkWindow(t);
    const message = await this.say(t, agent, body);
    this.emit({ type: 'message', conversationId: t.conversationId, text: body, agent: agent.name });
    return message;
  }

  async sendLink(ticketId: number, botId: string, agent: Agent, title: string, url: string): Promise<QueueMessage> {
    const t = await this.mine(ticketId, botId, agent);
    const link = url.trim();
    if (!/^https?:\/\/[^\s<>"]+$/i.test(link) || url.length > 2000) throw new QueueError('invalid', 'Geef een volledige link die begint met https://.');
    const label = title.trim() || link;
    this.checkWindow(t);
    const message = await this.say(t, agent, `${label}: ${link}`);
    this.emit({ type: 'link', conversationId: t.conversationId, title: label, url: link, agent: agent.name });
    return message;
  }

  /** The agent gives the conversation back to the bot. */
  async handBack(ticketId: number, botId: string, agent: Agent): Promise<void> {
    if (!(await this.finish(await this.mine(ticketId, botId, agent), 'returned', agent.username, 'terug naar de chatbot'))) throw new QueueError('closed', NOT_OPEN);
  }

  /** The agent closes the conversation with an outcome ("opgelost", "doorverwezen", …). */
  async resolve(ticketId: number, botId: string, agent: Agent, outcome: string): Promise<void> {
    const text = outcome.trim().slice(0, 500);
    if (!text) throw new QueueError('invalid', 'Kies of beschrijf de uitkomst van het gesprek.');
    if (!(await this.finish(await this.mine(ticketId, botId, agent), 'resolved', agent.username, text))) throw new QueueError('closed', NOT_OPEN);
  }

  /** Offers callbacks, expires and deletes what waited or was kept too long (see Sweeper); runs by itself too. */
  sweep(): Promise<void> {
    return this.sweeper.sweep();
  }

  // ---- internals

  private async say(t: QueueTicket, agent: Agent, text: string): Promise<QueueMessage> {
    const message = await this.store.addMessage(t.id, 'agent', text, this.now().toISOString(), agent.name);
    await this.feed.publish(t.botId, t.id, 'message', 'assigned', message.id);
    return message;
  }

  /** Closes a ticket still in the status it was read in; false when something else changed it first. */
  private async finish(t: QueueTicket, to: HandoverStatus, actor: string, outcome: string): Promise<boolean> {
    const transition: Transition = { from: t.status, to, actor, at: this.now().toISOString(), outcome };
    if (!(await this.store.close(t.id, transition))) return false;
    await this.closed(t, transition);
    return true;
  }

  /** A stored closing, told: the consoles hear of it, and so does the resident unless they withdrew themselves. */
  private async closed(t: QueueTicket, { to, actor, outcome }: Transition): Promise<void> {
    await this.feed.publish(t.botId, t.id, 'status', to);
    const conversationId = t.conversationId;
    if (to === 'resolved') this.emit({ type: 'resolved', conversationId, outcome });
    else if (to === 'expired') this.emit({ type: 'expired', conversationId });
    else if (to === 'returned' && actor !== 'resident') this.emit({ type: 'returned', conversationId });
  }

  private async tellSwept(news: SweepNews): Promise<void> {
    for (const { ticket, expired } of news) {
      if (expired) await this.closed(ticket, expired);
      else this.emit({ type: 'waiting_long', conversationId: ticket.conversationId });
    }
  }

  private checkWindow(t: QueueTicket): void {
    const closed = replyWindowClosed(t.channel, t.lastResidentAt, this.now(), this.opts.replyWindowHours);
    if (closed) throw new QueueError('window_closed', closed);
  }

  /** A ticket of this bot: an agent of one municipality never sees another's. */
  private async own(ticketId: number, botId: string): Promise<QueueTicket> {
    const t = await this.store.get(ticketId);
    if (!t || t.botId !== botId) throw new QueueError('not_found', GONE);
    return t;
  }

  private async mine(ticketId: number, botId: string, agent: Agent): Promise<QueueTicket> {
    const t = await this.own(ticketId, botId);
    if (t.status !== 'assigned') throw new QueueError('closed', NOT_OPEN);
    if (t.agent?.username !== agent.username) throw new QueueError('not_yours', `Dit gesprek is van ${t.agent?.name}.`);
    return t;
  }

  private emit(e: HandoverEvent): void {
    this.events.emit('event', e);
  }
}

function taken(t: QueueTicket): QueueError {
  return new QueueError('taken', t.status === 'assigned' ? `Dit gesprek is al opgepakt door ${t.agent?.name}.` : 'Dit gesprek wacht niet meer.');
}
