import { createHash } from 'node:crypto';
import { AccountError, AgentAccounts } from '../../src/agentconsole';
import type { Sql } from '../../src/storage';
import { freshDatabase } from '../storage/fresh';

const PASSWORD = 'correct paard batterij';

describe.each(['sqlite', 'postgres'] as const)('agent accounts on %s', (dialect) => {
  const fresh = freshDatabase(dialect);
  let db: Sql;
  let now: Date;
  let accounts: AgentAccounts;
  const later = (ms: number) => void (now = new Date(now.getTime() + ms));

  beforeEach(async () => {
    db = fresh.open();
    now = new Date('2026-03-10T09:00:00Z');
    accounts = new AgentAccounts(db, 'voorbeeldgemeente', { now: () => now });
    await accounts.add('anne', 'Anne de Vries', PASSWORD);
  });

  it('stores a salted scrypt hash, never the password', async () => {
    await accounts.add('bram', 'Bram Jansen', PASSWORD);
    const rows = await db.all<{ username: string; password: string }>('SELECT username, password FROM agent_accounts ORDER BY username');
    expect(rows.map((r) => r.username)).toEqual(['anne', 'bram']);
    for (const r of rows) {
      expect(r.password).toMatch(/^scrypt\$\d+\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(r.password).not.toContain(PASSWORD);
    }
    // The same password, different salts: different hashes.
    expect(rows[0].password).not.toBe(rows[1].password);
    expect(await accounts.list()).toEqual([
      { username: 'anne', name: 'Anne de Vries', createdAt: now.toISOString() },
      { username: 'bram', name: 'Bram Jansen', createdAt: now.toISOString() },
    ]);
  });

  it('signs in with the right password only, with the same answer for unknown users', async () => {
    const ok = await accounts.signIn('Anne', PASSWORD, '10.0.0.1');
    expect(ok).toMatchObject({ ok: true, account: { username: 'anne', name: 'Anne de Vries' } });
    expect(await accounts.signIn('anne', `${PASSWORD}!`, '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
    expect(await accounts.signIn('nobody', PASSWORD, '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps only a SHA-256 of the session token', async () => {
    const r = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.all<{ token_hash: string }>('SELECT token_hash FROM agent_sessions');
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(r.token).digest('hex') }]);
    expect(await accounts.session(r.token)).toMatchObject({ username: 'anne' });
    expect(await accounts.session(stored[0].token_hash)).toBeUndefined();
    await accounts.signOut(r.token);
    expect(await accounts.session(r.token)).toBeUndefined();
  });

  it('ends a session after 30 idle minutes', async () => {
    const r = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    later(29 * 60_000);
    expect(await accounts.session(r.token)).toBeDefined();
    later(29 * 60_000); // 29 minutes after the last request: still fine
    expect(await accounts.session(r.token)).toBeDefined();
    later(29 * 60_000);
    expect(await accounts.session(r.token, false)).toBeDefined(); // a peek is no activity
    later(2 * 60_000);
    expect(await accounts.session(r.token)).toBeUndefined();
  });

  it('ends a session 10 hours after sign-in, however active', async () => {
    const r = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    for (let i = 0; i < 39; i++) {
      later(15 * 60_000);
      expect(await accounts.session(r.token)).toBeDefined();
    }
    later(16 * 60_000); // 10 h 1 min
    expect(await accounts.session(r.token)).toBeUndefined();
  });

  it('takes configured timeouts', async () => {
    const short = new AgentAccounts(db, 'voorbeeldgemeente', { now: () => now, idleMs: 60_000 });
    const r = await short.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    later(61_000);
    expect(await short.session(r.token)).toBeUndefined();
  });

  it('refuses sign-in for a while after 5 failures of one username from one address', async () => {
    for (let i = 0; i < 5; i++) expect(await accounts.signIn('anne', 'wrong password!', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
    // Even the right password is refused now, without checking it.
    expect(await accounts.signIn('anne', PASSWORD, '10.0.0.1')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 900 });
    later(10 * 60_000);
    expect(await accounts.signIn('anne', PASSWORD, '10.0.0.1')).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 300 });
    // Another address is not held up by someone else's guessing.
    expect((await accounts.signIn('anne', PASSWORD, '10.0.0.2')).ok).toBe(true);
    later(5 * 60_000 + 1000);
    expect((await accounts.signIn('anne', PASSWORD, '10.0.0.1')).ok).toBe(true);
  });

  it('forgets failures after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await accounts.signIn('anne', 'wrong password!', '10.0.0.1');
    expect((await accounts.signIn('anne', PASSWORD, '10.0.0.1')).ok).toBe(true);
    for (let i = 0; i < 4; i++) await accounts.signIn('anne', 'wrong password!', '10.0.0.1');
    expect((await accounts.signIn('anne', PASSWORD, '10.0.0.1')).ok).toBe(true);
  });

  it('ends all sessions when an account is removed or gets a new password', async () => {
    const a = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!a.ok) throw new Error('sign-in failed');
    expect(await accounts.setPassword('anne', 'een heel ander wachtwoord')).toBe(true);
    expect(await accounts.session(a.token)).toBeUndefined();
    expect((await accounts.signIn('anne', PASSWORD, '10.0.0.1')).ok).toBe(false);
    const b = await accounts.signIn('anne', 'een heel ander wachtwoord', '10.0.0.1');
    if (!b.ok) throw new Error('sign-in failed');
    expect(await accounts.remove('anne')).toBe(true);
    expect(await accounts.session(b.token)).toBeUndefined();
    expect(await db.all('SELECT token_hash FROM agent_sessions')).toEqual([]);
    expect(await accounts.remove('anne')).toBe(false);
    expect(await accounts.setPassword('anne', 'een heel ander wachtwoord')).toBe(false);
  });

  it('keeps the accounts of two bots in one database apart', async () => {
    const other = new AgentAccounts(db, 'anderegemeente', { now: () => now });
    expect(await other.list()).toEqual([]);
    expect((await other.signIn('anne', PASSWORD, '10.0.0.1')).ok).toBe(false);
    const r = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    expect(await other.session(r.token)).toBeUndefined();
  });

  it('keeps a session valid on every instance that shares the database', async () => {
    const elsewhere = new AgentAccounts(fresh.open(), 'voorbeeldgemeente', { now: () => now });
    const r = await accounts.signIn('anne', PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    expect(await elsewhere.session(r.token)).toMatchObject({ username: 'anne', name: 'Anne de Vries' });
    await elsewhere.signOut(r.token);
    expect(await accounts.session(r.token)).toBeUndefined();
  });

  it.each([
    ['a short password', 'bram', 'Bram', 'kort', /at least 12/],
    ['a bad username', 'Bram Jansen', 'Bram', PASSWORD, /username/],
    ['an empty name', 'bram', '  ', PASSWORD, /name/],
    ['markup in a name', 'bram', '<b>Bram</b>', PASSWORD, /without < or >/],
    ['a taken username', 'ANNE', 'Anne', PASSWORD, /already/],
  ])('refuses %s', async (_, username, name, password, message) => {
    await expect(accounts.add(username, name, password)).rejects.toThrow(AccountError);
    await expect(accounts.add(username, name, password)).rejects.toThrow(message);
  });
});
