/**
 * The runtime joins the parts for one bot: content, NLU, handover policy, actions and the engine, with conversation
 * state in a StateStore and handed-over conversations in a HandoverAdapter. Every channel (console, classify,
 * YAML tests, later the web and WhatsApp) calls `handle`, so they all behave the same.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { builtinActionNames, createBuiltinActions, type ActionRegistry } from '../actions';
import { defaultContentRoot, loadBot, type BotContent } from '../content';
import { newState, turn, type ConversationState, type Input, type Output, type TurnResult } from '../engine';
import { HandoverPolicy, MemoryHandoverAdapter, type HandoverAdapter } from '../handover';
import { Nlu } from '../nlu';
import { openDatabase, type Database } from '../storage/sqlite';
import { MemoryStateStore, type StateStore } from './stateStore';

export { MemoryStateStore, type StateStore } from './stateStore';
export { StorageStateStore } from './storageStateStore';

export interface LoketOptions {
  botId: string;
  root?: string;
  /** SQLite file for appointments and reports; default bot.yaml storage.file or .loket/<bot>.sqlite. */
  dbFile?: string;
  cacheDir?: string;
  store?: StateStore;
  handover?: HandoverAdapter;
  now?: () => Date;
  log?: Logger;
}

export type ProactiveListener = (conversationId: string, outputs: Output[]) => void;

export class Loket {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly proactive: ProactiveListener[] = [];

  private constructor(
    readonly content: BotContent,
    readonly nlu: Nlu,
    readonly policy: HandoverPolicy,
    readonly actions: ActionRegistry,
    readonly handover: HandoverAdapter,
    private readonly store: StateStore,
    private readonly db: Database,
    private readonly now: () => Date,
    readonly log: Logger,
  ) {
    handover.onAgentMessage((m) => void this.agentSays(m.conversationId, m.text));
    handover.onRelease((id) => void this.released(id));
  }

  static async create(opts: LoketOptions): Promise<Loket> {
    const root = opts.root ?? defaultContentRoot();
    const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
    const content = loadBot(root, opts.botId, builtinActionNames());
    const db = openDatabase(opts.dbFile ?? join(root, content.bot.storage?.file ?? join('.loket', `${opts.botId}.sqlite`)));
    const actions = createBuiltinActions({ db });
    const nlu = await Nlu.create(content, { cacheDir: opts.cacheDir ?? join(root, '.loket', 'cache') });
    log.info({ trainMs: nlu.timings.trainMs, cached: nlu.timings.loadedFromCache }, 'bot loaded');
    return new Loket(content, nlu, new HandoverPolicy(content), actions, opts.handover ?? new MemoryHandoverAdapter(),
      opts.store ?? new MemoryStateStore(), db, opts.now ?? (() => new Date()), log);
  }

  get botId(): string {
    return this.content.bot.id;
  }

  /** Outputs that arrive outside a turn: agent replies and the return to the bot. */
  onProactive(listener: ProactiveListener): void {
    this.proactive.push(listener);
  }

  /** One resident message in, the bot's answer out. Turns of one conversation run one after another. */
  handle(conversationId: string, input: Input): Promise<TurnResult> {
    return this.serialize(conversationId, () => this.step(conversationId, input));
  }

  async state(conversationId: string): Promise<ConversationState> {
    return (await this.store.read(conversationId)) ?? newState(this.content.bot.languages[0]);
  }

  close(): void {
    this.db.close();
  }

  private async step(conversationId: string, input: Input): Promise<TurnResult> {
    const before = await this.state(conversationId);
    const result = await turn(before, input, {
      content: this.content,
      understand: (text, lang) => this.nlu.understand(text, lang),
      decide: (u, inFlow) => this.policy.decide(u, inFlow),
      action: (name) => this.actions.get(name),
      actionContext: () => ({ botId: this.botId, conversationId, log: this.log }),
      now: this.now,
    });
    await this.store.write(conversationId, result.state);
    await this.afterTurn(conversationId, result);
    return result;
  }

  private async afterTurn(conversationId: string, result: TurnResult): Promise<void> {
    const u = result.understanding;
    // Only labels and numbers are logged: never the resident's words or slot values (AVG).
    this.log.info({ conversation: pseudonym(conversationId), intent: u?.intent ?? null, score: u?.score, flow: result.state.frame?.flow ?? null, handover: result.handover?.reasons }, 'turn');
    if (result.handover) {
      await this.handover.initiate({ botId: this.botId, conversationId, ...result.handover, createdAt: this.now().toISOString() });
    } else if (result.forwardToAgent) {
      await this.handover.forward(conversationId, result.state.transcript[result.state.transcript.length - 1]);
    }
  }

  private agentSays(conversationId: string, text: string): Promise<void> {
    return this.serialize(conversationId, async () => {
      const s = await this.state(conversationId);
      s.transcript.push({ from: 'agent', text, at: this.now().toISOString() });
      await this.store.write(conversationId, s);
      this.emit(conversationId, [{ type: 'text', text }]);
    });
  }

  private released(conversationId: string): Promise<void> {
    return this.serialize(conversationId, async () => {
      const s = await this.state(conversationId);
      s.handover = undefined;
      s.frame = undefined;
      s.misunderstood = 0;
      await this.store.write(conversationId, s);
      const text = s.lang === 'en' ? 'You are talking to the digital assistant again. How can I help you?' : 'U praat weer met de digitale assistent. Waarmee kan ik u helpen?';
      this.emit(conversationId, [{ type: 'text', text }]);
    });
  }

  private emit(conversationId: string, outputs: Output[]): void {
    for (const l of this.proactive) l(conversationId, outputs);
  }

  private serialize<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(conversationId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(conversationId, settled);
    void settled.then(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return next;
  }
}

/**
 * A conversation as logs may name it. Channel conversation ids can be personal data (WhatsApp's is the resident's
 * phone number), so logs carry a keyed hash: stable within a run for following one conversation, useless outside it.
 */
export function pseudonym(conversationId: string): string {
  return createHmac('sha256', LOG_KEY).update(conversationId).digest('hex').slice(0, 16);
}

const LOG_KEY = process.env.LOKET_LOG_KEY ?? randomBytes(32).toString('hex');

/** The texts of a turn's outputs, as a list: what `classify` and tests compare. */
export function replyTexts(outputs: Output[]): string[] {
  return outputs.map((o) => (o.type === 'text' ? o.text : `${o.title}: ${o.url}`));
}
