import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { privacy } from '../../src/cli/privacy';
import { cacheDirIn, PACKAGE_ROOT } from '../../src/paths';
import { OTHER_TABLES, PERSONAL_TABLES, retentionOf, subjectOf, tablesIn } from '../../src/privacy';
import { startServer, type RunningServer } from '../../src/server';
import { openSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import { freshPostgres } from '../storage/fresh';
import { TEST_NLU_CACHE } from '../nluCache';

const BOT = 'voorbeeldgemeente';
/** What a resident typed: a BSN, an IBAN, a phone number, an e-mail address and a full name. */
const VALUES = ['111222333', 'NL91ABNA0417164300', '0612345678', 'jan.jansen@example.nl', 'Jan Pieter Jansen'];
/** What is stored of them: the chat masks the BSN and the IBAN (masking.test.ts); the melding below gets the BSN unmasked, from its action. */
const KEPT = [VALUES[0], ...VALUES.slice(2)];
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function scratchRoot(privacyYaml = ''): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-privacy-'));
  for (const dir of ['bots', 'flows', 'intents']) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  if (privacyYaml) appendFileSync(join(root, 'bots', BOT, 'bot.yaml'), `\n${privacyYaml}\n`);
  const cache = TEST_NLU_CACHE;
  mkdirSync(cache, { recursive: true });
  mkdirSync(join(root, '.loket'));
  symlinkSync(cache, cacheDirIn(root));
  return root;
}

async function cli(root: string, args: string[], out?: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk, _e, done) => { write(String(chunk)); done(); } });
  const code = await privacy({ root, out }, args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env });
  return { code, stdout, stderr };
}

/** A resident on the web chat who types all five values, uploads a photo and makes a melding with it. */
async function resident(s: RunningServer): Promise<{ conversationId: string; reference: string; photo: string }> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const { token } = await post('/v3/directline/tokens/generate', { user: { id: 'u-jan', name: VALUES[4] } });
  const { conversationId } = await post('/v3/directline/conversations', undefined, token);
  for (const text of [`mijn bsn is ${VALUES[0]}`, `iban ${VALUES[1]}`, `bel me op ${VALUES[2]}`, `mail naar ${VALUES[3]}`, `ik heet ${VALUES[4]}`]) {
    await post(`/v3/directline/conversations/${conversationId}/activities`, { type: 'message', text }, token);
  }
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'kapot.png');
  const upload = await fetch(`${s.url}/v3/directline/conversations/${conversationId}/upload?userId=u-jan`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(upload.status).toBe(200);
  const log = await (await fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json() as any;
  const photo = log.activities.flatMap((a: any) => a.attachments ?? []).find((a: any) => a.contentUrl)?.contentUrl as string;
  if (!photo) throw new Error(JSON.stringify(log.activities.map((a: any) => [a.type, a.text, a.attachments])));
  const loket = s.bots.get(BOT)!.loket;
  const result = await loket.actions.get('reports.create')!.run(
    { category: 'verlichting', location: 'Kerkstraat 12', description: `lamp kapot, bsn ${VALUES[0]}`, photo: { url: photo, contentType: 'image/png' }, email: VALUES[3], phone: '+31612345678', name: VALUES[4] },
    { botId: BOT, conversationId: `directline:${conversationId}`, lang: 'nl', now: new Date(), config: {}, log: pino({ level: 'silent' }) },
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { conversationId, reference: String(result.data.reference), photo };
}

/** Every row of every table of the state file and the bot's database, as text. */
function everything(root: string): string {
  const texts: string[] = [];
  for (const file of [join(root, '.loket', 'state.sqlite'), join(root, '.loket', `${BOT}.sqlite`)]) {
    const db = openDatabase(file);
    try {
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
        texts.push(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
      }
    } finally {
      db.close();
    }
  }
  return texts.join('\n');
}

/** The bytes of every file under the state folder but the NLU cache (SQLite files, their logs, media), as Latin-1. */
function stateBytes(dir: string): string {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.name !== 'cache').map((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? stateBytes(path) : readFileSync(path).toString('latin1');
  }).join('');
}

const mediaFiles = (root: string) => {
  const dir = join(root, '.loket', 'directline-media');
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('privacy: retention', () => {
  it('has defaults, takes bot.yaml privacy: and handover.keep_days, and refuses nonsense plainly', () => {
    expect(retentionOf({})).toMatchObject({ conversations: 30, reports: 90, handover: 30, emails: 7 });
    expect(retentionOf({ handover: { keep_days: 14 }, privacy: { conversations: 7 } })).toMatchObject({ conversations: 7, handover: 14 });
    expect(() => retentionOf({ privacy: { gesprekken: 7 } })).toThrow('privacy.gesprekken is not a kind of data; use one of: conversations, media, reports, appointments, cases, callbacks, handover, emails');
    expect(() => retentionOf({ privacy: { media: -1 } })).toThrow('privacy.media must be a whole number of days from 0 to 3650');
  });

  it('reads what a resident or officer gives as a reference, e-mail, phone or conversation', () => {
    expect(subjectOf(' mld 7k3m9q ')).toEqual({ reference: 'MLD-7K3M9Q' });
    expect(subjectOf('AFS-KMNPQR')).toEqual({ reference: 'AFS-KMNPQR' });
    expect(subjectOf('Jan.Jansen@Example.nl')).toEqual({ email: 'jan.jansen@example.nl' });
    expect(subjectOf('06-12345678')).toEqual({ phone: '+31612345678' });
    expect(subjectOf('directline:abc')).toEqual({ conversation: 'directline:abc' });
  });

  it('after a purge with retention 0, none of the five values is anywhere: tables, media', async () => {
    const root = scratchRoot('privacy: { conversations: 0, media: 0, reports: 0, appointments: 0, cases: 0, callbacks: 0, handover: 0, emails: 0 }');
    const s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite') });
    try {
      await resident(s);
      const before = everything(root);
      for (const v of KEPT) expect(before).toContain(v);
      expect(before).not.toContain(VALUES[1]);
      expect(mediaFiles(root)).toHaveLength(1);
      const purged = await cli(root, ['purge']);
      expect(purged).toMatchObject({ code: 0, stderr: '' });
      expect(purged.stdout).toMatch(/^voorbeeldgemeente: .*storage \d+.*directline_conversations 1.*reports 1.*directline-media 1/);
      const after = everything(root);
      for (const v of VALUES) expect(after).not.toContain(v);
      // Nor in the files' free space or write-ahead logs (secure_delete, and the log emptied after the purge).
      const bytes = stateBytes(join(root, '.loket'));
      for (const v of KEPT) expect(bytes).not.toContain(v);
      expect(mediaFiles(root)).toEqual([]);
      // The melding stays for statistics, without anything about the resident.
      const db = openDatabase(join(root, '.loket', `${BOT}.sqlite`));
      expect(db.prepare('SELECT category, description, email, photo_json FROM reports').all()).toEqual([{ category: 'verlichting', description: '', email: null, photo_json: null }]);
      db.close();
      expect(await cli(root, ['purge'])).toMatchObject({ code: 0, stdout: 'voorbeeldgemeente: nothing past its retention\n' });
    } finally {
      await s.close();
    }
  });
});

describe('privacy: access and erasure (AVG 15 and 17)', () => {
  const root = scratchRoot();
  let s: RunningServer;
  let jan: { conversationId: string; reference: string; photo: string };
  beforeAll(async () => {
    s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite') });
    jan = await resident(s);
    await resident(s); // someone else, who must be left alone
  });
  afterAll(() => s.close());

  it('exports everything by the melding\'s reference: the record, the conversation, its activities and the photo', async () => {
    const out = join(root, 'export.json');
    const r = await cli(root, ['export', jan.reference.toLowerCase()], out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^found \d+ records and 1 file; written to /);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    const [bot] = exported.bots;
    expect(bot.conversations).toContain(`directline:${jan.conversationId}`);
    expect(bot.tables.reports).toHaveLength(1);
    expect(bot.tables.directline_conversations).toEqual([expect.objectContaining({ id: jan.conversationId, user_name: VALUES[4] })]);
    expect(bot.tables.storage).toHaveLength(1);
    const text = JSON.stringify(bot.tables);
    for (const v of KEPT) expect(text).toContain(v);
    expect(bot.files).toEqual([join(root, '.loket', 'directline-media', jan.photo.split('/').pop()!)]);
  });

  it('finds the same by e-mail address and by phone number', async () => {
    for (const who of [VALUES[3], '06 12345678']) {
      const r = await cli(root, ['export', who]);
      const [bot] = JSON.parse(r.stdout).bots;
      expect(bot.conversations).toContain(`directline:${jan.conversationId}`);
      expect(bot.tables.reports.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('erases by conversation id everywhere, the photo included; the other resident keeps theirs', async () => {
    const others = mediaFiles(root).length - 1;
    // The conversation's melding brings its reference, which finds what has only that (a confirmation e-mail).
    expect(JSON.parse((await cli(root, ['export', jan.conversationId])).stdout).bots[0].references).toEqual([jan.reference]);
    const r = await cli(root, ['erase', jan.conversationId]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^erased \d+ records and 1 file\n$/);
    expect(existsSync(join(root, '.loket', 'directline-media', jan.photo.split('/').pop()!))).toBe(false);
    expect(mediaFiles(root)).toHaveLength(others);
    const again = JSON.parse((await cli(root, ['export', jan.conversationId])).stdout).bots[0];
    expect(again.tables.storage).toBeUndefined();
    expect(again.tables.directline_conversations).toBeUndefined();
    expect(again.tables.directline_activities).toBeUndefined();
    // The other resident said the same things, so those values are still there, but nothing of this conversation.
    expect(everything(root)).not.toContain(jan.conversationId);
    expect(stateBytes(join(root, '.loket'))).not.toContain(jan.conversationId);
    const db = openDatabase(join(root, '.loket', `${BOT}.sqlite`));
    expect(db.prepare('SELECT category, description, name, email, phone, photo_json, conversation_id FROM reports WHERE reference = ?').get(jan.reference))
      .toEqual({ category: 'verlichting', description: '', name: null, email: null, phone: null, photo_json: null, conversation_id: null });
    db.close();
  });

  it('says so when nothing is held', async () => {
    expect(await cli(root, ['export', 'iemand@elders.nl'])).toMatchObject({ code: 0, stderr: 'nothing found for this person\n' });
  });

  it('refuses wrong use with the usage', async () => {
    expect(await cli(root, ['wis', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown privacy command "wis"') });
    expect(await cli(root, ['export'])).toMatchObject({ code: 2, stderr: expect.stringContaining('wrong number of arguments') });
  });
});

describe('privacy: the register', () => {
  it('covers every table a running server creates, each personal one with a retention', async () => {
    const root = scratchRoot();
    const s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite') });
    await s.close();
    const known = new Set([...PERSONAL_TABLES.map((t) => t.table), ...Object.keys(OTHER_TABLES)]);
    const unknown: string[] = [];
    for (const file of [join(root, '.loket', 'state.sqlite'), join(root, '.loket', `${BOT}.sqlite`)]) {
      const db = openDatabase(file);
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) if (!known.has(name)) unknown.push(name);
      db.close();
    }
    expect(unknown).toEqual([]);
  });
});

/** Every row of every table in a PostgreSQL database, as text. */
async function everythingIn(url: string): Promise<string> {
  const sql = openSql(url);
  try {
    const texts: string[] = [];
    for (const name of await tablesIn(sql)) texts.push(JSON.stringify(await sql.all(`SELECT * FROM ${name}`)));
    return texts.join('\n');
  } finally {
    await sql.close();
  }
}

describe('privacy with the stores on PostgreSQL', () => {
  const serve = (root: string, databaseUrl: string) => {
    process.env.LOKET_DIRECTLINE_SECRET = 'a-long-random-value-shared-by-every-instance';
    return startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite'), databaseUrl });
  };
  const callback = (s: RunningServer, conversationId: string) => s.bots.get(BOT)!.loket.callbacks.add({
    botId: BOT, conversationId: `directline:${conversationId}`, name: VALUES[4], phone: '+31612345678', moment: 'morgen', reasons: ['person'], summary: `mail ${VALUES[3]}`,
  });

  it('purges what is past its retention from PostgreSQL too, and keeps the melding without the resident', async () => {
    const root = scratchRoot('privacy: { conversations: 0, media: 0, reports: 0, appointments: 0, cases: 0, callbacks: 0, handover: 0, emails: 0 }');
    const url = await freshPostgres();
    const s = await serve(root, url);
    try {
      const jan = await resident(s);
      await callback(s, jan.conversationId);
      const before = await everythingIn(url);
      for (const v of KEPT) expect(before).toContain(v);
      const purged = await cli(root, ['purge'], undefined, { DATABASE_URL: url });
      expect(purged).toMatchObject({ code: 0, stderr: '' });
      expect(purged.stdout).toMatch(/conversation_state 1.*directline_conversations 1.*conversation_routes 1.*reports 1.*callback_tasks 1/);
      const after = `${await everythingIn(url)}\n${everything(root)}`;
      for (const v of VALUES) expect(after).not.toContain(v);
      const sql = openSql(url);
      expect(await sql.all('SELECT category, description, email, photo_json FROM reports')).toEqual([{ category: 'verlichting', description: '', email: null, photo_json: null }]);
      await sql.close();
    } finally {
      await s.close();
    }
  });

  it('exports and erases by reference and by phone number in PostgreSQL, leaving the other resident alone', async () => {
    const root = scratchRoot();
    const url = await freshPostgres();
    const s = await serve(root, url);
    try {
      const jan = await resident(s);
      await callback(s, jan.conversationId);
      const other = await resident(s);
      const env = { DATABASE_URL: url };
      const exported = JSON.parse((await cli(root, ['export', jan.reference], undefined, env)).stdout).bots[0];
      expect(exported.conversations).toContain(`directline:${jan.conversationId}`);
      expect(Object.keys(exported.tables)).toEqual(expect.arrayContaining(['conversation_state', 'directline_conversations', 'conversation_routes', 'reports', 'callback_tasks']));
      expect(exported.tables.reports).toEqual([expect.objectContaining({ reference: jan.reference })]);

      const erased = await cli(root, ['erase', jan.reference], undefined, env);
      expect(erased.stderr).toMatch(/^erased \d+ records and 1 file\n$/);
      const left = await everythingIn(url);
      expect(left).not.toContain(jan.conversationId);
      expect(left).toContain(other.conversationId);
      const sql = openSql(url);
      expect(await sql.get('SELECT name, email, conversation_id FROM reports WHERE reference = ?', [jan.reference])).toEqual({ name: null, email: null, conversation_id: null });
      expect(await sql.get('SELECT name FROM reports WHERE reference = ?', [other.reference])).toEqual({ name: VALUES[4] });
      expect(await sql.all('SELECT reference FROM callback_tasks')).toEqual([]);
      await sql.close();
    } finally {
      await s.close();
    }
  });

  it('covers every table a running server creates in PostgreSQL', async () => {
    const root = scratchRoot();
    const url = await freshPostgres();
    const s = await serve(root, url);
    await s.close();
    const known = new Set([...PERSONAL_TABLES.map((t) => t.table), ...Object.keys(OTHER_TABLES)]);
    const sql = openSql(url);
    const tables = await tablesIn(sql);
    await sql.close();
    expect([...tables].filter((name) => !known.has(name))).toEqual([]);
    for (const moved of ['reports', 'cases', 'callback_tasks', 'conversation_routes', 'calendar_appointments']) expect(tables.has(moved)).toBe(true);
  });
});
