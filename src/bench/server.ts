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

/** Sends `total` requests with `concurrency` in flight, each virtual conversation walking through MESSAGES. */
async function load(url: string, concurrency: number, total: number): Promise<Load> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async (w: number) => {
    for (let turn = 0; next < total; turn++) {
      next++;
      const body = { type: 'message', text: MESSAGES[turn % MESSAGES.length], deliveryMode: 'expectReplies', channelId: 'bench', conversation: { id: `w${w}-${Math.floor(turn / MESSAGES.length)}` }, from: { id: `u${w}` }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9' };
      const t0 = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rps: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99), errors };
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
  console.log('Server (POST /api/messages, loopback, load generator in the same process)');
  try {
    for (const concurrency of [50, 200]) {
      const total = concurrency * 20;
      const base = await load(hello.url, concurrency, total);
      const ours = await load(`${loket.url}/api/messages`, concurrency, total);
      console.log(`  ${String(concurrency).padStart(3)} concurrent  restify hello-world ${base.rps.toFixed(0).padStart(6)} msg/s (p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms)`);
      console.log(`                 Loket               ${ours.rps.toFixed(0).padStart(6)} msg/s (p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms, errors ${ours.errors})   ratio ${(ours.rps / base.rps).toFixed(2)}`);
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    await load(`${loket.url}/api/messages`, 50, 1000 * 2);
    gc?.();
    const after = process.memoryUsage().heapUsed;
    const note = gc ? 'after garbage collection' : 'run with --expose-gc for an exact figure';
    console.log(`  memory per 1,000 open conversations (heap growth ${note}; state itself is in SQLite): ${((after - before) / 1048576).toFixed(1)} MiB\n`);
  } finally {
    hello.close();
    await loket.close();
  }
}
