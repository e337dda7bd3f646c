/**
 * Handover figures for `npm run bench`: how long a resident's request for a person takes to show up in an agent's
 * console, and how the built-in queue copes with 50 agents and 500 waiting conversations, in-process and through the
 * console's HTTP API. Everything runs over loopback in one process on the same cores, so the figures include the
 * load generator's own cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AgentAccounts } from '../agentconsole';
import { HandoverQueue, type Agent, type HandoverTicket } from '../handover';
import { PACKAGE_ROOT } from '../paths';
import { startServer, type RunningServer } from '../server';
import { SqliteSql } from '../storage';
import { percentile } from './accuracy';

const BOT = 'voorbeeldgemeente';
/** Tuesday 10 March 2026, 10:00 in Amsterdam: within office hours, so handovers go to the queue. */
const OFFICE_HOURS = new Date('2026-03-10T10:00:00+01:00');
const PASSWORD = 'bench wachtwoord 2026';
const AGENTS = 50;
const WAITING = 500;
const LATENCY_SAMPLES = 30;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const figures = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms   p99 ${percentile(xs, 99).toFixed(1)} ms`;

export async function benchHandover(): Promise<void> {
  console.log('Handover (built-in queue, loopback, load generator in the same process)');
  await inProcessQueue();
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-ho-'));
  const server = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, stateFile: join(dir, 'state.sqlite'), log: pino({ level: 'silent' }), now: () => OFFICE_HOURS });
  try {
    await decisionToConsole(server);
    await throughApi(server);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
}

function ticket(n: number, at: string): HandoverTicket {
  const transcript = [
    { from: 'resident' as const, text: 'Ik heb een vraag over mijn uitkering', at },
    { from: 'bot' as const, text: 'Ik zet uw vraag door naar een medewerker.', at },
  ];
  return { botId: BOT, conversationId: `bench:${n}`, channel: 'webchat', lang: 'nl', reasons: ['complex'], priority: n % 25 === 0 ? 'urgent' : 'normal', slots: {}, transcript, createdAt: at };
}

/** The queue on a SQLite file without HTTP: queueing 500, estimating a place, and 50 agents working it empty. */
async function inProcessQueue(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-q-'));
  const sql = SqliteSql.open(join(dir, 'queue.sqlite'));
  const queue = new HandoverQueue(sql, { now: () => OFFICE_HOURS, sweepEveryMs: 0 });
  try {
    const agents: Agent[] = Array.from({ length: AGENTS }, (_, i) => ({ username: `agent${i}`, name: `Medewerker ${i}` }));
    for (const a of agents) queue.connect(BOT, a);
    const at = OFFICE_HOURS.toISOString();
    let t0 = process.hrtime.bigint();
    for (let n = 0; n < WAITING; n++) await queue.initiate(ticket(n, at));
    const queueMs = ms(t0);
    const ids = (await queue.waiting(BOT)).map((t) => t.id);
    const placeTimes: number[] = [];
    for (const id of ids.slice(0, 100)) placeTimes.push(await timed(() => queue.place(id)));
    const listMs = await timed(() => queue.waiting(BOT));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < WAITING; i++) {
      const agent = agents[i % AGENTS];
      const [next] = await queue.waiting(BOT);
      await queue.claim(next.id, BOT, agent);
      await queue.reply(next.id, BOT, agent, 'Goedemiddag, ik help u verder.');
      await queue.resolve(next.id, BOT, agent, 'opgelost');
    }
    const workMs = ms(t0);
    console.log(`  in-process: ${WAITING} waiting, ${AGENTS} agents online`);
    console.log(`    queueing a handover            ${rate(WAITING, queueMs)} handovers/s`);
    console.log(`    place and wait estimate        ${figures(placeTimes)}`);
    console.log(`    list of ${ids.length} waiting            ${listMs.toFixed(1)} ms`);
    console.log(`    claim + reply + close          ${rate(WAITING, workMs)} conversations/s`);
  } finally {
    await queue.close();
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return ms(t);
}

const rate = (n: number, millis: number) => (n / (millis / 1000)).toFixed(0).padStart(6);

/** An agent's browser as far as the API sees it: one session cookie. */
class AgentBrowser {
  private cookie = '';

  constructor(private readonly base: string, readonly username: string) {}

  async login(): Promise<void> {
    const res = await fetch(`${this.base}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loket-agent': '1' }, body: JSON.stringify({ bot: BOT, username: this.username, password: PASSWORD }) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`sign-in of ${this.username} answered ${res.status}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  }

  // biome-ignore lint/suspicious/noExplicitAny: the console's JSON, read field by field by the bench
  async get(path: string): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.base}${path}`, { headers: { cookie: this.cookie } });
    return { status: res.status, json: await res.json() };
  }

  async post(path: string, body: unknown = {}): Promise<number> {
    const res = await fetch(`${this.base}${path}`, { method: 'POST', headers: { cookie: this.cookie, 'content-type': 'application/json', 'x-loket-agent': '1' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  }

  /** Opens the console's event stream (which also makes the agent available) and calls `on` for each event. */
  // biome-ignore lint/suspicious/noExplicitAny: the event stream's JSON, read field by field by the bench
  async listen(on: (event: string, data: any) => void): Promise<() => void> {
    const controller = new AbortController();
    const res = await fetch(`${this.base}/agent/api/events`, { headers: { cookie: this.cookie }, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`events answered ${res.status}`);
    let ready!: () => void;
    const opened = new Promise<void>((r) => (ready = r));
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'ready') ready();
            if (event) on(event, data ? JSON.parse(data) : undefined);
          }
        }
      } catch {
        // aborted: the bench is done with this stream
      }
    })();
    await opened;
    return () => controller.abort();
  }
}

/** `n` agent accounts named `<prefix>1…n`, signed in. */
async function addAgents(server: RunningServer, prefix: string, n: number): Promise<AgentBrowser[]> {
  const accounts = new AgentAccounts(server.bots.get(BOT)!.loket.sql, BOT);
  const out: AgentBrowser[] = [];
  for (let i = 1; i <= n; i++) {
    await accounts.add(`${prefix}${i}`, `Medewerker ${i}`, PASSWORD);
    out.push(new AgentBrowser(server.url, `${prefix}${i}`));
  }
  for (const a of out) await a.login();
  return out;
}

/** A resident in Direct Line; returns a function that posts one message and resolves when the bot has answered. */
async function resident(base: string, id: string): Promise<(text: string) => Promise<void>> {
  const { token } = (await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const started = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string; token?: string };
  const bearer = started.token ?? token;
  return async (text) => {
    const res = await fetch(`${base}/v3/directline/conversations/${started.conversationId}/activities`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ type: 'message', text, from: { id } }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`Direct Line answered ${res.status}`);
  };
}

/**
 * From the moment the resident sends "ik wil een medewerker spreken" until the signed-in agent's console has the
 * new conversation: the live event, and the event plus the queue list the console then fetches.
 */
async function decisionToConsole(server: RunningServer): Promise<void> {
  const [agent] = await addAgents(server, 'wacht', 1);
  let created: (() => void) | undefined;
  const stop = await agent.listen((event, data) => {
    if (event === 'queue' && data.kind === 'created') created?.();
  });
  const toEvent: number[] = [];
  const toList: number[] = [];
  try {
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const say = await resident(server.url, `bench-resident-${i}`);
      const seen = new Promise<void>((r) => (created = r));
      const t0 = process.hrtime.bigint();
      await Promise.all([say('ik wil een medewerker spreken'), seen]);
      toEvent.push(ms(t0));
      const { json } = await agent.get('/agent/api/queue');
      if (json.waiting.length !== i + 1) throw new Error(`the console lists ${json.waiting.length} waiting, expected ${i + 1}`);
      toList.push(ms(t0));
    }
  } finally {
    stop();
  }
  console.log(`  resident asks for a person → agent console (Direct Line → NLU → policy → queue → SSE), ${LATENCY_SAMPLES} handovers`);
  console.log(`    live event in the console      ${figures(toEvent)}`);
  console.log(`    event + waiting list fetched   ${figures(toList)}`);
  await closeAll(server);
}

/** Ends every waiting conversation, so the next part starts with an empty queue. */
async function closeAll(server: RunningServer): Promise<void> {
  const queue = server.bots.get(BOT)!.loket.handover as HandoverQueue;
  const cleaner: Agent = { username: 'bench-cleaner', name: 'Bench' };
  const leave = queue.connect(BOT, cleaner);
  for (const t of await queue.waiting(BOT)) {
    await queue.claim(t.id, BOT, cleaner);
    await queue.resolve(t.id, BOT, cleaner, 'opgelost');
  }
  leave();
}

/**
 * 50 agents with the console open (each an SSE stream, so every change fans out to 50 streams) work 500 waiting
 * conversations empty through the HTTP API: fetch the list, claim the first they can get, reply, close.
 */
async function throughApi(server: RunningServer): Promise<void> {
  const queue = server.bots.get(BOT)!.loket.handover as HandoverQueue;
  const agents = await addAgents(server, 'kcc', AGENTS);
  const stops = await Promise.all(agents.map((a) => a.listen(() => undefined)));
  const at = OFFICE_HOURS.toISOString();
  for (let n = 0; n < WAITING; n++) await queue.initiate(ticket(n, at));
  const listTimes: number[] = [];
  const actionTimes: number[] = [];
  let conflicts = 0;
  let handled = 0;
  const call = async <T>(times: number[], fn: () => Promise<T>): Promise<T> => {
    const t = process.hrtime.bigint();
    const out = await fn();
    times.push(ms(t));
    return out;
  };
  const work = async (agent: AgentBrowser) => {
    for (;;) {
      const { json } = await call(listTimes, () => agent.get('/agent/api/queue'));
      if (json.waiting.length === 0) return;
      // Agents pick at random among the first few, as people do; two picking the same one is a conflict (409).
      const pick = json.waiting[Math.floor(Math.random() * Math.min(5, json.waiting.length))];
      const status = await call(actionTimes, () => agent.post(`/agent/api/tickets/${pick.id}/claim`));
      if (status !== 200) {
        conflicts++;
        continue;
      }
      await call(actionTimes, () => agent.post(`/agent/api/tickets/${pick.id}/reply`, { text: 'Goedemiddag, ik help u verder.' }));
      const closed = await call(actionTimes, () => agent.post(`/agent/api/tickets/${pick.id}/close`, { outcome: 'opgelost' }));
      if (closed !== 200) throw new Error(`closing answered ${closed}`);
      handled++;
    }
  };
  const t0 = process.hrtime.bigint();
  try {
    await Promise.all(agents.map(work));
  } finally {
    for (const stop of stops) stop();
  }
  const totalMs = ms(t0);
  console.log(`  HTTP API: ${AGENTS} agents with the console open, ${WAITING} waiting, worked until the queue is empty`);
  console.log(`    conversations handled          ${rate(handled, totalMs)} conversations/s (${handled} in ${(totalMs / 1000).toFixed(1)} s, ${conflicts} claims lost to a colleague)`);
  console.log(`    waiting list                   ${figures(listTimes)}`);
  console.log(`    claim / reply / close          ${figures(actionTimes)}`);
}
