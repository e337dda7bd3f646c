/**
 * The built-in human queue: handed-over conversations in SQLite, so nothing is lost across a restart. Agents work it
 * through the agent console (src/agentconsole/). States follow Botpress HITL: pending → assigned → resolved, or
 * returned to the bot, or expired; every transition is written to `handover_log`.
 */
import { EventEmitter } from 'node:events';
import type { HandoverReason } from '../content/types';
import type { Evidence, TranscriptLine } from '../engine/types';
import type { Lang } from '../slots/types';
import { migrate, type Database, type Statement } from '../storage/sqlite';
import type { HandoverAdapter, HandoverEvent, HandoverListener, HandoverStatus, HandoverTicket, QueuePlace } from './adapter';
import type { AgentDesk } from './desk';
import { replyWindowClosed } from './replyWindow';

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
}

export interface Agent { username: string; name: string }

/** A ticket as the agent console shows it. */
export interface QueueTicket {
  id: number;
  botId: string;
  conversationId: string;
  channel: string;
  lang: Lang;
  status: HandoverStatus;
  priority: 'urgent' | 'normal';
  reasons: HandoverReason[];
  evidence?: Evidence[];
  flow?: string;
  slots: Record<string, string>;
  createdAt: string;
  assignedAt?: string;
  agent?: Agent;
  closedAt?: string;
  outcome?: string;
  lastResidentAt?: string;
}

export interface QueueMessage { id: number; from: 'resident' | 'bot' | 'agent'; text: string; at: string; agent?: string }

/** What changed, for live views (the console's event stream). */
export interface QueueChange {
  botId: string;
  ticketId: number;
  kind: 'created' | 'message' | 'status';
  status: HandoverStatus;
  message?: QueueMessage;
}

export type QueueErrorCode = 'not_found' | 'taken' | 'not_yours' | 'capacity' | 'closed' | 'window_closed' | 'invalid';

/** A refusal the console shows as is: Dutch, for the KCC employee. */
export class QueueError extends Error {
  constructor(readonly code: QueueErrorCode, message: string) {
    super(message);
  }
}

const MIGRATIONS = [
  `CREATE TABLE handover_tickets (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     bot TEXT NOT NULL,
     conversation TEXT NOT NULL,
     channel TEXT NOT NULL,
     lang TEXT NOT NULL,
     status TEXT NOT NULL,
     priority TEXT NOT NULL,
     reasons TEXT NOT NULL,
     flow TEXT,
     slots TEXT NOT NULL,
     created_at TEXT NOT NULL,
     assigned_at TEXT,
     agent TEXT,
     agent_name TEXT,
     closed_at TEXT,
     outcome TEXT,
     last_resident_at TEXT,
     offered_callback INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX handover_tickets_open ON handover_tickets (bot, status, priority, created_at);
   CREATE INDEX handover_tickets_conversation ON handover_tickets (conversation, status);
   CREATE TABLE handover_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket INTEGER NOT NULL REFERENCES handover_tickets (id) ON DELETE CASCADE,
     sender TEXT NOT NULL,
     agent TEXT,
     text TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX handover_messages_ticket ON handover_messages (ticket, id);
   CREATE TABLE handover_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket INTEGER NOT NULL REFERENCES handover_tickets (id) ON DELETE CASCADE,
     from_status TEXT,
     to_status TEXT NOT NULL,
     actor TEXT NOT NULL,
     at TEXT NOT NULL
   );`,
  // Why the bot handed over (signals, words, probabilities), shown to the agent beside the reasons.
  'ALTER TABLE handover_tickets ADD COLUMN evidence TEXT',
];

const OPEN = `status IN ('pending', 'assigned')`;

interface Row {
  id: number; bot: string; conversation: string; channel: string; lang: string; status: string; priority: string;
  reasons: string; evidence: string | null; flow: string | null; slots: string; created_at: string; assigned_at: string | null; agent: string | null;
  agent_name: string | null; closed_at: string | null; outcome: string | null; last_resident_at: string | null; offered_callback: number;
}

export class SqliteHandoverQueue implements HandoverAdapter, AgentDesk {
  private readonly events = new EventEmitter();
  private readonly online = new Map<string, number>();
  private readonly now: () => Date;
  private readonly timer?: NodeJS.Timeout;
  /** Compiled statements by SQL text: the console lists hundreds of tickets per request. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database, private readonly opts: QueueOptions = {}) {
    migrate(db, 'handover', MIGRATIONS);
    this.now = opts.now ?? (() => new Date());
    this.events.setMaxListeners(0);
    const every = opts.sweepEveryMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  get capacity(): number {
    return this.opts.capacity ?? 3;
  }

  // ---- the resident's side (HandoverAdapter)

  async available(botId: string): Promise<boolean> {
    return this.onlineAgents(botId) > 0;
  }

  async initiate(ticket: HandoverTicket): Promise<QueuePlace> {
    const open = this.openRow(ticket.conversationId);
    const id = open?.id ?? this.insert(ticket);
    if (!open) this.changed(ticket.botId, id, 'created', 'pending');
    return this.place(id);
  }

  async forward(conversationId: string, line: TranscriptLine): Promise<void> {
    const row = this.openRow(conversationId);
    if (!row) return;
    const message = this.addMessage(row.id, line.from, line.text, line.at);
    if (line.from === 'resident') this.sql('UPDATE handover_tickets SET last_resident_at = ? WHERE id = ?').run(line.at, row.id);
    this.changed(row.bot, row.id, 'message', row.status as HandoverStatus, message);
  }

  async cancel(conversationId: string): Promise<void> {
    const row = this.openRow(conversationId);
    if (row) this.transition(row, 'returned', 'resident', { outcome: 'ingetrokken door inwoner' });
  }

  /** Crisis first: the ticket becomes urgent, with crisis among its reasons, and the consoles hear of it. */
  async escalate(conversationId: string): Promise<void> {
    const row = this.openRow(conversationId);
    if (!row || row.priority === 'urgent') return;
    const reasons = JSON.parse(row.reasons) as HandoverReason[];
    this.sql(`UPDATE handover_tickets SET priority = 'urgent', reasons = ? WHERE id = ?`).run(JSON.stringify(['crisis', ...reasons.filter((r) => r !== 'crisis')]), row.id);
    this.changed(row.bot, row.id, 'status', row.status as HandoverStatus);
  }

  /** New reasons join the ticket's tags, so the console shows why this conversation changed. */
  async addReasons(conversationId: string, reasons: HandoverReason[]): Promise<void> {
    const row = this.openRow(conversationId);
    if (!row) return;
    const old = JSON.parse(row.reasons) as HandoverReason[];
    const all = [...old, ...reasons.filter((r) => !old.includes(r))];
    if (all.length === old.length) return;
    this.sql(`UPDATE handover_tickets SET reasons = ? WHERE id = ?`).run(JSON.stringify(all), row.id);
    this.changed(row.bot, row.id, 'status', row.status as HandoverStatus);
  }

  onEvent(listener: HandoverListener): void {
    this.events.on('event', listener);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  // ---- the agents' side (the console)

  /** An agent's console is connected; returns the call for when it goes away. Availability follows this. */
  connect(botId: string, agent: Agent): () => void {
    const key = `${botId}\n${agent.username}`;
    this.online.set(key, (this.online.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.online.get(key) ?? 1) - 1;
      if (n > 0) this.online.set(key, n);
      else this.online.delete(key);
    };
  }

  onlineAgents(botId: string): number {
    let n = 0;
    for (const key of this.online.keys()) if (key.startsWith(`${botId}\n`)) n++;
    return n;
  }

  onChange(listener: (c: QueueChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Waiting conversations: crisis (urgent) first, then the longest waiting. */
  waiting(botId: string): QueueTicket[] {
    return this.rows(`bot = ? AND status = 'pending' ORDER BY priority = 'urgent' DESC, created_at, id`, botId);
  }

  /** Conversations an agent has now. */
  assignedTo(botId: string, username: string): QueueTicket[] {
    return this.rows(`bot = ? AND status = 'assigned' AND agent = ? ORDER BY assigned_at`, botId, username);
  }

  /** Recently closed conversations of this bot, newest first. */
  recent(botId: string, limit = 20): QueueTicket[] {
    return this.rows(`bot = ? AND NOT ${OPEN} ORDER BY closed_at DESC LIMIT ?`, botId, limit);
  }

  ticket(id: number): QueueTicket | undefined {
    const row = this.sql('SELECT * FROM handover_tickets WHERE id = ?').get(id) as Row | undefined;
    return row && toTicket(row);
  }

  /** The open ticket of a conversation, if any. */
  ticketOf(conversationId: string): QueueTicket | undefined {
    const row = this.openRow(conversationId);
    return row && toTicket(row);
  }

  /** The whole conversation: what the bot saw before the handover, then everything after. */
  messages(ticketId: number): QueueMessage[] {
    return (this.sql('SELECT id, sender, agent, text, at FROM handover_messages WHERE ticket = ? ORDER BY id').all(ticketId) as
      { id: number; sender: QueueMessage['from']; agent: string | null; text: string; at: string }[])
      .map((m) => ({ id: m.id, from: m.sender, text: m.text, at: m.at, ...(m.agent ? { agent: m.agent } : {}) }));
  }

  /** The resident's place among the waiting (1 = next) and a rough wait in minutes. */
  place(ticketId: number): QueuePlace {
    const t = this.require(ticketId);
    const waiting = this.waiting(t.botId);
    const position = Math.max(1, waiting.findIndex((w) => w.id === ticketId) + 1);
    const agents = this.onlineAgents(t.botId);
    const busy = (this.sql(`SELECT COUNT(*) AS n FROM handover_tickets WHERE bot = ? AND status = 'assigned'`).get(t.botId) as { n: number }).n;
    const free = Math.max(0, agents * this.capacity - busy);
    const average = this.opts.averageMinutes ?? 5;
    const ahead = position - free;
    const waitMinutes = ahead <= 0 ? 1 : Math.ceil((ahead * average) / Math.max(1, agents * this.capacity));
    return { position, waitMinutes };
  }

  claim(ticketId: number, botId: string, agent: Agent): QueueTicket {
    return this.db.transaction(() => {
      const row = this.own(ticketId, botId);
      if (row.status !== 'pending') throw new QueueError('taken', row.status === 'assigned' ? `Dit gesprek is al opgepakt door ${row.agent_name}.` : 'Dit gesprek wacht niet meer.');
      if (this.assignedTo(botId, agent.username).length >= this.capacity) {
        throw new QueueError('capacity', `U heeft al ${this.capacity} gesprekken. Sluit er eerst een af of geef het terug aan de chatbot.`);
      }
      this.transition(row, 'assigned', agent.username, { agent });
      return this.require(ticketId);
    }).immediate();
  }

  reply(ticketId: number, botId: string, agent: Agent, text: string): QueueMessage {
    const row = this.mine(ticketId, botId, agent);
    const body = text.trim();
    if (!body) throw new QueueError('invalid', 'Het bericht is leeg.');
    if (body.length > 4000) throw new QueueError('invalid', 'Het bericht is te lang (meer dan 4000 tekens). Verdeel het over meer berichten.');
    this.checkWindow(row);
    const message = this.addMessage(row.id, 'agent', body, this.now().toISOString(), agent.name);
    this.changed(botId, row.id, 'message', 'assigned', message);
    this.emit({ type: 'message', conversationId: row.conversation, text: body, agent: agent.name });
    return message;
  }

  sendLink(ticketId: number, botId: string, agent: Agent, title: string, url: string): QueueMessage {
    const row = this.mine(ticketId, botId, agent);
    if (!/^https?:\/\/[^\s<>"]+$/i.test(url.trim()) || url.length > 2000) throw new QueueError('invalid', 'Geef een volledige link die begint met https://.');
    const label = title.trim() || url.trim();
    this.checkWindow(row);
    const message = this.addMessage(row.id, 'agent', `${label}: ${url.trim()}`, this.now().toISOString(), agent.name);
    this.changed(botId, row.id, 'message', 'assigned', message);
    this.emit({ type: 'link', conversationId: row.conversation, title: label, url: url.trim(), agent: agent.name });
    return message;
  }

  /** The agent gives the conversation back to the bot. */
  handBack(ticketId: number, botId: string, agent: Agent): void {
    this.transition(this.mine(ticketId, botId, agent), 'returned', agent.username, { outcome: 'terug naar de chatbot' });
  }

  /** The agent closes the conversation with an outcome ("opgelost", "doorverwezen", …). */
  resolve(ticketId: number, botId: string, agent: Agent, outcome: string): void {
    const text = outcome.trim().slice(0, 500);
    if (!text) throw new QueueError('invalid', 'Kies of beschrijf de uitkomst van het gesprek.');
    this.transition(this.mine(ticketId, botId, agent), 'resolved', agent.username, { outcome: text });
  }

  /**
   * Time-based work: offer a callback to residents who wait too long (once), expire what waits far too long, and
   * delete closed conversations older than the retention period.
   */
  sweep(): void {
    const now = this.now().getTime();
    const offerAt = new Date(now - (this.opts.offerCallbackAfterMinutes ?? 10) * 60_000).toISOString();
    const expireAt = new Date(now - (this.opts.expireAfterMinutes ?? 120) * 60_000).toISOString();
    for (const row of this.sql(`SELECT * FROM handover_tickets WHERE status = 'pending' AND created_at <= ?`).all(offerAt) as Row[]) {
      if (row.created_at <= expireAt) this.transition(row, 'expired', 'system', { outcome: 'niemand beschikbaar' });
      else if (!row.offered_callback) {
        this.sql('UPDATE handover_tickets SET offered_callback = 1 WHERE id = ?').run(row.id);
        this.emit({ type: 'waiting_long', conversationId: row.conversation });
      }
    }
    const keepUntil = new Date(now - (this.opts.keepDays ?? 30) * 86_400_000).toISOString();
    this.sql(`DELETE FROM handover_tickets WHERE NOT ${OPEN} AND closed_at < ?`).run(keepUntil);
  }

  // ---- internals

  private insert(t: HandoverTicket): number {
    return this.db.transaction(() => {
      const info = this.sql(`INSERT INTO handover_tickets (bot, conversation, channel, lang, status, priority, reasons, evidence, flow, slots, created_at, last_resident_at)
        VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`).run(
        t.botId, t.conversationId, t.channel, t.lang, t.priority, JSON.stringify(t.reasons), t.evidence ? JSON.stringify(t.evidence) : null, t.flow ?? null, JSON.stringify(t.slots), t.createdAt,
        [...t.transcript].reverse().find((l) => l.from === 'resident')?.at ?? t.createdAt,
      );
      const id = Number(info.lastInsertRowid);
      for (const line of t.transcript) this.addMessage(id, line.from, line.text, line.at);
      this.log(id, null, 'pending', 'bot');
      return id;
    })();
  }

  private transition(row: Row, to: HandoverStatus, actor: string, extra: { agent?: Agent; outcome?: string } = {}): void {
    const at = this.now().toISOString();
    if (to === 'assigned') {
      this.sql('UPDATE handover_tickets SET status = ?, assigned_at = ?, agent = ?, agent_name = ? WHERE id = ?').run(to, at, extra.agent!.username, extra.agent!.name, row.id);
    } else {
      this.sql('UPDATE handover_tickets SET status = ?, closed_at = ?, outcome = ? WHERE id = ?').run(to, at, extra.outcome ?? null, row.id);
    }
    this.log(row.id, row.status, to, actor);
    this.changed(row.bot, row.id, 'status', to);
    const conversationId = row.conversation;
    // A resident who withdrew needs no message about it from the queue; the bot already answered them.
    if (to === 'assigned') this.emit({ type: 'assigned', conversationId, agent: extra.agent!.name });
    else if (to === 'resolved') this.emit({ type: 'resolved', conversationId, outcome: extra.outcome });
    else if (to === 'expired') this.emit({ type: 'expired', conversationId });
    else if (to === 'returned' && actor !== 'resident') this.emit({ type: 'returned', conversationId });
  }

  private checkWindow(row: Row): void {
    const closed = replyWindowClosed(row.channel, row.last_resident_at ?? undefined, this.now(), this.opts.replyWindowHours);
    if (closed) throw new QueueError('window_closed', closed);
  }

  private addMessage(ticket: number, from: QueueMessage['from'], text: string, at: string, agent?: string): QueueMessage {
    const info = this.sql('INSERT INTO handover_messages (ticket, sender, agent, text, at) VALUES (?, ?, ?, ?, ?)').run(ticket, from, agent ?? null, text, at);
    return { id: Number(info.lastInsertRowid), from, text, at, ...(agent ? { agent } : {}) };
  }

  private log(ticket: number, from: string | null, to: HandoverStatus, actor: string): void {
    this.sql('INSERT INTO handover_log (ticket, from_status, to_status, actor, at) VALUES (?, ?, ?, ?, ?)').run(ticket, from, to, actor, this.now().toISOString());
  }

  private openRow(conversationId: string): Row | undefined {
    return this.sql(`SELECT * FROM handover_tickets WHERE conversation = ? AND ${OPEN} ORDER BY id DESC LIMIT 1`).get(conversationId) as Row | undefined;
  }

  private rows(where: string, ...params: unknown[]): QueueTicket[] {
    return (this.sql(`SELECT * FROM handover_tickets WHERE ${where}`).all(...params) as Row[]).map(toTicket);
  }

  private require(ticketId: number): QueueTicket {
    const t = this.ticket(ticketId);
    if (!t) throw new QueueError('not_found', 'Dit gesprek bestaat niet (meer).');
    return t;
  }

  /** A ticket of this bot: an agent of one municipality never sees another's. */
  private own(ticketId: number, botId: string): Row {
    const row = this.sql('SELECT * FROM handover_tickets WHERE id = ? AND bot = ?').get(ticketId, botId) as Row | undefined;
    if (!row) throw new QueueError('not_found', 'Dit gesprek bestaat niet (meer).');
    return row;
  }

  private mine(ticketId: number, botId: string, agent: Agent): Row {
    const row = this.own(ticketId, botId);
    if (row.status !== 'assigned') throw new QueueError('closed', 'Dit gesprek is niet meer open.');
    if (row.agent !== agent.username) throw new QueueError('not_yours', `Dit gesprek is van ${row.agent_name}.`);
    return row;
  }

  private changed(botId: string, ticketId: number, kind: QueueChange['kind'], status: HandoverStatus, message?: QueueMessage): void {
    this.events.emit('change', { botId, ticketId, kind, status, ...(message ? { message } : {}) } satisfies QueueChange);
  }

  private emit(e: HandoverEvent): void {
    this.events.emit('event', e);
  }
}

function toTicket(r: Row): QueueTicket {
  return {
    id: r.id, botId: r.bot, conversationId: r.conversation, channel: r.channel, lang: r.lang as Lang,
    status: r.status as HandoverStatus, priority: r.priority as QueueTicket['priority'], reasons: JSON.parse(r.reasons) as HandoverReason[],
    ...(r.evidence ? { evidence: JSON.parse(r.evidence) as Evidence[] } : {}), ...(r.flow ? { flow: r.flow } : {}), slots: JSON.parse(r.slots) as Record<string, string>, createdAt: r.created_at,
    ...(r.assigned_at ? { assignedAt: r.assigned_at } : {}), ...(r.agent ? { agent: { username: r.agent, name: r.agent_name ?? r.agent } } : {}),
    ...(r.closed_at ? { closedAt: r.closed_at } : {}), ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(r.last_resident_at ? { lastResidentAt: r.last_resident_at } : {}),
  };
}
