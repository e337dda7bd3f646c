import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Status = 'open' | 'resolved' | 'pending' | 'snoozed';
const STATUSES: Status[] = ['open', 'resolved', 'pending', 'snoozed'];
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];
const PRIORITIES = ['urgent', 'high', 'medium', 'low', null];
/** What Chatwoot lets an agent bot token do (AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS); contacts are not among it. */
const BOT_ROUTES = ['POST /conversations', 'POST /conversations/:id/toggle_status', 'POST /conversations/:id/toggle_priority', 'POST /conversations/:id/messages'];

export interface FakeUser { id: number; name: string; available_name?: string; email: string; role: 'administrator' | 'agent'; token: string }
export interface FakeInbox { id: number; name: string; channel_type: 'Channel::Api' | 'Channel::WebWidget' }
export interface FakeContact { id: number; name: string; identifier: string | null; email: string | null; phone_number: string | null; contact_inboxes: { inbox_id: number; source_id: string }[] }
export interface FakeAttachment { file_type: 'image' | 'audio' | 'video' | 'file'; name: string }
export interface FakeMessage { id: number; content: string | null; message_type: string; private: boolean; sender: Json; attachments?: FakeAttachment[] }
export interface FakeConversation { id: number; inbox_id: number; contact_id: number; source_id: string; status: Status; priority: string | null; assignee: FakeUser | null; messages: FakeMessage[] }
export interface Delivery { event: string; status: number; body: Json }
export type WebhookSink = (raw: string) => Promise<{ status: number; body: unknown }>;

type Caller = { kind: 'user'; user: FakeUser } | { kind: 'bot'; id: number; name: string };

/**
 * A local stand-in for Chatwoot's Application API, as strict as the real one where Loket uses it: the account id in
 * the path, the `api_access_token` header (user tokens, and agent bot tokens that may only touch conversations and
 * messages), JSON bodies with the fields Chatwoot permits and their types, existing inboxes, contacts and
 * conversations, valid statuses and message types (incoming only in API inboxes). Anything else is answered as
 * Chatwoot would and collected in `violations`. Like Chatwoot, every change is also sent to the webhook (the API
 * inbox's webhook URL) in Chatwoot's payload shapes; agents' actions are simulated with `reply`, `note`, `assign`
 * and `setStatus`.
 */
export class FakeChatwoot {
  readonly requests: { method: string; path: string; body: Json; status: number }[] = [];
  readonly violations: string[] = [];
  readonly contacts: FakeContact[] = [];
  readonly conversations = new Map<number, FakeConversation>();
  readonly deliveries: Delivery[] = [];
  /** Statuses to answer the next API requests with, before handling them (e.g. [500] or [502, 503]). */
  failNext: number[] = [];
  /** Statuses to answer the next requests to one route with ("POST /conversations/:id/messages"). */
  private readonly routeFailures = new Map<string, number[]>();
  /** Awaited before a request is handled: a test can hold one route while something else happens. */
  gate?: (route: string) => Promise<void>;
  /** Never answer (for timeouts). */
  hang = false;
  webhook?: WebhookSink;
  private server?: Server;
  private readonly bodies = new WeakMap<IncomingMessage, Json>();
  private queue: Promise<void> = Promise.resolve();
  private seq = { contact: 100, conversation: 0, message: 1000 };

  constructor(readonly opts: { accountId: number; inboxes: FakeInbox[]; users: FakeUser[]; bot?: { id: number; name: string; token: string } }) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Where Chatwoot's webhook goes over HTTP (the real server's endpoint). */
  static postTo(url: string): WebhookSink {
    return async (raw) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Ruby' }, body: raw });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e: Error) => this.fail(res, req, 500, { error: `fake crashed: ${e.message}` }, `crash: ${e.message}`)));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    await this.settled();
    this.server!.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  /** Resolves when every webhook sent so far has been answered. */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  failOn(route: string, ...statuses: number[]): void {
    this.routeFailures.set(route, statuses);
  }

  conversationOfContact(contactId: number): FakeConversation[] {
    return [...this.conversations.values()].filter((c) => c.contact_id === contactId);
  }

  // ---- what agents do in Chatwoot's dashboard ----

  /** An agent's public reply; Chatwoot sends `content: null` when only files are attached. */
  reply(conversationId: number, userId: number, content: string | null, attachments: FakeAttachment[] = []): Promise<void> {
    return this.agentMessage(conversationId, userId, content, false, attachments);
  }

  note(conversationId: number, userId: number, content: string): Promise<void> {
    return this.agentMessage(conversationId, userId, content, true);
  }

  assign(conversationId: number, userId: number | null): Promise<void> {
    const c = this.conversation(conversationId);
    const previous = c.assignee?.id ?? null;
    c.assignee = userId === null ? null : this.user(userId);
    return this.send({ ...this.conversationData(c), event: 'conversation_updated', changed_attributes: [{ assignee_id: { previous_value: previous, current_value: userId } }] });
  }

  setStatus(conversationId: number, status: Status): Promise<void> {
    return this.changeStatus(this.conversation(conversationId), status);
  }

  // ---- the API ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (this.hang) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/accounts\/(\d+)(\/.*)$/.exec(url.pathname);
    if (!m) return this.fail(res, req, 404, { error: 'Not found' }, `${req.method} ${url.pathname}: not an Application API path`);
    const token = req.headers.api_access_token;
    const caller = typeof token === 'string' ? this.caller(token) : undefined;
    if (!caller) return this.fail(res, req, 401, { error: 'Invalid Access Token' }, `${req.method} ${url.pathname}: missing or unknown api_access_token`);
    if (Number(m[1]) !== this.opts.accountId) return this.fail(res, req, 401, { error: 'You are not authorized to access this account' }, `account ${m[1]} is not ${this.opts.accountId}`);
    const route = `${req.method} ${m[2].replace(/^\/conversations\/\d+/, '/conversations/:id')}`;
    if (caller.kind === 'bot' && !BOT_ROUTES.includes(route)) return this.fail(res, req, 401, { error: 'Access to this endpoint is not authorized for bots' }, `${route}: not allowed for an agent bot token`);
    let body: Json;
    if (req.method === 'POST') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return this.fail(res, req, 415, { error: 'send JSON' }, `${route}: content type ${req.headers['content-type']}`);
      try {
        body = JSON.parse(raw);
      } catch {
        return this.fail(res, req, 400, { error: 'invalid JSON' }, `${route}: body is not JSON`);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return this.fail(res, req, 400, { error: 'invalid body' }, `${route}: body is not an object`);
      this.bodies.set(req, body);
    }
    await this.gate?.(route);
    const status = this.failNext.shift() ?? this.routeFailures.get(route)?.shift();
    if (status) return this.answer(res, req, status, { error: `told to answer ${status}` });
    const id = Number(/^\/conversations\/(\d+)/.exec(m[2])?.[1]);
    switch (route) {
      case 'GET /contacts/search': return this.searchContacts(res, req, url.searchParams.get('q'));
      case 'POST /contacts': return this.createContact(res, req, body);
      case 'POST /conversations': return this.createConversation(res, req, body);
      case 'POST /conversations/:id/messages': return this.createMessage(res, req, caller, id, body);
      case 'POST /conversations/:id/toggle_status': return this.toggleStatus(res, req, caller, id, body);
      case 'POST /conversations/:id/toggle_priority': return this.togglePriority(res, req, id, body);
      default: return this.fail(res, req, 404, { error: 'Not found' }, `${route}: unknown route`);
    }
  }

  private searchContacts(res: ServerResponse, req: IncomingMessage, q: string | null): void {
    if (!q?.trim()) return this.fail(res, req, 422, { error: 'Specify search string with parameter q' }, 'contact search without q');
    const found = this.contacts.filter((c) => [c.name, c.identifier, c.email, c.phone_number].some((v) => v?.toLowerCase().includes(q.trim().toLowerCase())));
    this.answer(res, req, 200, { meta: { count: found.length, current_page: 1 }, payload: found.map((c) => this.contactData(c)) });
  }

  private createContact(res: ServerResponse, req: IncomingMessage, b: Json): void {
    const problem = unexpected(b, ['name', 'identifier', 'email', 'phone_number', 'avatar_url', 'blocked', 'additional_attributes', 'custom_attributes', 'inbox_id', 'source_id'])
      ?? optional(b, 'name', 'string') ?? optional(b, 'identifier', 'string') ?? optional(b, 'email', 'string') ?? optional(b, 'phone_number', 'string');
    if (problem) return this.fail(res, req, 422, { message: problem }, `POST /contacts: ${problem}`);
    if (b.name !== undefined && b.name.length > 255) return this.fail(res, req, 422, { message: 'Name is too long' }, 'contact name longer than 255');
    if (b.phone_number !== undefined && !/^\+[1-9]\d{1,14}$/.test(b.phone_number)) return this.fail(res, req, 422, { message: 'Phone number should be in e164 format' }, 'bad phone number');
    if (b.identifier && this.contacts.some((c) => c.identifier === b.identifier)) return this.fail(res, req, 422, { message: 'Identifier has already been taken', attributes: ['identifier'] }, 'identifier taken');
    const contact: FakeContact = { id: ++this.seq.contact, name: b.name ?? 'contact', identifier: b.identifier ?? null, email: b.email ?? null, phone_number: b.phone_number ?? null, contact_inboxes: [] };
    this.contacts.push(contact);
    this.answer(res, req, 200, { payload: { contact: this.contactData(contact), contact_inbox: { inbox: null, source_id: null } } });
  }

  private createConversation(res: ServerResponse, req: IncomingMessage, b: Json): void {
    const problem = unexpected(b, ['source_id', 'inbox_id', 'contact_id', 'status', 'additional_attributes', 'custom_attributes', 'assignee_id', 'team_id', 'message', 'snoozed_until'])
      ?? optional(b, 'source_id', 'string') ?? optional(b, 'inbox_id', 'number') ?? optional(b, 'contact_id', 'number') ?? optional(b, 'status', 'string');
    if (problem) return this.fail(res, req, 422, { message: problem }, `POST /conversations: ${problem}`);
    if (b.status !== undefined && !STATUSES.includes(b.status)) return this.fail(res, req, 422, { message: `'${b.status}' is not a valid status` }, `bad status ${b.status}`);
    const inbox = this.opts.inboxes.find((i) => i.id === b.inbox_id);
    const contact = this.contacts.find((c) => c.id === b.contact_id);
    if (!inbox || !contact) return this.fail(res, req, 404, { error: 'Resource could not be found' }, `POST /conversations: inbox ${b.inbox_id} or contact ${b.contact_id} does not exist`);
    const sourceId: string = b.source_id ?? `generated-${contact.id}-${inbox.id}`;
    const owner = this.contacts.find((c) => c.contact_inboxes.some((ci) => ci.inbox_id === inbox.id && ci.source_id === sourceId));
    if (owner && owner !== contact) return this.fail(res, req, 422, { error: 'source_id should be unique' }, 'source_id belongs to another contact');
    if (!owner) contact.contact_inboxes.push({ inbox_id: inbox.id, source_id: sourceId });
    const c: FakeConversation = { id: ++this.seq.conversation, inbox_id: inbox.id, contact_id: contact.id, source_id: sourceId, status: b.status ?? 'open', priority: null, assignee: null, messages: [] };
    this.conversations.set(c.id, c);
    this.answer(res, req, 200, { ...this.conversationData(c), account_id: this.opts.accountId });
    void this.send({ ...this.conversationData(c), event: 'conversation_created' });
  }

  private createMessage(res: ServerResponse, req: IncomingMessage, caller: Caller, id: number, b: Json): void {
    const c = this.conversations.get(id);
    if (!c) return this.fail(res, req, 404, { error: 'Resource could not be found' }, `message for unknown conversation ${id}`);
    const problem = unexpected(b, ['content', 'message_type', 'private', 'content_type', 'content_attributes', 'echo_id', 'template_params', 'source_id', 'campaign_id', 'cc_emails', 'bcc_emails', 'to_emails', 'attachments'])
      ?? optional(b, 'content', 'string') ?? optional(b, 'message_type', 'string') ?? optional(b, 'private', 'boolean');
    if (problem) return this.fail(res, req, 422, { message: problem }, `POST messages: ${problem}`);
    if (!b.content?.trim()) return this.fail(res, req, 422, { message: "Content can't be blank" }, 'message without content');
    if (b.content.length > 150_000) return this.fail(res, req, 422, { message: 'Content is too long (maximum is 150000 characters)' }, 'message content too long');
    const type = b.message_type ?? 'outgoing';
    if (!MESSAGE_TYPES.includes(type)) return this.fail(res, req, 422, { message: `'${type}' is not a valid message_type` }, `bad message_type ${type}`);
    const inbox = this.opts.inboxes.find((i) => i.id === c.inbox_id)!;
    if (type === 'incoming' && inbox.channel_type !== 'Channel::Api') return this.fail(res, req, 422, { error: 'Incoming messages are only allowed in Api inboxes' }, 'incoming message outside an API inbox');
    const sender = type === 'incoming' ? this.contactSender(c) : caller.kind === 'user' ? userSender(caller.user) : { id: caller.id, name: caller.name, type: 'agent_bot' };
    const message: FakeMessage = { id: ++this.seq.message, content: b.content, message_type: type, private: b.private ?? false, sender };
    c.messages.push(message);
    this.answer(res, req, 200, { id: message.id, content: message.content, inbox_id: c.inbox_id, conversation_id: c.id, message_type: MESSAGE_TYPES.indexOf(type), private: message.private, sender });
    void this.send(this.messageData(c, message));
  }

  private toggleStatus(res: ServerResponse, req: IncomingMessage, caller: Caller, id: number, b: Json): void {
    const c = this.conversations.get(id);
    if (!c) return this.fail(res, req, 404, { error: 'Resource could not be found' }, `toggle_status for unknown conversation ${id}`);
    const problem = unexpected(b, ['status', 'snoozed_until']) ?? optional(b, 'status', 'string');
    if (problem) return this.fail(res, req, 422, { message: problem }, `toggle_status: ${problem}`);
    if (!STATUSES.includes(b.status)) return this.fail(res, req, 422, { message: `'${b.status}' is not a valid status` }, `toggle_status to ${b.status}`);
    void this.changeStatus(c, b.status);
    // Chatwoot assigns a conversation that a user with the agent role opens to that user (handle_human_open).
    if (c.status === 'open' && caller.kind === 'user' && caller.user.role === 'agent' && !c.assignee) void this.assign(c.id, caller.user.id);
    this.answer(res, req, 200, { meta: {}, payload: { success: true, conversation_id: c.id, current_status: c.status, snoozed_until: null } });
  }

  private togglePriority(res: ServerResponse, req: IncomingMessage, id: number, b: Json): void {
    const c = this.conversations.get(id);
    if (!c) return this.fail(res, req, 404, { error: 'Resource could not be found' }, `toggle_priority for unknown conversation ${id}`);
    const problem = unexpected(b, ['priority']);
    if (problem || !PRIORITIES.includes(b.priority)) return this.fail(res, req, 422, { message: 'invalid priority' }, `toggle_priority: ${problem ?? b.priority}`);
    c.priority = b.priority;
    this.answer(res, req, 200, undefined);
  }

  // ---- payloads as Chatwoot builds them ----

  /** Like Chatwoot, a webhook only when the status really changes. */
  private changeStatus(c: FakeConversation, status: Status): Promise<void> {
    const previous = c.status;
    c.status = status;
    if (previous === status) return this.queue;
    return this.send({ ...this.conversationData(c), event: 'conversation_status_changed', changed_attributes: [{ status: { previous_value: previous, current_value: status } }] });
  }

  private agentMessage(conversationId: number, userId: number, content: string | null, isPrivate: boolean, attachments: FakeAttachment[] = []): Promise<void> {
    const c = this.conversation(conversationId);
    const message: FakeMessage = { id: ++this.seq.message, content, message_type: 'outgoing', private: isPrivate, sender: userSender(this.user(userId)), ...(attachments.length ? { attachments } : {}) };
    c.messages.push(message);
    return this.send(this.messageData(c, message));
  }

  private conversationData(c: FakeConversation): Json {
    const contact = this.contacts.find((x) => x.id === c.contact_id)!;
    return {
      additional_attributes: {}, can_reply: true, channel: this.opts.inboxes.find((i) => i.id === c.inbox_id)!.channel_type, id: c.id, inbox_id: c.inbox_id,
      contact_inbox: { contact_id: contact.id, inbox_id: c.inbox_id, source_id: c.source_id },
      messages: [], labels: [], status: c.status, priority: c.priority, custom_attributes: {}, snoozed_until: null, unread_count: 0,
      meta: {
        sender: { ...this.contactData(contact), type: 'contact' },
        assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name, available_name: c.assignee.available_name ?? c.assignee.name, avatar_url: '', type: 'user', availability_status: 'online' } : null,
        team: null, hmac_verified: false,
      },
      timestamp: 1773136800,
    };
  }

  private messageData(c: FakeConversation, m: FakeMessage): Json {
    const inbox = this.opts.inboxes.find((i) => i.id === c.inbox_id)!;
    return {
      account: { id: this.opts.accountId, name: 'Gemeente Voorbeeld' }, additional_attributes: {}, content_attributes: {}, content_type: 'text', content: m.content,
      conversation: this.conversationData(c), created_at: '2026-03-10T09:00:00.000Z', id: m.id, inbox: { id: inbox.id, name: inbox.name },
      message_type: m.message_type, private: m.private, sender: m.sender, source_id: null, event: 'message_created',
      // As Chatwoot's push_event_data: only when there are files, each with a signed storage URL.
      ...(m.attachments ? { attachments: m.attachments.map((a, i) => this.attachmentData(m, a, i)) } : {}),
    };
  }

  private attachmentData(m: FakeMessage, a: FakeAttachment, i: number): Json {
    const extension = a.name.includes('.') ? a.name.split('.').pop() : null;
    return {
      id: m.id * 10 + i, message_id: m.id, file_type: a.file_type, account_id: this.opts.accountId, extension,
      data_url: `${this.url}/rails/active_storage/blobs/redirect/eyJfcmFpbHMiOnsiZGF0YSI6${m.id}${i}--sig/${encodeURIComponent(a.name)}`,
      thumb_url: a.file_type === 'image' ? `${this.url}/rails/active_storage/representations/redirect/thumb${m.id}${i}/${encodeURIComponent(a.name)}` : '', file_size: 48_213,
    };
  }

  private contactData(c: FakeContact): Json {
    return { id: c.id, name: c.name, identifier: c.identifier, email: c.email, phone_number: c.phone_number, additional_attributes: {}, custom_attributes: {}, thumbnail: '' };
  }

  private contactSender(c: FakeConversation): Json {
    const contact = this.contacts.find((x) => x.id === c.contact_id)!;
    return { id: contact.id, name: contact.name, avatar: '', type: 'contact' };
  }

  /** Sends one webhook after the ones before it, as Chatwoot's job queue would. */
  private send(payload: Json): Promise<void> {
    const sink = this.webhook;
    const next = this.queue.then(async () => {
      if (!sink) return;
      const r = await sink(JSON.stringify(payload));
      this.deliveries.push({ event: payload.event, status: r.status, body: r.body });
    });
    this.queue = next.catch((e: Error) => void this.violations.push(`webhook delivery failed: ${e.message}`));
    return this.queue;
  }

  private caller(token: string): Caller | undefined {
    const user = this.opts.users.find((u) => u.token === token);
    if (user) return { kind: 'user', user };
    const bot = this.opts.bot;
    return bot && bot.token === token ? { kind: 'bot', id: bot.id, name: bot.name } : undefined;
  }

  private conversation(id: number): FakeConversation {
    const c = this.conversations.get(id);
    if (!c) throw new Error(`no conversation ${id} in the fake`);
    return c;
  }

  private user(id: number): FakeUser {
    const u = this.opts.users.find((x) => x.id === id);
    if (!u) throw new Error(`no user ${id} in the fake`);
    return u;
  }

  private fail(res: ServerResponse, req: IncomingMessage, status: number, body: Json, violation: string): void {
    this.violations.push(violation);
    this.answer(res, req, status, body);
  }

  private answer(res: ServerResponse, req: IncomingMessage, status: number, body: Json): void {
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', body: this.bodies.get(req) ?? null, status });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }
}

function userSender(u: FakeUser): Json {
  return { id: u.id, name: u.name, email: u.email, type: 'user' };
}

function unexpected(b: Json, allowed: string[]): string | undefined {
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  return extra.length ? `unpermitted parameters: ${extra.join(', ')}` : undefined;
}

function optional(b: Json, field: string, type: 'string' | 'number' | 'boolean'): string | undefined {
  return b[field] === undefined || typeof b[field] === type ? undefined : `${field} must be a ${type}`;
}
