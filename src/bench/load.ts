/**
 * `npm run bench:load`: Loket under load, measured from outside. Three processes: `loket serve --anonymous` (embedded
 * SQLite, in a scratch content root that links to this repository's bots, flows and intents), a restify hello-world,
 * and this one, which drives both with autocannon. Each autocannon connection is one resident on Direct Line (as Web
 * Chat talks to Loket): a token, the conversation's start (the bot greets) and the messages of a melding, one after
 * another; then a new conversation. Then the same load on PostgreSQL (a throw-away cluster, when Debian's postgresql
 * is installed): one instance, and two on one database with the connections spread over both. Prints figures, never
 * asserts.
 *   node dist/bench/load.js [--channel directline|botframework] [--connections 200] [--duration 15] [--warmup 5] [--open 1000] [--profile] [--postgres | --sqlite]
 * --warmup: seconds of the same load on each fresh server process before the measured run. Its figures are printed
 * too, as "cold": what residents meet on an instance that has just started (code not yet optimised by V8, and every
 * connection's resident starting at the same moment).
 * --channel botframework: the same residents on /api/messages (as Azure Bot Service forwards them), replies in the
 * response.
 * --open: conversations held open (each with its WebSocket) to measure memory per open conversation.
 * --profile: runs Loket with node --cpu-prof and prints where its CPU time went; with --postgres, one instance on
 * PostgreSQL instead of SQLite.
 * --sqlite: SQLite only, without the runs on PostgreSQL (quicker, while comparing one change); --postgres: the
 * hello-world and the runs on PostgreSQL only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';
import { cacheDirIn, PACKAGE_ROOT } from '../paths';
import { openSql } from '../storage';
import { createDatabase, startCluster, type Cluster } from './postgres';
import { selfTimes } from './profile';

/**
 * The melding flow as resident `n` walks it, after the bot's greeting. What residents type differs from one to the
 * next (the opening, the address, the description), so the NLU's memo of short messages cannot make the figures
 * better than real use would; the pressed buttons ("Afval", "Overslaan", "Nee", "Ja") are the same for everyone, as
 * they are in real use.
 */
function melding(n: number): string[] {
  const pick = <T>(list: readonly T[], k = n) => list[k % list.length];
  return [
    pick(OPENINGS), 'Afval', `${pick(STREETS)} ${1 + (Math.floor(n / STREETS.length) % 999)}`,
    `${pick(PROBLEMS)} ${pick(SINCE, Math.floor(n / PROBLEMS.length))}`.trim(), 'overslaan', 'nee', 'ja',
  ];
}
const WALK_NOTE = 'each types their own opening, address and description, so the NLU\'s memo of short messages saves only what residents really repeat (pressed buttons: Afval, Overslaan, Nee, Ja)';
const OPENINGS = [
  'ik wil graag iets melden aub', 'goedemiddag, ik wil iets melden', 'ik wil een melding doen bij de gemeente', 'hallo ik wil graag een melding doen',
  'ik heb iets gezien wat ik wil melden', 'kan ik hier iets melden over de straat?', 'goedemorgen, ik wil een melding maken',
  'ik wil een probleem op straat melden', 'ik wil graag een melding maken',
];
const STREETS = ['Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Schoolstraat', 'Stationsweg', 'Julianastraat', 'Beatrixlaan', 'Nieuwstraat', 'Parallelweg', 'Lindelaan'];
const PROBLEMS = [
  'er ligt afval naast de container', 'er staan vuilniszakken op de stoep', 'de glasbak is vol en er staat glas naast', 'er ligt zwerfvuil in de berm',
  'iemand heeft grofvuil bij de container gezet', 'er liggen kartonnen dozen naast de papierbak',
];
const SINCE = ['', 'al een paar dagen', 'sinds gisteren', 'al een week', 'sinds vanochtend'];
const MELDING_LENGTH = melding(0).length;
const LINKED = ['bots', 'flows', 'intents', 'loket.config.js'];
const SLOW_MS = 1000;

interface Server { url: string; child: ChildProcess; startMs: number; startedAt: number; loadFromMs?: number; inspector?: string }

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { channel: { type: 'string', default: 'directline' }, connections: { type: 'string', default: '200' }, duration: { type: 'string', default: '15' }, warmup: { type: 'string', default: '5' }, open: { type: 'string', default: '1000' }, profile: { type: 'boolean' }, postgres: { type: 'boolean' }, sqlite: { type: 'boolean' } },
  });
  const load: Load = { connections: Number(values.connections), duration: Number(values.duration), warmup: Number(values.warmup) };
  const open = Number(values.open);
  if (values.channel !== 'directline' && values.channel !== 'botframework') throw new Error('--channel is directline (as Web Chat talks to Loket) or botframework (/api/messages)');
  const walk = values.channel === 'directline' ? directLineRequests : botFrameworkRequests;
  const root = scratchRoot();
  const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'loket-profile-')) : undefined;
  try {
    console.log(`Load from a separate process (autocannon, ${load.connections} connections, ${load.duration} s measured after ${load.warmup} s of warm-up on each fresh process; ${loadNote()})`);
    console.log(`  residents walk the melding flow; ${WALK_NOTE}`);
    const training = await startLoket(root);
    await stop(training.child);
    if (profileDir && values.postgres) return await profiledOnPostgres(root, profileDir, walk, load);
    if (values.postgres) return await onPostgres(root, await helloWorld(load), walk, load);
    if (!profileDir) await memoryPerConversation(root, open);
    const loket = await startLoket(root, { profileDir });
    console.log(`  start-up: ${training.startMs} ms training the model, ${loket.startMs} ms from the model cache (process start to listening)`);
    let base: Run | undefined;
    try {
      if (profileDir) loket.loadFromMs = await profiled(root, loket, walk, load);
      else base = await measure(root, loket, walk, load);
    } finally {
      await stop(loket.child);
    }
    if (profileDir) printProfile(profileDir, loket.loadFromMs ?? 0);
    else if (!values.sqlite) await onPostgres(root, base!, walk, load);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface Load { connections: number; duration: number; warmup: number }

/** The hello-world and Loket, each under the same load; returns the hello-world's run, the yardstick. */
async function measure(root: string, loket: Server, walk: () => Walk, load: Load): Promise<Run> {
  const base = await helloWorld(load);
  const reports = reportCounter(root);
  const melding = walk();
  await warmUp([loket], load, `Loket ${melding.name}`, walk().requests);
  const before = reports();
  const run = await cannon([loket], load.connections, load.duration, melding.requests);
  print(melding.name, run, melding.counts, reports() - before, base);
  return base;
}

/** The yardstick: a restify hello-world under the same load, in the same run. */
async function helloWorld(load: Load): Promise<Run> {
  const hello = await startHelloWorld();
  try {
    await warmUp([hello], load, 'restify hello-world', helloRequests());
    const base = await cannon([hello], load.connections, load.duration, helloRequests());
    console.log(line('restify hello-world', base));
    return base;
  } finally {
    await stop(hello.child);
  }
}

/**
 * The same residents on PostgreSQL (a throw-away cluster, a fresh database per run): one instance, then two on one
 * database with the connections spread over both, as a load balancer without sticky sessions would. Each instance
 * has a content root of its own, as on another machine, sharing the trained model.
 */
async function onPostgres(root: string, base: Run, walk: () => Walk, load: Load): Promise<void> {
  let cluster: Cluster;
  try {
    cluster = await startCluster();
  } catch (e) {
    return void console.log(`  PostgreSQL: skipped (${(e as Error).message})\n`);
  }
  try {
    for (const count of [1, 2]) {
      const url = await createDatabase(cluster.url, `bench_${count}`);
      const env = { DATABASE_URL: url, LOKET_DIRECTLINE_SECRET: randomBytes(24).toString('hex') };
      const roots = [root, ...Array.from({ length: count - 1 }, () => scratchRoot(cacheDirIn(root)))];
      const servers: Server[] = [];
      try {
        for (const r of roots) servers.push(await startLoket(r, { env }));
        const melding = walk();
        const name = `${melding.name} on PostgreSQL, ${count} instance${count > 1 ? 's' : ''}`;
        await warmUp(servers, load, `Loket ${name}`, walk().requests);
        const before = await postgresReports(url);
        const run = await cannon(servers, load.connections, load.duration, melding.requests);
        print(name, run, melding.counts, (await postgresReports(url)) - before, base);
      } finally {
        for (const server of servers) await stop(server.child);
        for (const r of roots.slice(1)) rmSync(r, { recursive: true, force: true });
      }
    }
  } finally {
    cluster.stop();
  }
}

/** One instance on PostgreSQL under the profiler: where a turn's CPU time goes on the shared store. */
async function profiledOnPostgres(root: string, profileDir: string, walk: () => Walk, load: Load): Promise<void> {
  const cluster = await startCluster();
  try {
    const env = { DATABASE_URL: await createDatabase(cluster.url, 'bench_profile'), LOKET_DIRECTLINE_SECRET: randomBytes(24).toString('hex') };
    const loket = await startLoket(root, { profileDir, env });
    try {
      loket.loadFromMs = await profiled(root, loket, walk, load, env.DATABASE_URL);
    } finally {
      await stop(loket.child);
    }
    printProfile(profileDir, loket.loadFromMs);
  } finally {
    cluster.stop();
  }
}

/** References the melding flow stored in PostgreSQL. */
async function postgresReports(url: string): Promise<number> {
  const sql = openSql(url);
  try {
    return Number((await sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM reports'))?.n ?? 0);
  } finally {
    await sql.close();
  }
}

/** Loket's load alone, so its CPU profile holds turns; the profiler slows it down. Returns when the measured load began. */
async function profiled(root: string, loket: Server, walk: () => Walk, load: Load, databaseUrl?: string): Promise<number> {
  const melding = walk();
  await warmUp([loket], load, `Loket ${melding.name}`, walk().requests);
  const loadFromMs = Date.now() - loket.startedAt;
  const reports = databaseUrl ? () => postgresReports(databaseUrl) : async () => reportCounter(root)();
  const before = await reports();
  const run = await cannon([loket], load.connections, load.duration, melding.requests);
  print(melding.name + (databaseUrl ? ' on PostgreSQL' : ''), run, melding.counts, (await reports()) - before);
  return loadFromMs;
}

/**
 * A content root of links to this repository's content, so state, databases and the model cache start empty; or with
 * `cache`, the model trained in another root.
 */
function scratchRoot(cache?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-load-'));
  mkdirSync(join(root, '.loket'));
  if (cache) symlinkSync(cache, cacheDirIn(root));
  for (const name of LINKED) if (existsSync(join(PACKAGE_ROOT, name))) symlinkSync(join(PACKAGE_ROOT, name), join(root, name));
  return root;
}

function loadNote(): string {
  const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return `load average ${one} before the run on ${availableParallelism()} cores; other processes share them`;
}

/**
 * `loket serve` in its own process; resolves when it listens, with the time that took. On SQLite unless `env` gives a
 * DATABASE_URL (one set in the environment is not used).
 */
function startLoket(root: string, opts: { profileDir?: string; inspect?: boolean; env?: Record<string, string> } = {}): Promise<Server> {
  const flags = [...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []), ...(opts.inspect ? ['--inspect=127.0.0.1:0'] : [])];
  // Node's flags as `npm start` gives them (docs/deploy.md).
  const args = [...flags, ...NODE_FLAGS, join(PACKAGE_ROOT, 'bin', 'loket.js'), 'serve', '--anonymous', '--port', '0', '--root', root];
  const env = { ...process.env, DATABASE_URL: '', ...opts.env };
  return started(spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] }), /Loket is running on (\S+)/);
}

/** The Node flags of `npm start` (package.json), so the benchmark runs Loket as a deployment following the docs does. */
const NODE_FLAGS = (/^node((?: --[\w-]+(?:=\S+)?)*) bin\/loket\.js serve/.exec(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).scripts.start)?.[1] ?? '').split(' ').filter(Boolean);

function startHelloWorld(): Promise<Server> {
  return started(spawn(process.execPath, [join(__dirname, 'helloWorld.js')], { stdio: ['ignore', 'pipe', 'pipe'] }), /^(http\S+)/m);
}

/** Waits for the line that gives the server's URL (on stdout or stderr); everything it says goes to a log for errors. */
function started(child: ChildProcess, ready: RegExp): Promise<Server> {
  const t0 = Date.now();
  let said = '';
  return new Promise((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      said = (said + chunk.toString()).slice(-10_000);
      const m = ready.exec(said);
      if (!m) return;
      resolve({ url: m[1], child, startMs: Date.now() - t0, startedAt: t0, inspector: /Debugger listening on (ws:\S+)/.exec(said)?.[1] });
      // From here on its log lines are read and dropped, as a log collector would take them, at little cost to this process.
      for (const stream of [child.stdout, child.stderr]) stream?.off('data', listen).resume();
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} stopped (exit ${code}):\n${said}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One connection's resident: the token, the conversation, and which resident it is (what they type). */
type Context = { token?: string; id?: string; n?: number };

function helloRequests(): autocannon.Request[] {
  const body = JSON.stringify({ type: 'message', text: melding(0)[0], from: { id: 'inwoner' } });
  return [{ method: 'POST', path: '/v3/directline/conversations/x/activities', headers: { 'content-type': 'application/json' }, body }];
}

interface Walk { name: string; requests: autocannon.Request[]; counts: { conversations: number; messages: number; completed: number } }

/** One resident per connection: a token, the start, the melding's messages; then from the top with a new conversation. */
function directLineRequests(): Walk {
  const counts = { conversations: 0, messages: 0, completed: 0 };
  let residents = 0;
  // Without a token (a step of this conversation failed) autocannon starts over from the top: a new conversation.
  const authorized = (req: autocannon.Request, c: Context, path: string, body?: string) =>
    (c.token ? { ...req, path, body, headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${c.token}` } } : undefined) as autocannon.Request;
  const requests: autocannon.Request[] = [
    {
      method: 'POST', path: '/v3/directline/tokens/generate',
      onResponse: (status, body, c: Context) => {
        if (status === 200) ({ token: c.token, conversationId: c.id } = JSON.parse(body) as { token: string; conversationId: string });
        c.n = residents++;
      },
    },
    {
      method: 'POST',
      setupRequest: (req, c: Context) => authorized(req, c, '/v3/directline/conversations', '{}'),
      onResponse: (status, body, c: Context) => {
        if (status !== 201) return void (c.token = undefined);
        counts.conversations++;
        c.token = (JSON.parse(body) as { token: string }).token;
      },
    },
    ...Array.from({ length: MELDING_LENGTH }, (_, i): autocannon.Request => ({
      method: 'POST',
      setupRequest: (req, c: Context) => authorized(req, c, `/v3/directline/conversations/${c.id}/activities`, JSON.stringify({ type: 'message', text: melding(c.n ?? 0)[i], from: { id: 'inwoner' } })),
      onResponse: (status, _body, c: Context) => {
        if (status !== 200) return void (c.token = undefined);
        counts.messages++;
        if (i === MELDING_LENGTH - 1) counts.completed++;
      },
    })),
  ];
  return { name: 'Direct Line', requests, counts };
}

/**
 * The same resident on the Bot Framework endpoint, as Azure Bot Service brings Web Chat to it: the join, then the
 * melding's messages, with the replies in the response (deliveryMode expectReplies).
 */
function botFrameworkRequests(): Walk {
  const counts = { conversations: 0, messages: 0, completed: 0 };
  let conversations = 0;
  const body = (c: Context, activity: object) => JSON.stringify({
    ...activity, channelId: 'webchat', conversation: { id: c.id }, from: { id: `inwoner-${c.id}` }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9', deliveryMode: 'expectReplies',
  });
  const request = { method: 'POST' as const, path: '/api/messages', headers: { 'content-type': 'application/json' } };
  const requests: autocannon.Request[] = [
    {
      ...request,
      setupRequest: (req, c: Context) => ({ ...req, body: body(Object.assign(c, { id: `bench-${++conversations}`, n: conversations }), { type: 'conversationUpdate', membersAdded: [{ id: `inwoner-${c.id}` }] }) }),
      onResponse: (status, _body, c: Context) => (status === 200 ? void counts.conversations++ : void (c.id = undefined)),
    },
    ...Array.from({ length: MELDING_LENGTH }, (_, i): autocannon.Request => ({
      ...request,
      // Without a conversation (a step failed) autocannon starts over from the top: a new conversation.
      setupRequest: (req, c: Context) => (c.id ? { ...req, body: body(c, { type: 'message', text: melding(c.n ?? 0)[i] }) } : undefined) as autocannon.Request,
      onResponse: (status, _body, c: Context) => {
        if (status !== 200) return void (c.id = undefined);
        counts.messages++;
        if (i === MELDING_LENGTH - 1) counts.completed++;
      },
    })),
  ];
  return { name: '/api/messages', requests, counts };
}

/**
 * The load's first seconds on fresh server processes, printed as their cold figures and not counted in the measured
 * run: V8 has not yet optimised the code, and every connection's resident starts at the same moment.
 */
async function warmUp(servers: Server[], load: Load, name: string, requests: autocannon.Request[]): Promise<void> {
  if (load.warmup <= 0) return;
  console.log(line(`${name}, cold: first ${load.warmup} s`, await cannon(servers, load.connections, load.warmup, requests)));
}

interface Run { result: autocannon.Result; slow: number; cpuMs: number }

/**
 * Load on one server, or spread over several (connection i goes to server i mod n); with the CPU time their processes
 * used meanwhile, which other processes on the machine barely move.
 */
function cannon(servers: Server[], connections: number, duration: number, requests: autocannon.Request[]): Promise<Run> {
  const cpu = () => servers.reduce((ms, s) => ms + cpuMs(s.child.pid!), 0);
  const cpuBefore = cpu();
  // autocannon takes a list of URLs, though its types say one.
  const url = (servers.length === 1 ? servers[0].url : servers.map((s) => s.url)) as string;
  return new Promise((resolve, reject) => {
    let slow = 0;
    const instance = autocannon({ url, connections, duration, requests, timeout: 10 }, (err, result) => (err ? reject(err) : resolve({ result, slow, cpuMs: cpu() - cpuBefore })));
    instance.on('response', (_client, _status, _bytes, ms) => void (ms > SLOW_MS && slow++));
  });
}

/** User and system CPU time of a process so far (Linux /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** References the melding flow stored (the reports table of the bot's database), read beside the running server. */
function reportCounter(root: string): () => number {
  const dir = join(root, '.loket');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'state.sqlite');
  return () => {
    if (!file) return 0;
    const db = new BetterSqlite3(join(dir, file), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
}

/**
 * Memory per open conversation, in a Loket process of its own with the inspector on, to collect garbage before each
 * reading: resident set and heap before and after `n` conversations are opened as Web Chat opens them (token, start,
 * WebSocket stream) and taken two messages into a melding. They stay open while it is read.
 */
async function memoryPerConversation(root: string, n: number): Promise<void> {
  const loket = await startLoket(root, { inspect: true });
  const inspector = await inspect(loket.inspector!);
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < 20; i++) (await openConversation(loket.url, 2, n + i)).close();
    const before = await memory(loket, inspector);
    for (let i = 0; i < n; i += 50) sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => openConversation(loket.url, 2, i + k)))));
    const after = await memory(loket, inspector);
    const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
    const per = (b: number) => `${(b / n / 1024).toFixed(1)} KiB`;
    console.log(`  memory with ${n} open conversations (each a WebSocket, two messages into a melding; after garbage collection):`);
    console.log(`    rss ${mib(before.rss)} → ${mib(after.rss)}: ${per(after.rss - before.rss)} per open conversation (JavaScript heap ${per(after.heap - before.heap)} of it)`);
  } finally {
    for (const s of sockets) s.close();
    inspector.close();
    await stop(loket.child);
  }
}

type Inspector = { call(method: string): Promise<Record<string, number>>; close(): void };

/** The inspector protocol, as much as a memory reading needs. */
async function inspect(url: string): Promise<Inspector> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const pending = new Map<number, (result: Record<string, number>) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? {});
  });
  let id = 0;
  return {
    call: (method) => new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method }));
    }),
    close: () => ws.close(),
  };
}

async function memory(loket: Server, inspector: Inspector): Promise<{ rss: number; heap: number }> {
  await inspector.call('HeapProfiler.collectGarbage');
  const { usedSize } = await inspector.call('Runtime.getHeapUsage');
  return { rss: rss(loket.child.pid!), heap: usedSize };
}

async function openConversation(base: string, messages: number, n: number): Promise<WebSocket> {
  const post = async (path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}/v3/directline${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body ?? {}) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; conversationId: string; streamUrl: string };
  };
  const { token } = await post('/tokens/generate');
  const started = await post('/conversations', token);
  const ws = new WebSocket(started.streamUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  for (const text of melding(n).slice(0, messages)) await post(`/conversations/${started.conversationId}/activities`, started.token, { type: 'message', text, from: { id: 'inwoner' } });
  return ws;
}

function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

function rps(r: Run): number {
  return r.result.requests.total / r.result.duration;
}

function line(name: string, r: Run): string {
  const l = r.result.latency;
  return `  ${name.padEnd(40)} ${rps(r).toFixed(0).padStart(6)} req/s   p50 ${l.p50} ms   p99 ${l.p99} ms   max ${l.max} ms   over ${SLOW_MS / 1000} s ${r.slow}   timeouts ${r.result.timeouts}   errors ${r.result.errors}   non-2xx ${r.result.non2xx}   CPU ${(r.cpuMs / r.result.requests.total).toFixed(3)} ms/request`;
}

/** Loket's line; with the hello-world's run, how far from it Loket is. */
function print(channel: string, run: Run, counts: { conversations: number; messages: number; completed: number }, stored: number, base?: Run): void {
  const seconds = run.result.duration;
  console.log(line(`Loket ${channel}`, run));
  const ratio = base ? `, ratio to hello-world ${(rps(run) / rps(base)).toFixed(3)} (requests), ${(counts.messages / seconds / rps(base)).toFixed(3)} (messages)` : ' (under the profiler)';
  console.log(`  Loket: ${(counts.messages / seconds).toFixed(0)} msg/s (posted messages; ${(counts.conversations / seconds).toFixed(0)} conversations started/s)${ratio}`);
  // autocannon drops the replies still under way when the time is up; those turns still store their melding.
  console.log(`  melding flows walked to the end: ${counts.completed}; references stored: ${stored} (a last message still under way at the stop is stored but not counted as walked)\n`);
}

function printProfile(dir: string, skipMs: number): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return void console.log('  no CPU profile was written');
  const { functions, places, busyMs } = selfTimes(join(dir, file), skipMs);
  const row = (t: { name: string; ms: number; share: number }) => `    ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`;
  console.log(`CPU profile of the Loket process under load (${(busyMs / 1000).toFixed(1)} s busy; self time; open ${join(dir, file)} in Chrome DevTools for more)`);
  console.log('  by package or file');
  for (const t of places.slice(0, 15)) console.log(row(t));
  console.log('  by function');
  for (const t of functions.slice(0, 30)) console.log(row(t));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
