/**
 * Agent accounts and sessions of the agent console, in the bot's store (its SQLite file, or PostgreSQL shared by every
 * instance, so a session opened on one instance is valid on all). Passwords are stored only as scrypt hashes with a
 * per-user salt; session tokens only as a SHA-256, so a copy of the database signs nobody in.
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { migrate, type Sql } from '../storage';

export interface AgentAccount { username: string; name: string; createdAt: string }

export interface AccountOptions {
  /** A session ends after this long without a request (default 30 minutes). */
  idleMs?: number;
  /** A session ends this long after sign-in, active or not (default 10 hours). */
  absoluteMs?: number;
  /** Failed sign-ins per username and address within `failureWindowMs` before sign-in is refused (default 5). */
  maxFailures?: number;
  failureWindowMs?: number;
  now?: () => Date;
}

export type SignInResult =
  | { ok: true; token: string; account: AgentAccount }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** A refusal for whoever manages accounts (the CLI), shown as is. */
export class AccountError extends Error {}

export const MIN_PASSWORD = 12;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;
const MAX_PASSWORD = 1024;
const MAX_NAME = 80;
// N = 2^15 costs about 30 ms and 32 MiB: slow for guessing, fine for an occasional sign-in.
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

const MIGRATIONS = [
  `CREATE TABLE agent_accounts (
     bot TEXT NOT NULL,
     username TEXT NOT NULL,
     name TEXT NOT NULL,
     password TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (bot, username)
   );
   CREATE TABLE agent_sessions (
     token_hash TEXT PRIMARY KEY,
     bot TEXT NOT NULL,
     username TEXT NOT NULL,
     created_at TEXT NOT NULL,
     seen_at TEXT NOT NULL,
     FOREIGN KEY (bot, username) REFERENCES agent_accounts (bot, username) ON DELETE CASCADE
   );
   CREATE TABLE agent_signin_failures (
     key TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX agent_signin_failures_key ON agent_signin_failures (key, at);`,
];

interface AccountRow { username: string; name: string; created_at: string }
interface SessionRow { bot: string; username: string; name: string; created_at: string; seen_at: string; account_created: string }

export class AgentAccounts {
  private readonly now: () => Date;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxFailures: number;
  private readonly failureWindowMs: number;
  private readonly ready: Promise<unknown>;

  constructor(private readonly store: Sql, private readonly botId: string, opts: AccountOptions = {}) {
    this.ready = migrate(store, 'agentconsole', MIGRATIONS);
    // Awaited by every query; a failed migration surfaces there, not as an unhandled rejection.
    this.ready.catch(() => undefined);
    this.now = opts.now ?? (() => new Date());
    this.idleMs = opts.idleMs ?? 30 * 60_000;
    this.absoluteMs = opts.absoluteMs ?? 10 * 3_600_000;
    this.maxFailures = opts.maxFailures ?? 5;
    this.failureWindowMs = opts.failureWindowMs ?? 15 * 60_000;
  }

  async add(username: string, name: string, password: string): Promise<AgentAccount> {
    const user = checkUsername(username);
    const display = checkName(name);
    checkPassword(password);
    if (await this.get(user)) throw new AccountError(`there is already an agent with username "${user}"`);
    const createdAt = this.now().toISOString();
    const hash = await hashPassword(password);
    await this.run('INSERT INTO agent_accounts (bot, username, name, password, created_at) VALUES (?, ?, ?, ?, ?)', [this.botId, user, display, hash, createdAt]);
    return { username: user, name: display, createdAt };
  }

  async list(): Promise<AgentAccount[]> {
    await this.ready;
    return (await this.store.all<AccountRow>('SELECT username, name, created_at FROM agent_accounts WHERE bot = ? ORDER BY username', [this.botId])).map(toAccount);
  }

  async get(username: string): Promise<AgentAccount | undefined> {
    await this.ready;
    const row = await this.store.get<AccountRow>('SELECT username, name, created_at FROM agent_accounts WHERE bot = ? AND username = ?', [this.botId, username.trim().toLowerCase()]);
    return row && toAccount(row);
  }

  /** Removes the account and with it every session (the cascade): a removed agent is signed out everywhere. */
  async remove(username: string): Promise<boolean> {
    return (await this.run('DELETE FROM agent_accounts WHERE bot = ? AND username = ?', [this.botId, username.trim().toLowerCase()])) > 0;
  }

  /** Sets a new password and ends the account's sessions, so an old password's sessions do not live on. */
  async setPassword(username: string, password: string): Promise<boolean> {
    checkPassword(password);
    const user = username.trim().toLowerCase();
    if (!(await this.get(user))) return false;
    const hash = await hashPassword(password);
    await this.store.transaction(async (tx) => {
      await tx.run('UPDATE agent_accounts SET password = ? WHERE bot = ? AND username = ?', [hash, this.botId, user]);
      await tx.run('DELETE FROM agent_sessions WHERE bot = ? AND username = ?', [this.botId, user]);
    });
    return true;
  }

  /**
   * Checks a password and opens a session. Unknown users and wrong passwords get the same answer and take the same
   * time; after too many failures for one username from one address, sign-in is refused until the window passes.
   */
  async signIn(username: string, password: string, address: string): Promise<SignInResult> {
    const user = String(username).trim().toLowerCase().slice(0, 100);
    const key = createHash('sha256').update(`${this.botId}\n${user}\n${address}`).digest('hex');
    const retryAfterSeconds = await this.throttled(key);
    if (retryAfterSeconds > 0) return { ok: false, reason: 'throttled', retryAfterSeconds };
    const row = await this.store.get<{ password: string }>('SELECT password FROM agent_accounts WHERE bot = ? AND username = ?', [this.botId, user]);
    const valid = await verifyPassword(String(password).slice(0, MAX_PASSWORD), row?.password ?? DUMMY_HASH);
    if (!row || !valid) {
      await this.store.run('INSERT INTO agent_signin_failures (key, at) VALUES (?, ?)', [key, this.now().toISOString()]);
      return { ok: false, reason: 'invalid' };
    }
    await this.store.run('DELETE FROM agent_signin_failures WHERE key = ?', [key]);
    const token = randomBytes(32).toString('base64url');
    const at = this.now().toISOString();
    await this.store.run('INSERT INTO agent_sessions (token_hash, bot, username, created_at, seen_at) VALUES (?, ?, ?, ?, ?)', [tokenHash(token), this.botId, user, at, at]);
    return { ok: true, token, account: (await this.get(user))! };
  }

  /** The account of a live session; `touch` (the default) counts this as activity for the idle timeout. */
  async session(token: string, touch = true): Promise<AgentAccount | undefined> {
    const hash = tokenHash(token);
    await this.ready;
    const row = await this.store.get<SessionRow>(`SELECT s.bot, s.username, a.name, s.created_at, s.seen_at, a.created_at AS account_created
      FROM agent_sessions s JOIN agent_accounts a ON a.bot = s.bot AND a.username = s.username WHERE s.token_hash = ?`, [hash]);
    if (!row || row.bot !== this.botId) return undefined;
    const now = this.now().getTime();
    if (now - Date.parse(row.seen_at) > this.idleMs || now - Date.parse(row.created_at) > this.absoluteMs) {
      await this.store.run('DELETE FROM agent_sessions WHERE token_hash = ?', [hash]);
      return undefined;
    }
    if (touch) await this.store.run('UPDATE agent_sessions SET seen_at = ? WHERE token_hash = ?', [this.now().toISOString(), hash]);
    return { username: row.username, name: row.name, createdAt: row.account_created };
  }

  async signOut(token: string): Promise<void> {
    await this.run('DELETE FROM agent_sessions WHERE token_hash = ? AND bot = ?', [tokenHash(token), this.botId]);
  }

  /** Seconds until sign-in is allowed again for this key, 0 when it is; forgets failures outside the window. */
  private async throttled(key: string): Promise<number> {
    const since = new Date(this.now().getTime() - this.failureWindowMs).toISOString();
    await this.run('DELETE FROM agent_signin_failures WHERE at <= ?', [since]);
    const recent = await this.store.all<{ at: string }>('SELECT at FROM agent_signin_failures WHERE key = ? ORDER BY at DESC LIMIT ?', [key, this.maxFailures]);
    if (recent.length < this.maxFailures) return 0;
    // Allowed again once the oldest of the last `maxFailures` failures leaves the window.
    const until = Date.parse(recent[recent.length - 1].at) + this.failureWindowMs;
    return Math.max(1, Math.ceil((until - this.now().getTime()) / 1000));
  }

  private async run(sql: string, params: unknown[]): Promise<number> {
    await this.ready;
    return this.store.run(sql, params);
  }
}

/**
 * One hash at a time: scrypt runs on Node's shared pool of four threads, which file reads and writes use too. Sixty
 * sign-ins at once (each under another name, so past the per-name throttle) held all four, and a resident's photo
 * upload waited 11.6 s instead of 47 ms. Now sign-ins wait for each other and the rest of the pool stays free.
 */
let hashing: Promise<unknown> = Promise.resolve();

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const run = () => new Promise<Buffer>((resolve, reject) => scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
  const next = hashing.then(run, run);
  hashing = next.catch(() => undefined);
  return next;
}

/** `scrypt$N$r$p$salt$key`, base64url: the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checked against for unknown users, so they cost as much time as a wrong password. */
const DUMMY_HASH = ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, randomBytes(16).toString('base64url'), randomBytes(KEY_LENGTH).toString('base64url')].join('$');

function toAccount(r: AccountRow): AgentAccount {
  return { username: r.username, name: r.name, createdAt: r.created_at };
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkUsername(username: string): string {
  const user = username.trim().toLowerCase();
  if (!USERNAME.test(user)) throw new AccountError('a username has 2 to 40 characters: lower-case letters, digits, dot, hyphen or underscore, starting with a letter or digit');
  return user;
}

function checkName(name: string): string {
  const display = name.replace(/\s+/g, ' ').trim();
  if (!display) throw new AccountError('give the agent\'s name (--name "Anne de Vries"); residents see it');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a name may not hold
  if (display.length > MAX_NAME || /[\u0000-\u001f<>]/.test(display)) throw new AccountError(`a name has at most ${MAX_NAME} characters, without < or >`);
  return display;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new AccountError(`a password has at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw new AccountError(`a password has at most ${MAX_PASSWORD} characters`);
}
