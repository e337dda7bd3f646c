/**
 * The parts of the chaos test (chaos.test.ts): `loket serve` as a real process that can be killed and started again,
 * and a resident who walks a flow through Direct Line's REST API, each message to the other instance, as a load
 * balancer without sticky sessions would send it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import { TEST_NLU_CACHE } from '../nluCache';

/** One `loket serve` process in a content root of its own (as on another machine), on a database given by URL. */
export class Instance {
  private child?: ChildProcess;
  private port = 0;
  private said = '';
  url = '';
  /** Whether the process is running and listening (false from the kill until it listens again). */
  up = false;

  /** `root`: a content root made for it (removed at `stop`); by default links to this repository's content. */
  constructor(readonly name: string, private readonly env: Record<string, string>, public root = '') {}

  async start(): Promise<void> {
    this.root ||= contentRoot(this.name);
    const args = [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'serve', '--port', String(this.port), '--root', this.root];
    const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...this.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        this.said = (this.said + chunk.toString()).slice(-20_000);
        const m = /Loket is running on (\S+)/.exec(this.said);
        if (!m || this.up) return;
        this.url = m[1];
        this.port = Number(new URL(this.url).port);
        this.up = true;
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.up = false;
        reject(new Error(`${this.name} stopped (${signal ?? code}):\n${this.said}`));
      });
    });
  }

  /** SIGKILL: no shutdown, no goodbye; whatever it was doing stops halfway. */
  kill(): Promise<void> {
    const child = this.child!;
    this.up = false;
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** SIGSTOP: the process is frozen where it is (nothing it does moves on) until `resume` or a kill. */
  pause(): void {
    this.child!.kill('SIGSTOP');
  }

  resume(): void {
    this.child!.kill('SIGCONT');
  }

  /** Started again on the same port, as a supervisor (or a rolling restart) starts a service. */
  async restart(): Promise<void> {
    this.said = '';
    await this.start();
  }

  /** SIGTERM, as a rolling restart stops an instance: it finishes what it took on and exits by itself, or this fails. */
  async terminate(ms = 30_000): Promise<void> {
    const child = this.child!;
    this.up = false;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    child.kill('SIGTERM');
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome !== 'late') return;
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${this.name} did not stop within ${ms / 1000} s of SIGTERM:\n${this.said}`);
  }

  /** At the end of the test; one that does not stop (a test that failed may have left it stuck) is killed. */
  async stop(): Promise<void> {
    if (this.child) await this.terminate(10_000).catch(() => undefined);
    if (this.root) rmSync(this.root, { recursive: true, force: true });
  }

  /** What the process logged (warnings and errors), for a failing test's message. */
  get log(): string {
    return this.said;
  }
}

/** A content root of links to this repository's content, with the model cache other tests share (trained once). */
export function contentRoot(name: string, links = ['bots', 'flows', 'intents']): string {
  const root = mkdtempSync(join(tmpdir(), `loket-chaos-${name}-`));
  for (const dir of links) symlinkSync(join(PACKAGE_ROOT, dir), join(root, dir));
  const cache = TEST_NLU_CACHE;
  mkdirSync(cache, { recursive: true });
  mkdirSync(join(root, '.loket'));
  symlinkSync(cache, cacheDirIn(root));
  return root;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Activity = any;

/** A Direct Line request that may not have reached the server (refused) or whose answer was lost (reset). */
class Unreached extends Error {
  constructor(readonly delivered: 'no' | 'maybe', cause: unknown) {
    super(`request failed: ${(cause as Error).message}`);
  }
}

/** Longer than an instance takes to answer what a killed one accepted (directline recoverAfterMs, 15 s, and a sweep). */
const REPLY_DEADLINE_MS = 60_000;
const REQUEST_DEADLINE_MS = 20_000;
const POLL_MS = 100;

/** How a resident answers: the reply's text → what the resident says next, or `done` when the flow is over. */
export type Walk = (reply: Activity, turn: number) => string | 'done';

/** One resident on Direct Line: a conversation, its messages alternating between the instances. */
export class Resident {
  token = '';
  conversationId = '';
  private watermark = '';
  private messages = 0;
  /** Ids of the messages the server accepted (200 with an id, or found in the log after a lost answer). */
  readonly accepted: string[] = [];
  readonly transcript: { from: 'resident' | 'bot'; text: string }[] = [];
  /** The bot's last reply: how the walk ended. */
  last?: Activity;
  /** The instance a message is on its way to (until its answer comes back). */
  sending?: Instance;
  /** Messages whose answer was lost with the instance, but which were in the log: accepted, answered later. */
  lostAnswers = 0;

  constructor(readonly index: number, private readonly instances: Instance[]) {}

  /** tokens/generate and the conversation's start, then the walk until it is over. */
  async walk(walk: Walk): Promise<void> {
    const generated = await this.request('POST', '/v3/directline/tokens/generate', { body: {} });
    this.token = generated.token;
    this.conversationId = generated.conversationId;
    // A start whose answer is lost is simply repeated: the second one finds the conversation (200 instead of 201).
    this.token = (await this.request('POST', '/v3/directline/conversations', { body: {}, via: 1 })).token;
    let reply: Activity = (await this.replies(undefined)).at(-1);
    for (let turn = 0; turn < 20; turn++) {
      const next = walk(reply, turn);
      if (next === 'done') return void (this.last = reply);
      reply = (await this.say(next)).at(-1);
    }
    throw new Error(`conversation ${this.index} did not end: ${JSON.stringify(this.transcript)}`);
  }

  /** One message, to the instance after the previous message's; resolves with the bot's replies to it. */
  async say(text: string): Promise<Activity[]> {
    const via = this.messages++;
    const clientActivityID = `${this.index}-${via}`;
    const body = { type: 'message', text, from: { id: `inwoner-${this.index}` }, channelData: { clientActivityID } };
    this.transcript.push({ from: 'resident', text });
    let id: string | undefined;
    while (!id) {
      try {
        id = (await this.request('POST', `/v3/directline/conversations/${this.conversationId}/activities`, { body, via, once: true })).id as string;
      } catch (e) {
        if (!(e instanceof Unreached)) throw e;
        // The answer was lost with the instance: the log says whether the message got in. If not, it is sent again.
        id = (await this.log()).find((a) => a.channelData?.clientActivityID === clientActivityID)?.id;
        if (id) this.lostAnswers++;
      }
    }
    this.accepted.push(id);
    return this.replies(id);
  }

  /** The whole log of the conversation, as any client may read it. */
  async log(): Promise<Activity[]> {
    return (await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities`)).activities;
  }

  /** Polls the log from the watermark, on the other instance, until the bot answered `id` (the welcome when undefined). */
  private async replies(id: string | undefined): Promise<Activity[]> {
    const deadline = Date.now() + REPLY_DEADLINE_MS;
    const got: Activity[] = [];
    for (;;) {
      const page = await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`, { via: this.messages });
      this.watermark = page.watermark ?? this.watermark;
      for (const a of page.activities as Activity[]) {
        if (a.from?.role !== 'bot') continue;
        got.push(a);
        this.transcript.push({ from: 'bot', text: a.text });
      }
      const answer = got.filter((a) => a.replyToId === id);
      if (answer.length) return answer;
      if (Date.now() > deadline) throw new Error(`conversation ${this.index}: no answer to ${id ?? 'the start'} within ${REPLY_DEADLINE_MS / 1000} s: ${JSON.stringify(this.transcript)}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * A request to instance `via` (counted from this resident's own); when that one is down (connection refused), to
   * the other, as a load balancer does. A request whose answer was lost with its instance is repeated, unless `once`.
   */
  private async request(method: string, path: string, opts: { body?: unknown; via?: number; once?: boolean } = {}): Promise<Activity> {
    const first = this.index + (opts.via ?? 0);
    const deadline = Date.now() + REPLY_DEADLINE_MS;
    for (let attempt = 0; ; attempt++) {
      const instance = this.instances[(first + attempt) % this.instances.length];
      try {
        if (!instance.up) throw new Unreached('no', new Error(`${instance.name} is down`));
        if (opts.once) this.sending = instance;
        return await call(instance.url, method, path, this.token, opts.body);
      } catch (e) {
        if (!(e instanceof Unreached) || Date.now() > deadline) throw e;
        if (e.delivered === 'maybe' && opts.once) throw e;
      } finally {
        this.sending = undefined;
      }
    }
  }
}

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<Activity> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
    text = await res.text();
  } catch (e) {
    // A server that holds a request this long is stuck, not down.
    if ((e as Error).name === 'TimeoutError') throw new Error(`${method} ${path} on ${base}: no answer within ${REQUEST_DEADLINE_MS / 1000} s`);
    const code = ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    throw new Unreached(code === 'ECONNREFUSED' ? 'no' : 'maybe', e);
  }
  if (!res.ok) throw new Error(`${method} ${path} on ${base}: ${res.status} ${text}`);
  return JSON.parse(text);
}
