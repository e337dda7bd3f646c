/**
 * Chatwoot as the human side, through its Application API (`/api/v1/accounts/<account>/…`, header `api_access_token`).
 *
 * initiate: a contact under a pseudonym ("Inwoner 1a2b3c4d", never a phone number or channel id), a conversation in
 * the configured API inbox with status `pending`, a private note with the reasons, the collected slots and the
 * transcript, then status `open`: the conversation appears for the agents. forward: the resident's lines as
 * `incoming` messages. cancel: a private note and status `resolved`.
 *
 * Chatwoot's webhook (the API inbox's webhook URL, or an account webhook) reaches us through the server at
 * `POST /api/bots/<bot>/handover?token=…`: an agent's public reply becomes a `message` (attached files `link`s), a new assignee `assigned`,
 * status `pending` (handed back to the bot) `returned`, and `resolved` `resolved`. Which Loket conversation belongs to
 * which Chatwoot conversation is kept in the bot's store (`chatwoot_conversations`: its SQLite file, or PostgreSQL with
 * `DATABASE_URL`), so it survives a restart and a webhook may reach any instance.
 * Setup: docs/handover-remote.md.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatwootSettings, HandoverReason } from '../content/types';
import type { Evidence, TranscriptLine } from '../engine/types';
import { migrating, SqliteSql, type Sql, type Step } from '../storage';
import { dispatch, type HandoverAdapter, type HandoverEvent, type HandoverListener, type HandoverTicket, type InboundHandover, type InboundRequest, type QueuePlace, type Refusal } from './adapter';
import { callRemote, DEFAULT_TIMEOUT_MS, isObject, isWebUrl, RemoteHandoverError, sameSecret, type RemoteOptions } from './webhook';

export interface ChatwootAdapterOptions {
  /** Access token of a Chatwoot user (administrator): agent bot tokens may not create contacts. */
  token: string;
  /** When set, Chatwoot's webhook URL must carry `?token=` with this value. */
  webhookToken?: string;
  log: Logger;
  botId: string;
  /** Where the conversation mapping is kept (the bot's store); without it, in memory (lost on a restart). */
  sql?: Sql;
  /** Attempts per call on network errors and 5xx (default 3). */
  tries?: number;
  /** First retry delay (default 300 ms). */
  retryDelayMs?: number;
}

/** Chatwoot's limit for one message. */
const MAX_CONTENT = 150_000;
const MAX_AGENT_NAME = 100;

type LinkStatus = 'pending' | 'open' | 'closed';

/** One Loket conversation's Chatwoot conversation; `closed` once it went back to the bot. */
interface Link { conversationId: string; chatwootId: number; contactId: number; status: LinkStatus; assigneeId: number | null }

const CONVERSATIONS = (bigint: string) => `(
     bot_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     chatwoot_id ${bigint} NOT NULL,
     contact_id ${bigint} NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'closed')),
     assignee_id ${bigint},
     updated_at TEXT NOT NULL,
     PRIMARY KEY (bot_id, conversation_id)
   )`;

/** Per bot: on PostgreSQL several bots share the tables, and one WhatsApp number may be handed over by two of them. */
const PER_BOT = (hex: string) => `CREATE TABLE chatwoot_conversations_by_bot ${CONVERSATIONS('BIGINT')};
   INSERT INTO chatwoot_conversations_by_bot (bot_id, conversation_id, chatwoot_id, contact_id, status, assignee_id, updated_at)
     SELECT '', conversation_id, chatwoot_id, contact_id, status, assignee_id, updated_at FROM chatwoot_conversations;
   DROP TABLE chatwoot_conversations;
   ALTER TABLE chatwoot_conversations_by_bot RENAME TO chatwoot_conversations;
   CREATE INDEX chatwoot_conversations_by_chatwoot ON chatwoot_conversations (bot_id, chatwoot_id, status);
   CREATE TABLE chatwoot_pseudonym_key_by_bot (
     bot_id TEXT PRIMARY KEY,
     key TEXT NOT NULL
   );
   INSERT INTO chatwoot_pseudonym_key_by_bot (bot_id, key) SELECT '', ${hex} FROM chatwoot_pseudonym_key;
   DROP TABLE chatwoot_pseudonym_key;
   ALTER TABLE chatwoot_pseudonym_key_by_bot RENAME TO chatwoot_pseudonym_key;`;

/** The tables as the adapter made them before it had migrations (IF NOT EXISTS: a bot's SQLite file may hold them). */
const FIRST = (blob: string) => `CREATE TABLE IF NOT EXISTS chatwoot_conversations (
     conversation_id TEXT PRIMARY KEY,
     chatwoot_id INTEGER NOT NULL,
     contact_id INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'closed')),
     assignee_id INTEGER,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS chatwoot_conversations_by_chatwoot ON chatwoot_conversations (chatwoot_id, status);
   CREATE TABLE IF NOT EXISTS chatwoot_pseudonym_key (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     key ${blob} NOT NULL
   );`;

/** Append-only (see storage/sql.ts): add a step, never edit one. */
const MIGRATIONS: Step[] = [
  { sqlite: FIRST('BLOB'), postgres: FIRST('BYTEA') },
  // Rows of before have bot '' until their bot opens its file (`adopt`); the key is kept as hex, the same in both.
  { sqlite: PER_BOT('lower(hex(key))'), postgres: PER_BOT("encode(key, 'hex')") },
];

interface Row { conversation_id: string; chatwoot_id: number | string; contact_id: number | string; status: LinkStatus; assignee_id: number | string | null }

/**
 * The mapping Loket conversation ⇄ Chatwoot conversation of one bot, and the key for its residents' pseudonyms, in
 * the bot's store: on PostgreSQL a webhook finds its conversation on whichever instance it arrives, and every
 * instance makes the same pseudonym.
 */
class Links {
  private readonly ready: Promise<unknown>;

  constructor(private readonly sql: Sql, private readonly botId: string) {
    this.ready = migrating(sql, 'chatwoot', MIGRATIONS).then(() => this.adopt());
    this.ready.catch(() => undefined);
  }

  /**
   * Random and kept with the mapping: a pseudonym stays the same across restarts and instances, but Chatwoot cannot
   * reverse it. Of two instances making one at once, the first insert wins and both read that one.
   */
  async pseudonymKey(): Promise<Buffer> {
    await this.ready;
    await this.sql.run('INSERT INTO chatwoot_pseudonym_key (bot_id, key) VALUES (?, ?) ON CONFLICT (bot_id) DO NOTHING', [this.botId, randomBytes(32).toString('hex')]);
    const row = await this.sql.get<{ key: string }>('SELECT key FROM chatwoot_pseudonym_key WHERE bot_id = ?', [this.botId]);
    return Buffer.from(row!.key, 'hex');
  }

  async get(conversationId: string): Promise<Link | undefined> {
    await this.ready;
    return this.link(await this.sql.get<Row>('SELECT * FROM chatwoot_conversations WHERE bot_id = ? AND conversation_id = ?', [this.botId, conversationId]));
  }

  /** The Loket conversation a Chatwoot conversation currently stands for. */
  async active(chatwootId: number): Promise<Link | undefined> {
    await this.ready;
    return this.link(await this.sql.get<Row>(
      "SELECT * FROM chatwoot_conversations WHERE bot_id = ? AND chatwoot_id = ? AND status <> 'closed' ORDER BY updated_at DESC LIMIT 1",
      [this.botId, chatwootId],
    ));
  }

  async save(link: Link): Promise<void> {
    await this.ready;
    await this.sql.run(
      `INSERT INTO chatwoot_conversations (bot_id, conversation_id, chatwoot_id, contact_id, status, assignee_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bot_id, conversation_id) DO UPDATE SET chatwoot_id = excluded.chatwoot_id, contact_id = excluded.contact_id, status = excluded.status,
         assignee_id = excluded.assignee_id, updated_at = excluded.updated_at`,
      [this.botId, link.conversationId, link.chatwootId, link.contactId, link.status, link.assigneeId, new Date().toISOString()],
    );
  }

  /** Moves a link on, only if it is still where `from` says (a webhook may have moved it first). */
  async setStatus(conversationId: string, to: LinkStatus, from?: LinkStatus): Promise<void> {
    await this.ready;
    await this.sql.run(
      `UPDATE chatwoot_conversations SET status = ?, updated_at = ? WHERE bot_id = ? AND conversation_id = ?${from ? ' AND status = ?' : ''}`,
      [to, new Date().toISOString(), this.botId, conversationId, ...(from ? [from] : [])],
    );
  }

  async setAssignee(conversationId: string, assigneeId: number | null): Promise<void> {
    await this.ready;
    await this.sql.run('UPDATE chatwoot_conversations SET assignee_id = ?, updated_at = ? WHERE bot_id = ? AND conversation_id = ?', [assigneeId, new Date().toISOString(), this.botId, conversationId]);
  }

  /** Rows and the key from before they were kept per bot; in a bot's own SQLite file they are that bot's. */
  private async adopt(): Promise<void> {
    if (this.sql.dialect !== 'sqlite') return;
    await this.sql.run("UPDATE chatwoot_conversations SET bot_id = ? WHERE bot_id = ''", [this.botId]);
    await this.sql.run("UPDATE chatwoot_pseudonym_key SET bot_id = ? WHERE bot_id = ''", [this.botId]);
  }

  /** PostgreSQL gives BIGINT columns as strings. */
  private link(r: Row | undefined): Link | undefined {
    if (!r) return undefined;
    const assigneeId = r.assignee_id === null ? null : Number(r.assignee_id);
    return { conversationId: r.conversation_id, chatwootId: Number(r.chatwoot_id), contactId: Number(r.contact_id), status: r.status, assigneeId };
  }
}

/** How the agent reads the reasons in the note. */
const REASONS: Record<HandoverReason, string> = {
  crisis: 'crisis (de chatbot heeft 112 en 113 genoemd)',
  emotional: 'emotioneel',
  political: 'politiek of bestuurlijk',
  complex: 'ingewikkelde vraag',
  person: 'wil een medewerker spreken',
  not_understood: 'de chatbot begreep de vraag niet',
  flow: 'doorverwezen vanuit een gesprek van de chatbot',
};
const SPEAKERS: Record<TranscriptLine['from'], string> = { resident: 'Inwoner', bot: 'Chatbot', agent: 'Medewerker' };

/** "woorden 'niet meer leven' (zeker 99%, nodig 5%)": what the bot saw, as the agent console shows it. */
function evidenceLine(e: Evidence): string {
  const words = e.words.length ? ` '${e.words.join("', '")}'` : '';
  const seen = { keyword: 'woorden', classifier: 'lijkt op', screen: 'lijkt op eerdere noodberichten', sentiment: 'toon', combined: 'alle redenen samen, lijkt op' }[e.signal];
  return `${REASONS[e.reason] ?? e.reason}: ${seen}${words} (zeker ${Math.round(e.score * 100)}%, nodig ${Math.round(e.threshold * 100)}%)`;
}

/** The private note an agent reads first: why, how urgent, what the bot collected, then what was said. */
export function handoverNote(ticket: HandoverTicket): string {
  const head = [
    'Overgedragen door de chatbot (Loket).',
    `Reden: ${ticket.reasons.map((r) => REASONS[r] ?? r).join(', ')}`,
    ...(ticket.evidence?.length ? [`Waarom: ${ticket.evidence.map(evidenceLine).join('; ')}`] : []),
    `Prioriteit: ${ticket.priority === 'urgent' ? 'URGENT' : 'normaal'}`,
    `Kanaal: ${ticket.channel}, taal: ${ticket.lang}`,
    ...(ticket.flow ? [`Onderwerp (flow): ${ticket.flow}`] : []),
    ...(Object.keys(ticket.slots).length ? ['', 'Verzameld door de chatbot:', ...Object.entries(ticket.slots).map(([k, v]) => `- ${k}: ${v}`)] : []),
    '',
    'Gesprek tot nu toe:',
  ];
  const lines = ticket.transcript.map((l) => `${SPEAKERS[l.from]}: ${l.text}`);
  // The oldest lines go first when the whole would not fit in one Chatwoot message.
  while (lines.length && [...head, ...lines].join('\n').length > MAX_CONTENT - 100) lines.shift();
  if (lines.length < ticket.transcript.length) head.push('(eerdere regels weggelaten)');
  return [...head, ...lines].join('\n');
}

/** A positive integer id from Chatwoot JSON (numbers, sometimes digit strings). */
function idOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const FILE_KINDS: Record<string, string> = { image: 'Afbeelding', audio: 'Geluidsbestand', video: 'Video', file: 'Bestand' };

/**
 * Files an agent attached, as links the resident can open: Chatwoot's `data_url` is a signed storage URL. The title is
 * the file name from the URL, else the kind of file.
 */
export function attachmentLinks(attachments: unknown): { title: string; url: string }[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.filter(isObject).flatMap((a) => {
    const url = typeof a.data_url === 'string' ? a.data_url : '';
    if (!isWebUrl(url) || url.length > 2048) return [];
    const kind = (typeof a.file_type === 'string' && FILE_KINDS[a.file_type]) || 'Bestand';
    return [{ title: `${kind}: ${fileName(url) ?? 'bijlage'}`, url }];
  });
}

function fileName(url: string): string | undefined {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').trim();
    return last ? [...last].slice(0, 100).join('') : undefined;
  } catch {
    return undefined;
  }
}

/** The name the resident hears ("U praat nu met Anna"): Chatwoot's display name, else the name. */
function agentName(user: Record<string, unknown>): string {
  const name = [user.available_name, user.name].find((n): n is string => typeof n === 'string' && !!n.trim());
  return name ? [...name.trim()].slice(0, MAX_AGENT_NAME).join('') : 'een medewerker';
}

export class ChatwootAdapter implements HandoverAdapter, InboundHandover {
  private readonly listeners: HandoverListener[] = [];
  private readonly links: Links;
  private readonly ownSql?: Sql;
  private readonly key: Promise<Buffer>;
  private readonly remote: RemoteOptions;
  private readonly log: Logger;
  private readonly base: string;

  constructor(private readonly settings: ChatwootSettings, private readonly opts: ChatwootAdapterOptions) {
    if (!opts.token) throw new Error('the Chatwoot handover adapter needs an access token (handover.chatwoot.token_env)');
    this.log = opts.log.child({ handover: 'chatwoot' });
    const sql = opts.sql ?? SqliteSql.open(':memory:');
    if (!opts.sql) this.ownSql = sql;
    this.links = new Links(sql, opts.botId);
    this.key = this.links.pseudonymKey();
    // Awaited by every handover; a failing store surfaces there, not as an unhandled rejection.
    this.key.catch(() => undefined);
    this.base = `${settings.url.replace(/\/+$/, '')}/api/v1/accounts/${settings.account_id}`;
    this.remote = { service: 'Chatwoot', timeoutMs: settings.timeout_ms ?? DEFAULT_TIMEOUT_MS, tries: Math.max(1, opts.tries ?? 3), retryDelayMs: opts.retryDelayMs ?? 300, log: this.log };
  }

  /** Chatwoot is always on; its own auto-assignment decides who takes the conversation. */
  async available(): Promise<boolean> {
    return true;
  }

  async initiate(ticket: HandoverTicket): Promise<QueuePlace | undefined> {
    const { identifier } = await this.pseudonym(ticket.conversationId);
    const contactId = await this.contactFor(ticket.conversationId);
    const created = await this.api('create conversation', 'POST', '/conversations', { inbox_id: this.settings.inbox_id, contact_id: contactId, source_id: identifier, status: 'pending' });
    const chatwootId = idOf(isObject(created) ? created.id : undefined);
    if (!chatwootId) throw new RemoteHandoverError('bad_response', 'Chatwoot created a conversation but gave no id');
    await this.links.save({ conversationId: ticket.conversationId, chatwootId, contactId, status: 'pending', assigneeId: null });
    try {
      if (ticket.priority === 'urgent') await this.api('set priority', 'POST', `/conversations/${chatwootId}/toggle_priority`, { priority: 'urgent' });
      await this.note(chatwootId, handoverNote(ticket));
      await this.toggle(chatwootId, 'open');
    } catch (e) {
      // Half handed over is not handed over: later webhooks for it are ignored.
      await this.links.setStatus(ticket.conversationId, 'closed');
      throw e;
    }
    await this.links.setStatus(ticket.conversationId, 'open', 'pending');
    this.log.info({ chatwoot: chatwootId, priority: ticket.priority, reasons: ticket.reasons }, 'handed over to chatwoot');
    return undefined;
  }

  /** Resident lines arrive as `incoming` messages (from the contact); anything else as a private note. */
  async forward(conversationId: string, line: TranscriptLine): Promise<void> {
    const link = await this.links.get(conversationId);
    if (!link || link.status === 'closed') throw new Error('this conversation has no open Chatwoot conversation');
    if (!line.text.trim()) return;
    const content = [...line.text].slice(0, MAX_CONTENT).join('');
    if (line.from === 'resident') await this.api('forward message', 'POST', `/conversations/${link.chatwootId}/messages`, { content, message_type: 'incoming', private: false });
    else await this.note(link.chatwootId, `${SPEAKERS[line.from]}: ${content}`.slice(0, MAX_CONTENT));
  }

  /** A crisis after the handover: Chatwoot's priority goes to urgent, with a note saying why. */
  async escalate(conversationId: string): Promise<void> {
    const link = await this.links.get(conversationId);
    if (!link || link.status === 'closed') return;
    await this.api('set priority', 'POST', `/conversations/${link.chatwootId}/toggle_priority`, { priority: 'urgent' });
    await this.note(link.chatwootId, 'Let op: de inwoner schreef iets dat op een crisis wijst. De chatbot heeft 112 en 113 genoemd.');
  }

  /** New reasons while waiting: a private note, so the agent sees the change before answering. */
  async addReasons(conversationId: string, reasons: HandoverReason[]): Promise<void> {
    const link = await this.links.get(conversationId);
    if (!link || link.status === 'closed') return;
    await this.note(link.chatwootId, `Nieuwe reden: ${reasons.map((r) => REASONS[r] ?? r).join(', ')}.`);
  }

  async cancel(conversationId: string): Promise<void> {
    const link = await this.links.get(conversationId);
    if (!link || link.status === 'closed') return;
    // Closed first: the `resolved` webhook that follows is our own doing, not the agent's.
    await this.links.setStatus(conversationId, 'closed');
    await this.note(link.chatwootId, 'De inwoner wacht niet meer op een medewerker en is verder gegaan met de chatbot.');
    await this.toggle(link.chatwootId, 'resolved');
    this.log.info({ chatwoot: link.chatwootId }, 'chatwoot conversation resolved: the resident stopped waiting');
  }

  onEvent(listener: HandoverListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await this.ownSql?.close();
  }

  /** Chatwoot's webhook. Events we do not use, or for conversations that are not (or no longer) ours, get 200 and are ignored. */
  async receive(req: InboundRequest): Promise<{ status: number; body: unknown }> {
    if (this.opts.webhookToken && !sameSecret(req.query.token ?? '', this.opts.webhookToken)) {
      this.log.warn({ withToken: req.query.token !== undefined }, 'chatwoot webhook refused: missing or wrong token');
      return { status: 401, body: { error: 'missing or wrong ?token= on the webhook URL' } };
    }
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'the body is not valid JSON' } };
    }
    if (!isObject(body) || typeof body.event !== 'string') return { status: 400, body: { error: 'not a Chatwoot webhook: the body needs a string "event"' } };
    const ignored = await this.handle(body.event, body);
    this.log.info({ event: body.event.slice(0, 40), ignored }, 'chatwoot webhook');
    return { status: 200, body: ignored ? { ok: true, ignored } : { ok: true } };
  }

  /** Applies one webhook; returns why it was ignored, if it was. */
  private async handle(event: string, body: Record<string, unknown>): Promise<string | undefined> {
    if (event === 'message_created') return this.onMessage(body);
    if (['conversation_status_changed', 'conversation_updated', 'conversation_resolved', 'conversation_opened', 'assignee_changed'].includes(event)) {
      return this.onConversation(isObject(body.conversation) ? body.conversation : body, body);
    }
    return 'event not used';
  }

  /**
   * An agent's public reply goes to the resident: the text, then each attached file as a link. What the resident
   * cannot get comes back as a private note saying why.
   */
  private async onMessage(body: Record<string, unknown>): Promise<string | undefined> {
    const conversation = isObject(body.conversation) ? body.conversation : {};
    const link = await this.linkFor(conversation, body);
    if (typeof link === 'string') return link;
    if (body.message_type !== 'outgoing' || body.private !== false) return 'not a public reply';
    const sender = isObject(body.sender) ? body.sender : {};
    if (sender.type !== 'user') return 'not from an agent';
    const { conversationId } = link;
    const agent = agentName(sender);
    const events: HandoverEvent[] = [
      ...(typeof body.content === 'string' && body.content.trim() ? [{ type: 'message' as const, conversationId, text: body.content, agent }] : []),
      ...attachmentLinks(body.attachments).map((file) => ({ type: 'link' as const, conversationId, ...file, agent })),
    ];
    if (!events.length) return 'no text';
    // An agent who answers has taken the conversation, also without an assignment first.
    if (link.assigneeId === null) await this.assign(link, sender);
    for (const e of events) {
      const refused = await this.emit(e);
      if (!refused) continue;
      // Chatwoot does not retry webhooks; a note that fails too is only logged (by callRemote).
      await this.note(link.chatwootId, `Niet verstuurd naar de inwoner. ${refused.reason}`).catch(() => undefined);
      return `not delivered: ${refused.code}`;
    }
    return undefined;
  }

  private async onConversation(conversation: Record<string, unknown>, body: Record<string, unknown>): Promise<string | undefined> {
    const link = await this.linkFor(conversation, body);
    if (typeof link === 'string') return link;
    const status = conversation.status;
    if (status === 'resolved') return this.finish(link, { type: 'resolved', conversationId: link.conversationId });
    if (status === 'pending' && link.status === 'open') return this.finish(link, { type: 'returned', conversationId: link.conversationId });
    if (status === 'open' && link.status === 'pending') await this.links.setStatus(link.conversationId, 'open', 'pending');
    const meta = isObject(conversation.meta) ? conversation.meta : {};
    if (!('assignee' in meta)) return undefined;
    const assignee = isObject(meta.assignee) ? meta.assignee : undefined;
    const assigneeId = idOf(assignee?.id) ?? null;
    if (assigneeId === link.assigneeId) return 'nothing new';
    if (assignee && assigneeId) await this.assign(link, assignee);
    else await this.links.setAssignee(link.conversationId, null);
    return undefined;
  }

  /** Our link for the conversation in a webhook, or why there is none (another account or inbox, unknown, closed). */
  private async linkFor(conversation: Record<string, unknown>, body: Record<string, unknown>): Promise<Link | string> {
    const account = isObject(body.account) ? idOf(body.account.id) : idOf(conversation.account_id);
    if (account !== undefined && account !== this.settings.account_id) return 'another account';
    const inbox = idOf(conversation.inbox_id) ?? (isObject(body.inbox) ? idOf(body.inbox.id) : undefined);
    if (inbox !== undefined && inbox !== this.settings.inbox_id) return 'another inbox';
    const chatwootId = idOf(conversation.id);
    return (chatwootId && (await this.links.active(chatwootId))) || 'unknown conversation';
  }

  private async assign(link: Link, user: Record<string, unknown>): Promise<void> {
    const id = idOf(user.id) ?? null;
    await this.links.setAssignee(link.conversationId, id);
    link.assigneeId = id;
    await this.emit({ type: 'assigned', conversationId: link.conversationId, agent: agentName(user) });
  }

  /** The conversation is back with the bot: later webhooks for it are ignored. */
  private async finish(link: Link, event: HandoverEvent): Promise<undefined> {
    await this.links.setStatus(link.conversationId, 'closed');
    await this.emit(event);
    return undefined;
  }

  private emit(e: HandoverEvent): Promise<Refusal | undefined> {
    return dispatch(this.listeners, e);
  }

  /** A keyed hash of the conversation id: the same resident gets the same contact, and Chatwoot learns nothing about them. */
  private async pseudonym(conversationId: string): Promise<{ identifier: string; name: string }> {
    const hash = createHmac('sha256', await this.key).update(`${this.opts.botId}\n${conversationId}`).digest('hex');
    return { identifier: `loket-${hash.slice(0, 32)}`, name: `Inwoner ${hash.slice(0, 8)}` };
  }

  /** The contact of an earlier handover of this conversation, else found by its identifier, else a new one. */
  private async contactFor(conversationId: string): Promise<number> {
    const known = await this.links.get(conversationId);
    if (known) return known.contactId;
    const { identifier, name } = await this.pseudonym(conversationId);
    const found = await this.api('search contact', 'GET', `/contacts/search?q=${encodeURIComponent(identifier)}&include_contact_inboxes=false`);
    const payload = isObject(found) && Array.isArray(found.payload) ? found.payload : [];
    const existing = payload.find((c) => isObject(c) && c.identifier === identifier) as Record<string, unknown> | undefined;
    const existingId = idOf(existing?.id);
    if (existingId) return existingId;
    const created = await this.api('create contact', 'POST', '/contacts', { name, identifier });
    const contact = isObject(created) && isObject(created.payload) && isObject(created.payload.contact) ? created.payload.contact : undefined;
    const id = idOf(contact?.id);
    if (!id) throw new RemoteHandoverError('bad_response', 'Chatwoot created a contact but gave no id');
    return id;
  }

  private note(chatwootId: number, content: string): Promise<unknown> {
    return this.api('add private note', 'POST', `/conversations/${chatwootId}/messages`, { content, message_type: 'outgoing', private: true });
  }

  private toggle(chatwootId: number, status: 'open' | 'resolved'): Promise<unknown> {
    return this.api(`set status ${status}`, 'POST', `/conversations/${chatwootId}/toggle_status`, { status });
  }

  private async api(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { api_access_token: this.opts.token, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return (await callRemote(this.remote, what, `${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })).json;
    } catch (e) {
      if (e instanceof RemoteHandoverError && e.status === 401 && /bots/i.test(e.message)) {
        throw new RemoteHandoverError('rejected', `${e.message} (token_env must hold a Chatwoot user's access token: agent bot tokens may not create contacts)`, 401);
      }
      throw e;
    }
  }
}
