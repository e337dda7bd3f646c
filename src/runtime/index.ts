/**
 * The runtime joins the parts for one bot: content, NLU, handover policy, actions and the engine, with conversation
 * state in a StateStore and handed-over conversations in a HandoverAdapter. Every channel (console, classify,
 * YAML tests, later the web and WhatsApp) calls `handle`, so they all behave the same.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { createBuiltinActions, type Action, type ActionRegistry } from '../actions';
import { actionSpecs, checkOptions, configActions, readPlugins, type BotPlugins, type PluginContext } from './plugins';
import { defaultContentRoot, loadBot, type BotContent } from '../content';
import { cacheDirIn } from '../paths';
import { newState, turn, type ConversationState, type HandoffNotice, type Input, type Output, type Staffing, type TurnResult } from '../engine';
import { humanEvent, offerButtons, queuePlaceOutput, queueText } from '../engine/handover';
import { CallbackTasks, createHandoverAdapter, hasAgentDesk, HandoverPolicy, type HandoverAdapterFactory, isOpen, nextOpening, replyWindowClosed, type EventOutcome, type HandoverAdapter, type HandoverEvent, type Refusal } from '../handover';
import { Nlu } from '../nlu';
import { SqliteSql, type Bus, type Sql } from '../storage';
import { remembered } from '../text';
import { openDatabase, type Database } from '../storage/sqlite';
import { MemoryStateStore, type StateStore } from './stateStore';
import { maskIdentifiers } from '../privacy';

export { MemoryStateStore, type StateStore } from './stateStore';
export { StorageStateStore } from './storageStateStore';
export { SqlStateStore } from './sqlStateStore';
export { actionSpecs, checkOptions, readPlugins, CONFIG_FILE, type BotPlugins, type PluginContext } from './plugins';

export interface LoketOptions {
  botId: string;
  root?: string;
  /** The bot's SQLite file (its stores, unless `sql` is given); default bot.yaml storage.file or .loket/<bot>.sqlite. */
  dbFile?: string;
  cacheDir?: string;
  store?: StateStore;
  /** Default: what bot.yaml's handover.adapter says (the built-in queue unless set). */
  handover?: HandoverAdapter;
  /**
   * PostgreSQL shared with other instances, for the bot's stores: appointments, reports, cases, callback tasks, the
   * outbox, the human queue and agent accounts, conversation routes and WhatsApp's (default: the bot's SQLite file).
   */
  sql?: Sql;
  /** How news reaches every instance: queue and callback changes for the agent console (default: this process only). */
  bus?: Bus;
  /** Actions besides the built-in ones; default: those in the content root's loket.config.js. */
  actions?: Action[] | ((ctx: PluginContext) => Action[]);
  /** Handover adapters by name, for bot.yaml's handover.adapter; default: those in loket.config.js. */
  handoverAdapters?: Record<string, HandoverAdapterFactory>;
  now?: () => Date;
  log?: Logger;
  /** false: confirmation e-mails wait in the outbox unsent, as in conversation tests. */
  deliver?: boolean;
}

/** What reaches a resident outside their own turn: an agent's message, the queue's news, the return to the bot. */
export interface Delivery { outputs: Output[]; handoff: HandoffNotice[] }

export type DeliveryListener = (conversationId: string, delivery: Delivery) => void;

/** The bot's SQLite file: bot.yaml storage.file, else .loket/<bot>.sqlite, under the content root. */
export function botDatabasePath(root: string, botId: string): string {
  const plugins = readPlugins(root);
  const content = loadBot(root, botId, actionSpecs(plugins, pino({ level: 'silent' }), botId), checkOptions(plugins));
  return resolve(root, content.bot.storage?.file ?? join('.loket', `${botId}.sqlite`));
}

/** Where the trained model and the checked content are kept between starts. */
function cacheDirOf(opts: LoketOptions, root: string): string {
  return opts.cacheDir ?? cacheDirIn(root);
}

/** Channels (botbuilder channel ids) with a way for the resident to share a location: the prompt may offer it. */
const SHARES_LOCATION = new Set(['whatsapp', 'console']);
/** Message ids kept per conversation besides the last: more than a resident sends while a lost turn waits for recovery. */
const HANDLED_KEPT = 20;

export class Loket {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners: DeliveryListener[] = [];

  /** What a content reload replaces, swapped in one assignment so a turn never sees half of it. */
  private parts: Parts;

  private constructor(
    parts: Parts,
    private readonly source: Source,
    readonly handover: HandoverAdapter,
    readonly callbacks: CallbackTasks,
    private readonly store: StateStore,
    readonly db: Database,
    /** The bot's stores: `sql` of the options, else its SQLite file. */
    readonly sql: Sql,
    private readonly now: () => Date,
    readonly log: Logger,
  ) {
    this.parts = parts;
    handover.onEvent((e) => this.fromHumans(e).catch((err: Error): EventOutcome => {
      log.error({ conversation: pseudonym(e.conversationId), event: e.type, err: err.message }, 'handover event failed');
      return { delivered: false, code: 'failed', reason: 'Het bericht is niet afgeleverd door een storing. Probeer het opnieuw.' };
    }));
  }

  static async create(opts: LoketOptions): Promise<Loket> {
    const root = opts.root ?? defaultContentRoot();
    const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
    const now = opts.now ?? (() => new Date());
    const plugins = pluginsFor(opts, root);
    const content = loadBot(root, opts.botId, actionSpecs(plugins, log, opts.botId), { ...checkOptions(plugins), cacheDir: cacheDirOf(opts, root) });
    const db = openDatabase(opts.dbFile ?? resolve(root, content.bot.storage?.file ?? join('.loket', `${opts.botId}.sqlite`)));
    const sql = opts.sql ?? new SqliteSql(db);
    const callbacks = new CallbackTasks(sql, opts.botId, { now, bus: opts.bus });
    const source: Source = { opts, root, plugins };
    const parts = await build(source, content, db, sql, callbacks, log);
    const handover = opts.handover ?? createHandoverAdapter(content, { db, sql, bus: opts.bus, log, now }, plugins.handoverAdapters);
    // News from other instances reaches this one from its first turn on: an instance that is up listens to the bus.
    await Promise.all([callbacks.listening(), hasAgentDesk(handover) ? handover.listening?.() : undefined]);
    // The stores create their tables in the background; the first turn waits until they have. On SQLite the work on a
    // file takes turns, so an empty transaction ends after it (and a write through another connection to the file
    // cannot meet a migration halfway).
    await sql.transaction(async () => undefined);
    return new Loket(parts, source, handover, callbacks, opts.store ?? new MemoryStateStore(), db, sql, now, log);
  }

  get content(): BotContent {
    return this.parts.content;
  }

  get nlu(): Nlu {
    return this.parts.nlu;
  }

  get policy(): HandoverPolicy {
    return this.parts.policy;
  }

  get actions(): ActionRegistry {
    return this.parts.actions;
  }

  /**
   * Reads the content again and, when it is valid, trains on it and switches to it at once; until then, and when it
   * is not valid (the error says why), the running content goes on. Conversations, the database and the handover
   * desk stay as they are (a change of bot.yaml's handover or storage settings needs a restart).
   */
  async reload(): Promise<void> {
    const { opts, root, plugins } = this.source;
    const content = loadBot(root, opts.botId, actionSpecs(plugins, this.log, opts.botId), { ...checkOptions(plugins), cacheDir: cacheDirOf(opts, root) });
    const before = this.parts;
    this.parts = await build(this.source, content, this.db, this.sql, this.callbacks, this.log);
    await before.actions.close();
  }

  get botId(): string {
    return this.content.bot.id;
  }

  /** Messages that arrive outside a turn: agent replies, queue news and the return to the bot. */
  onDelivery(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  /**
   * One resident message in, the bot's answer out. Turns of one conversation run one after another. `channel` says
   * where the resident is ("webchat", "whatsapp"), for the agents.
   */
  /**
   * `inputId` is the channel's id of the message: a message handled again with the same id (redelivered, or recovered
   * after a crash) is answered with the answer it got, without a second turn.
   */
  handle(conversationId: string, input: Input, channel = 'unknown', inputId?: string): Promise<TurnResult> {
    return this.serialize(conversationId, (store) => this.step(conversationId, input, channel, store, inputId));
  }

  async state(conversationId: string, store = this.store): Promise<ConversationState> {
    return (await store.read(conversationId)) ?? newState(this.content.bot.languages[0]);
  }

  /** Closes the bot's stores once the turns under way have finished (they need them). */
  async close(): Promise<void> {
    await Promise.all(this.queues.values());
    await this.handover.close?.();
    await this.actions.close();
    // A shared database belongs to whoever gave it; the bot's own file closes once its queued work is done.
    if (this.sql === this.source.opts.sql) this.db.close();
    else await this.sql.close();
  }

  /** Whether a person can take a conversation now: office hours from bot.yaml, people from the adapter. */
  async staffing(): Promise<Staffing> {
    const hours = this.content.bot.handover.office_hours;
    const now = this.now();
    const open = isOpen(hours, now);
    const opensAt = open ? undefined : Object.fromEntries(this.content.bot.languages.map((lang) => [lang, nextOpening(hours, now, lang)]));
    return { open, agents: open && (await this.handover.available(this.botId)), opensAt };
  }

  private async step(conversationId: string, raw: Input, channel: string, store: StateStore, inputId?: string): Promise<TurnResult> {
    const input = masked(raw);
    const before = await this.state(conversationId, store);
    if (inputId !== undefined && before.answered?.inputId === inputId) return { state: before, outputs: before.answered.outputs, handoff: before.answered.handoff };
    // Answered before the last message: its answer is in the past; a turn now would undo the newer one.
    if (inputId !== undefined && before.handled?.includes(inputId)) return { state: before, outputs: [] };
    let calls = 0;
    const result = await turn(before, input, {
      content: this.content,
      understand: (text, lang) => this.nlu.understand(text, lang),
      decide: (u, where) => this.policy.decide(u, where),
      action: (name) => this.actions.get(name),
      actionContext: (s) => ({ botId: this.botId, conversationId, log: this.log, handover: s.lastHandover, ...(inputId === undefined ? {} : { key: actionKey(conversationId, inputId, calls++) }) }),
      now: this.now,
      staffing: await this.staffing(),
      sharesLocation: SHARES_LOCATION.has(channel),
    });
    await this.toHumans(conversationId, channel, result);
    result.state.answered = inputId === undefined ? undefined : { inputId, outputs: result.outputs, ...(result.handoff?.length ? { handoff: result.handoff } : {}) };
    result.state.handled = before.answered ? [...(before.handled ?? []), before.answered.inputId].slice(-HANDLED_KEPT) : before.handled;
    await store.write(conversationId, result.state);
    this.logTurn(conversationId, result);
    return result;
  }

  /** Hands over, forwards or withdraws as the turn decided. A failing adapter turns into an honest message. */
  private async toHumans(conversationId: string, channel: string, result: TurnResult): Promise<void> {
    const s = result.state;
    try {
      if (result.handover && !result.handover.unavailable) {
        if (s.handover) s.handover.channel = channel;
        const place = await this.handover.initiate({ botId: this.botId, conversationId, channel, lang: s.lang, ...result.handover, createdAt: this.now().toISOString() });
        if (place) this.add(result, queuePlaceOutput(this.content, s.lang, place));
      } else if (result.forward) {
        for (const line of result.forward) await this.handover.forward(conversationId, line);
        if (result.escalate) await this.handover.escalate?.(conversationId);
        // New tags are a nicety: a desk that cannot take them must not end the resident's handover.
        if (result.newReasons) await this.handover.addReasons?.(conversationId, result.newReasons).catch((e: Error) => this.log.warn({ conversation: pseudonym(conversationId), err: e.message }, 'handover adapter did not take new reasons'));
      } else if (result.cancelHandover) {
        await this.handover.cancel(conversationId);
      }
    } catch (e) {
      this.log.error({ conversation: pseudonym(conversationId), err: (e as Error).message }, 'handover adapter failed');
      if (!result.handover && !result.forward) return;
      s.handover = undefined;
      s.offer = 'unavailable';
      this.add(result, { type: 'text', text: queueText(this.content, s.lang, 'no_agents'), buttons: offerButtons(this.content, s.lang, 'unavailable') });
      result.handoff = [...(result.handoff ?? []), { kind: 'status', state: 'failed', message: 'the handover adapter failed' }];
    }
  }

  private add(result: TurnResult, output: Output): void {
    result.outputs.push(output);
    if (output.type === 'text') result.state.transcript.push({ from: 'bot', text: output.text, at: this.now().toISOString() });
  }

  /** Only labels and numbers are logged: never the resident's words or slot values (AVG). */
  private logTurn(conversationId: string, result: TurnResult): void {
    const u = result.understanding;
    this.log.info({ conversation: pseudonym(conversationId), intent: u?.intent ?? null, score: u?.score, flow: result.state.frame?.flow ?? null, handover: result.handover?.reasons, unavailable: result.handover?.unavailable }, 'turn');
  }

  /** An event from the human side, applied to the conversation; an agent's words the resident cannot get are refused. */
  private fromHumans(e: HandoverEvent): Promise<EventOutcome> {
    return this.serialize(e.conversationId, async (store) => {
      const before = await this.state(e.conversationId, store);
      const refused = (e.type === 'message' || e.type === 'link') && this.undeliverable(before);
      if (refused) {
        this.log.warn({ conversation: pseudonym(e.conversationId), event: e.type, refused: refused.code }, 'handover event refused');
        return refused;
      }
      const { state, outputs, handoff } = humanEvent(before, e, this.content, this.now());
      await store.write(e.conversationId, state);
      this.log.info({ conversation: pseudonym(e.conversationId), event: e.type }, 'handover event');
      if (outputs.length || handoff.length) for (const l of this.listeners) l(e.conversationId, { outputs, handoff });
      return { delivered: true } as const;
    });
  }

  private undeliverable(s: ConversationState): Refusal | undefined {
    if (!s.handover) return { delivered: false, code: 'not_handed_over', reason: 'Dit gesprek is niet (meer) bij een medewerker. De inwoner praat met de chatbot.' };
    const closed = replyWindowClosed(s.handover.channel, lastResidentAt(s), this.now());
    return closed ? { delivered: false, code: 'window_closed', reason: closed } : undefined;
  }

  /** One turn at a time per conversation: in this process by a queue, across instances by the store's guard. */
  private serialize<T>(conversationId: string, work: (store: StateStore) => Promise<T>): Promise<T> {
    const guarded = () => (this.store.exclusive ? this.store.exclusive(conversationId, work) : work(this.store));
    const prev = this.queues.get(conversationId) ?? Promise.resolve();
    const next = prev.then(guarded, guarded);
    const settled = next.catch(() => undefined);
    this.queues.set(conversationId, settled);
    void settled.then(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return next;
  }
}

interface Parts { content: BotContent; nlu: Nlu; policy: HandoverPolicy; actions: ActionRegistry }
interface Source { opts: LoketOptions; root: string; plugins: BotPlugins }

/** Everything that follows from the content: the actions with their settings, the trained NLU and the policy. */
async function build({ opts, root, plugins }: Source, content: BotContent, db: Database, sql: Sql, callbacks: CallbackTasks, log: Logger): Promise<Parts> {
  const actions = createBuiltinActions({ sql, callbacks, bot: content.bot, log, deliver: opts.deliver });
  for (const action of configActions(plugins, { botId: opts.botId, db, log })) actions.register(action);
  const nlu = await Nlu.create(content, { cacheDir: cacheDirOf(opts, root) });
  log.info({ trainMs: nlu.timings.trainMs, cached: nlu.timings.loadedFromCache }, 'bot loaded');
  return { content, nlu, policy: new HandoverPolicy(content), actions };
}

/** Plugins given in the options replace those of loket.config.js, each kind on its own; the file is read only when needed. */
function pluginsFor(opts: LoketOptions, root: string): BotPlugins {
  const file = opts.actions && opts.handoverAdapters ? {} : readPlugins(root);
  return { actions: opts.actions ?? file.actions, handoverAdapters: opts.handoverAdapters ?? file.handoverAdapters };
}

/**
 * The resident's words with BSN, IBAN and card numbers masked, before the turn sees them: the transcript, answers,
 * meldingen, callback requests and messages to agents are made from this. No flow asks for such a number (no slot
 * type takes one); if one ever must, it needs its own safe way in, not the chat.
 */
function masked(input: Input): Input {
  if (input.type === 'text') {
    const m = maskIdentifiers(input.text);
    return m.found.length ? { ...input, text: m.text, masked: true } : input;
  }
  if (input.type !== 'attachment') return input;
  const text = maskIdentifiers(input.text ?? '');
  const name = maskIdentifiers(input.attachment.name ?? '');
  if (!text.found.length && !name.found.length) return input;
  return {
    ...input,
    ...(input.text !== undefined ? { text: text.text } : {}),
    attachment: { ...input.attachment, ...(input.attachment.name !== undefined ? { name: name.text } : {}) },
    masked: true,
  };
}

/** When the resident last wrote (the transcript keeps the last 200 lines; the handover moment is the fallback). */
function lastResidentAt(s: ConversationState): string | undefined {
  for (let i = s.transcript.length - 1; i >= 0; i--) if (s.transcript[i].from === 'resident') return s.transcript[i].at;
  return s.handover?.at;
}

/**
 * A conversation as logs may name it. Channel conversation ids can be personal data (WhatsApp's is the resident's
 * phone number), so logs carry a keyed hash: stable within a run for following one conversation, useless outside it.
 */
export function pseudonym(conversationId: string): string {
  // Every turn logs its conversation: the hash is worked out once per conversation, not once per line.
  return remembered(pseudonyms, REMEMBERED, conversationId, (id) => createHmac('sha256', LOG_KEY).update(id).digest('hex').slice(0, 16));
}

const LOG_KEY = process.env.LOKET_LOG_KEY ?? randomBytes(32).toString('hex');
const pseudonyms = new Map<string, string>();
const REMEMBERED = 10_000;

/** The texts of a turn's outputs, as a list: what `classify` and tests compare. */
export function replyTexts(outputs: Output[]): string[] {
  return outputs.map((o) => (o.type === 'text' ? o.text : `${o.title}: ${o.url}`));
}

/** An action call's key (ActionContext.key): a hash, so the tables that keep it learn nothing of the conversation. */
function actionKey(conversationId: string, inputId: string, call: number): string {
  return createHash('sha256').update(`${conversationId}\n${inputId}\n${call}`).digest('base64url').slice(0, 24);
}
