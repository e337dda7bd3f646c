import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import restify from 'restify';
import { PACKAGE_ROOT } from '../paths';
import { startServer } from '../server';
import { percentile } from './accuracy';

const MESSAGES = ['hoe laat is het gemeentehuis open', 'ik wil iets melden', 'Afval', 'Kerkstraat 12', 'er ligt afval naast de container'];

interface Load { rps: number; p50: number; p99: number; errors: number }

type Send = (worker: number, turn: number) => Promise<number>;

/** Bot Framework activity with expectReplies: the answer comes back in the HTTP response. */
function botFramework(url: string): Send {
  return async (w, turn) => {
    const body = { type: 'message', text: MESSAGES[turn % MESSAGES.length], deliveryMode: 'expectReplies', channelId: 'bench', conversation: { id: `w${w}-${Math.floor(turn / MESSAGES.length)}` }, from: { id: `u${w}` }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9' };
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  };
}

/** Direct Line as Web Chat uses it: a token and a conversation per virtual resident, then posted activities. */
function directLine(base: string): Send {
  const conversations = new Map<string, { id: string; token: string }>();
  const open = async (key: string) => {
    const { token } = (await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const started = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string; token: string };
    const c = { id: started.conversationId, token: started.token ?? token };
    conversations.set(key, c);
    return c;
  };
  return async (w, turn) => {
    const key = `w${w}-${Math.floor(turn / MESSAGES.length)}`;
    const c = conversations.get(key) ?? (await open(key));
    const res = await fetch(`${base}/v3/directline/conversations/${c.id}/activities`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ type: 'message', text: MESSAGES[turn % MESSAGES.length], from: { id: key } }),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

/** Sends `total` messages with `concurrency` in flight, each virtual conversation walking through MESSAGES. */
async function load(send: Send, concurrency: number, total: number): Promise<Load> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async (w: number) => {
    for (let turn = 0; next < total; turn++) {
      next++;
      const t0 = process.hrtime.bigint();
      if ((await send(w, turn)) !== 200) errors++;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rps: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99), errors };
}

function line(l: Load): string {
  return `${l.rps.toFixed(0).padStart(6)} msg/s (p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, errors ${l.errors})`;
}

function helloWorld(): Promise<{ url: string; close(): void }> {
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (_req: restify.Request, res: restify.Response) => void res.send(200, { activities: [{ type: 'message', text: 'hallo' }] }));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `${server.url.replace('[::]', '127.0.0.1')}/api/messages`, close: () => server.close() })));
}

/** Throughput of POST /api/messages against a restify hello-world in the same run, and memory per conversation. */
export async function benchServer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-srv-'));
  const loket = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, stateFile: join(dir, 'state.sqlite'), log: pino({ level: 'silent' }) });
  const hello = await helloWorld();
  console.log('Server (loopback; the load generator runs in the same process and shares its 2 cores)');
  try {
    for (const concurrency of [50, 200]) {
      const total = concurrency * 20;
      const base = await load(botFramework(hello.url), concurrency, total);
      console.log(`  ${String(concurrency).padStart(3)} concurrent  restify hello-world       ${line(base)}`);
      const bf = await load(botFramework(`${loket.url}/api/messages`), concurrency, total);
      console.log(`                 Loket /api/messages       ${line(bf)}   ratio ${(bf.rps / base.rps).toFixed(2)}`);
      const dl = await load(directLine(loket.url), concurrency, total);
      console.log(`                 Loket Direct Line         ${line(dl)}   ratio ${(dl.rps / base.rps).toFixed(2)}`);
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    await load(botFramework(`${loket.url}/api/messages`), 50, 1000 * 2);
    gc?.();
    const after = process.memoryUsage().heapUsed;
    const note = gc ? 'after garbage collection' : 'run with --expose-gc for an exact figure';
    console.log(`  memory per 1,000 open conversations (heap growth ${note}; state itself is in SQLite): ${((after - before) / 1048576).toFixed(1)} MiB\n`);
  } finally {
    hello.close();
    await loket.close();
  }
}
