/**
 * A WhatsApp message Loket answered 200 for is answered once, also when the process dies before the answer went out.
 * Real `loket serve` processes, killed with SIGKILL, and the strict fake Graph API, which holds the bot's replies
 * unanswered while the process is killed (so nothing of the lost turns reached Meta). Afterwards every resident has
 * exactly the replies one uninterrupted run gives, in the same order: none lost, none twice.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths';
import { botDatabasePath } from '../../../src/runtime';
import { openSql } from '../../../src/storage';
import { contentRoot, Instance } from '../../server/chaosParts';
import { freshPostgres } from '../../storage/fresh';
import { FakeGraph, type Sent } from './fakeGraph';
import { BOT, ENV, PHONE_ID, TOKEN, VERSION, addWhatsApp, metaJson, payload, sign, text } from './helpers';

/** What each resident says, one webhook post per message. */
const SCRIPT = ['hallo', 'hoe laat is het gemeentehuis open', 'bedankt'];
const RESIDENTS = 6;
/** Leases this short make a killed instance's messages free within seconds; its sweep runs every third of it. */
const LEASE_MS = '1500';
const DEADLINE_MS = 45_000;

jest.setTimeout(150_000);

const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
const instances: Instance[] = [];

beforeAll(() => graph.start());
afterEach(async () => {
  await graph.release();
  for (const i of instances.splice(0)) await i.stop();
});
afterAll(() => graph.stop());

/** A content root as on its own machine: the example bot with WhatsApp pointing at the fake, the shared model cache. */
function whatsAppRoot(name: string): string {
  const root = contentRoot(`wa-${name}`, ['flows', 'intents']);
  mkdirSync(join(root, 'bots'));
  cpSync(join(PACKAGE_ROOT, 'bots', BOT), join(root, 'bots', BOT), { recursive: true });
  addWhatsApp(root, graph.url);
  return root;
}

function instance(name: string, env: Record<string, string> = {}): Instance {
  const i = new Instance(name, { ...ENV, LOKET_WHATSAPP_LEASE_MS: LEASE_MS, ...env }, whatsAppRoot(name));
  instances.push(i);
  return i;
}

/** One signed webhook post with one message; Loket must take it (200, counted as new). */
async function post(to: Instance, from: string, body: string): Promise<void> {
  const raw = metaJson(payload([text(from, body)]));
  const res = await fetch(`${to.url}/api/whatsapp/${BOT}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
  const json = (await res.json()) as { messages?: number };
  if (res.status !== 200 || json.messages !== 1) throw new Error(`${to.name} did not take the message: ${res.status} ${JSON.stringify(json)}`);
}

/** Polls until `check` holds, or fails after the deadline. */
async function until(what: string, check: () => Promise<boolean> | boolean, log = ''): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${DEADLINE_MS / 1000} s\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many accepted messages wait for their turn, in the database at `target` (a SQLite file or a postgres:// URL). */
async function waiting(target: string): Promise<number> {
  const sql = openSql(target);
  try {
    const row = await sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM whatsapp_inbox');
    return Number(row?.n ?? 0);
  } finally {
    await sql.close();
  }
}

/** What a resident received, without the address: comparable between residents. */
const replies = (waId: string): string[] => graph.to(waId).map((s: Sent) => JSON.stringify({ ...s.body, to: undefined }));

/** The replies to SCRIPT on an instance nobody disturbs, one message after the other. */
async function undisturbed(via: Instance, db: string, waId: string): Promise<string[]> {
  for (const body of SCRIPT) {
    await post(via, waId, body);
    await until('the undisturbed turn', async () => (await waiting(db)) === 0, via.log);
  }
  const got = replies(waId);
  expect(got.length).toBeGreaterThanOrEqual(SCRIPT.length);
  return got;
}

const resident = (run: number, i: number) => `3161${run}${String(i).padStart(6, '0')}`;

it('answers every accepted message once after a SIGKILL and a restart on SQLite', async () => {
  const loket = instance('sqlite');
  await loket.start();
  const file = botDatabasePath(loket.root, BOT);
  const expected = await undisturbed(loket, file, resident(1, 999));

  // Each resident's first reply is held at Meta; their next messages wait behind it, accepted (200) and not begun.
  graph.hold();
  const residents = Array.from({ length: RESIDENTS }, (_, i) => resident(1, i));
  for (const body of SCRIPT) await Promise.all(residents.map((wa) => post(loket, wa, body)));
  await until('a reply held for every resident', () => graph.heldPosts().held === RESIDENTS, loket.log);
  expect(await waiting(file)).toBe(RESIDENTS * SCRIPT.length);
  await loket.kill();
  await until('the killed process hung up', () => graph.heldPosts().open === 0);
  const dropped = graph.dropped;
  await graph.release();
  expect(graph.dropped - dropped).toBe(RESIDENTS);

  await loket.restart();
  await until('every accepted message answered', async () => (await waiting(file)) === 0, loket.log);
  for (const wa of residents) expect(replies(wa)).toEqual(expected);
  expect(graph.violations).toEqual([]);
});

it('has the other instance on PostgreSQL take over what a killed one accepted, in each resident\'s order', async () => {
  const url = await freshPostgres();
  const env = { DATABASE_URL: url, LOKET_DIRECTLINE_SECRET: 'a-long-random-value-shared-by-both-instances' };
  const [a, b] = [instance('a', env), instance('b', env)];
  await Promise.all([a.start(), b.start()]);
  const expected = await undisturbed(b, url, resident(2, 999));

  // A takes the first two messages of every resident and is killed with a reply of each held at Meta.
  graph.hold();
  const residents = Array.from({ length: RESIDENTS }, (_, i) => resident(2, i));
  for (const body of SCRIPT.slice(0, 2)) await Promise.all(residents.map((wa) => post(a, wa, body)));
  await until('a reply held for every resident', () => graph.heldPosts().held === RESIDENTS, a.log);
  await a.kill();
  // The load balancer sends the last message to B before A's messages are free: it waits for them.
  for (const wa of residents) await post(b, wa, SCRIPT[2]);
  await until('the killed process hung up', () => graph.heldPosts().open === 0);
  const dropped = graph.dropped;
  await graph.release();
  expect(graph.dropped - dropped).toBe(RESIDENTS);

  await until('every accepted message answered by B', async () => (await waiting(url)) === 0, b.log);
  for (const wa of residents) expect(replies(wa)).toEqual(expected);
  expect(graph.violations).toEqual([]);
});
