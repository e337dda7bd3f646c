import { PassThrough, Writable } from 'node:stream';
import { AgentAccounts } from '../../src/agentconsole';
import { agent, type AgentIo } from '../../src/cli/agent';
import { botDatabasePath } from '../../src/runtime';
import { openSql, SqliteSql } from '../../src/storage';
import { startCluster, type Cluster } from '../storage/postgres';
import { BOT, PASSWORD, scratchRoot } from './helpers';

/** Runs `loket agent …` with captured output; `typed` is what a person types at a terminal, in chunks. */
async function run(root: string, args: string[], opts: { name?: string; env?: NodeJS.ProcessEnv; typed?: string[] } = {}) {
  let out = '';
  let err = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => { write(String(chunk)); done(); } });
  const stdin = Object.assign(new PassThrough(), opts.typed ? { isTTY: true, setRawMode: () => undefined } : {});
  const io: AgentIo = { env: opts.env ?? { LOKET_AGENT_PASSWORD: PASSWORD }, stdin, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) };
  const done = agent({ root, name: opts.name }, args, io);
  for (const chunk of opts.typed ?? []) {
    await new Promise((r) => setImmediate(r));
    stdin.write(chunk);
  }
  return { code: await done, out, err };
}

describe('loket agent', () => {
  const root = scratchRoot();

  function accounts(): { accounts: AgentAccounts; close(): Promise<void> } {
    const sql = SqliteSql.open(botDatabasePath(root, BOT));
    return { accounts: new AgentAccounts(sql, BOT), close: () => sql.close() };
  }

  it('adds, lists and removes agents in the bot\'s database', async () => {
    expect(await run(root, ['list', BOT])).toMatchObject({ code: 0, out: expect.stringContaining('no agents for voorbeeldgemeente yet') });
    expect(await run(root, ['add', BOT, 'anne'], { name: 'Anne de Vries' })).toEqual({ code: 0, out: 'added agent anne (Anne de Vries) to voorbeeldgemeente\n', err: '' });
    const listed = await run(root, ['list', BOT]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^anne\tAnne de Vries\t\d{4}-\d\d-\d\dT/);
    const a = accounts();
    try {
      expect((await a.accounts.signIn('anne', PASSWORD, '::1')).ok).toBe(true);
    } finally {
      await a.close();
    }
    expect(await run(root, ['remove', BOT, 'anne'])).toMatchObject({ code: 0, out: expect.stringContaining('removed agent anne') });
    expect(await run(root, ['remove', BOT, 'anne'])).toEqual({ code: 1, out: '', err: 'no agent "anne" for voorbeeldgemeente\n' });
  });

  it('asks for the password twice without echo when there is no LOKET_AGENT_PASSWORD', async () => {
    const r = await run(root, ['add', BOT, 'bram'], { name: 'Bram Jansen', env: {}, typed: ['geheim wachtw', 'oord 123\r', 'geheim wachtwoord 123\r'] });
    expect(r).toEqual({ code: 0, out: 'Password: \nPassword again: \nadded agent bram (Bram Jansen) to voorbeeldgemeente\n', err: '' });
    const a = accounts();
    try {
      expect((await a.accounts.signIn('bram', 'geheim wachtwoord 123', '::1')).ok).toBe(true);
    } finally {
      await a.close();
    }
    const differ = await run(root, ['add', BOT, 'cor'], { name: 'Cor', env: {}, typed: ['geheim wachtwoord 123\r', 'geheim wachtwoord 124\r'] });
    expect(differ).toMatchObject({ code: 1, err: 'the passwords differ; nothing changed\n' });
  });

  it('sets a new password', async () => {
    await run(root, ['add', BOT, 'dirk'], { name: 'Dirk' });
    expect(await run(root, ['password', BOT, 'dirk'], { env: { LOKET_AGENT_PASSWORD: 'nog een ander wachtwoord' } })).toMatchObject({ code: 0 });
    const a = accounts();
    try {
      expect((await a.accounts.signIn('dirk', PASSWORD, '::1')).ok).toBe(false);
      expect((await a.accounts.signIn('dirk', 'nog een ander wachtwoord', '::1')).ok).toBe(true);
    } finally {
      await a.close();
    }
    expect(await run(root, ['password', BOT, 'niemand'])).toMatchObject({ code: 1, err: 'no agent "niemand" for voorbeeldgemeente\n' });
  });

  it('refuses a taken username before asking for a password', async () => {
    await run(root, ['add', BOT, 'fenna'], { name: 'Fenna' });
    expect(await run(root, ['add', BOT, 'Fenna'], { name: 'Fenna', env: {}, typed: [] })).toEqual({ code: 1, out: '', err: 'there is already an agent "fenna" for voorbeeldgemeente\n' });
  });

  it.each([
    ['no subcommand', [], {}, 2, /wrong number of arguments/],
    ['an unknown subcommand', ['delete', BOT, 'anne'], {}, 2, /unknown agent command "delete"/],
    ['add without --name', ['add', BOT, 'erik'], {}, 2, /--name/],
    ['an unknown bot', ['list', 'elders'], {}, 1, /elders/],
    ['a short password', ['add', BOT, 'erik'], { name: 'Erik', env: { LOKET_AGENT_PASSWORD: 'kort' } }, 1, /at least 12 characters/],
    ['no password and no terminal', ['add', BOT, 'erik'], { name: 'Erik', env: {} }, 1, /LOKET_AGENT_PASSWORD/],
  ] as const)('fails clearly on %s', async (_, args, opts, code, message) => {
    const r = await run(root, [...args], opts);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});

describe('loket agent with DATABASE_URL', () => {
  const root = scratchRoot();
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(() => cluster?.stop());

  it('keeps the accounts in PostgreSQL, where every instance of loket serve finds them', async () => {
    const env = { LOKET_AGENT_PASSWORD: PASSWORD, DATABASE_URL: cluster.url };
    expect(await run(root, ['add', BOT, 'gijs'], { name: 'Gijs', env })).toMatchObject({ code: 0 });
    expect((await run(root, ['list', BOT], { env })).out).toMatch(/^gijs\tGijs\t/);
    const shared = openSql(cluster.url);
    const local = SqliteSql.open(botDatabasePath(root, BOT));
    try {
      expect((await new AgentAccounts(shared, BOT).signIn('gijs', PASSWORD, '::1')).ok).toBe(true);
      expect(await new AgentAccounts(local, BOT).get('gijs')).toBeUndefined();
    } finally {
      await shared.close();
      await local.close();
    }
  });
});
