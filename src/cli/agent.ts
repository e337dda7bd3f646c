/**
 * `loket agent add|list|remove|password <bot> …`: agent accounts for the agent console, where the server keeps them:
 * PostgreSQL with DATABASE_URL, else the bot's database. Works beside a running server (SQLite WAL); the bot itself
 * is not started.
 */
import type { Readable, Writable } from 'node:stream';
import { AccountError, AgentAccounts, MIN_PASSWORD } from '../agentconsole/accounts';
import { botDatabasePath } from '../runtime';
import { openSql, SqliteSql, type Sql } from '../storage';
import { openDatabase } from '../storage/sqlite';
import { contentRoot, type CliOptions } from './common';

export interface AgentCliOptions extends CliOptions { name?: string }

/** Where the command reads and writes; tests pass their own. */
export interface AgentIo {
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  stdout: Writable;
  stderr: Writable;
}

export const AGENT_USAGE = `Usage:
  loket agent add <bot> <username> --name "Anne de Vries"
  loket agent list <bot>
  loket agent remove <bot> <username>
  loket agent password <bot> <username>

The password comes from LOKET_AGENT_PASSWORD, or is asked twice in a terminal (at least ${MIN_PASSWORD} characters).
With DATABASE_URL the accounts are in PostgreSQL, where loket serve looks for them.
`;

/** Arguments each subcommand takes, itself included. */
const ARITY = { add: 3, list: 2, remove: 3, password: 3 };

const defaultIo: AgentIo = { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

export async function agent(opts: AgentCliOptions, args: string[], io: AgentIo = defaultIo): Promise<number> {
  const [sub, botId, username, ...extra] = args;
  const wanted = (ARITY as Record<string, number | undefined>)[sub ?? ''];
  if (!wanted || args.length !== wanted || extra.length) return usage(io, sub && !wanted ? `unknown agent command "${sub}"` : 'wrong number of arguments');
  let store: Sql;
  try {
    const file = botDatabasePath(contentRoot(opts), botId);
    store = io.env.DATABASE_URL ? openSql(io.env.DATABASE_URL) : new SqliteSql(openDatabase(file));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  try {
    const accounts = new AgentAccounts(store, botId);
    switch (sub) {
      case 'add': return await add(accounts, botId, username, opts.name, io);
      case 'list': return await list(accounts, botId, io);
      case 'remove': return await remove(accounts, botId, username, io);
      default: return await password(accounts, botId, username, io);
    }
  } catch (e) {
    if (!(e instanceof AccountError || e instanceof PromptError)) throw e;
    io.stderr.write(`${e.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

async function add(accounts: AgentAccounts, botId: string, username: string, name: string | undefined, io: AgentIo): Promise<number> {
  if (name === undefined) return usage(io, 'give the agent\'s name with --name');
  // Checked before the password prompt, so nobody types a password for nothing.
  if (await accounts.get(username)) throw new AccountError(`there is already an agent "${username.trim().toLowerCase()}" for ${botId}`);
  const account = await accounts.add(username, name, await newPassword(io));
  io.stdout.write(`added agent ${account.username} (${account.name}) to ${botId}\n`);
  return 0;
}

async function list(accounts: AgentAccounts, botId: string, io: AgentIo): Promise<number> {
  const all = await accounts.list();
  if (!all.length) io.stdout.write(`no agents for ${botId} yet; add one with: loket agent add ${botId} <username> --name "…"\n`);
  for (const a of all) io.stdout.write(`${a.username}\t${a.name}\t${a.createdAt}\n`);
  return 0;
}

async function remove(accounts: AgentAccounts, botId: string, username: string, io: AgentIo): Promise<number> {
  if (!(await accounts.remove(username))) {
    io.stderr.write(`no agent "${username}" for ${botId}\n`);
    return 1;
  }
  io.stdout.write(`removed agent ${username} from ${botId}; their sessions have ended\n`);
  return 0;
}

async function password(accounts: AgentAccounts, botId: string, username: string, io: AgentIo): Promise<number> {
  if (!(await accounts.get(username))) {
    io.stderr.write(`no agent "${username}" for ${botId}\n`);
    return 1;
  }
  await accounts.setPassword(username, await newPassword(io));
  io.stdout.write(`new password set for ${username}; their sessions have ended\n`);
  return 0;
}

class PromptError extends Error {}

/** From LOKET_AGENT_PASSWORD, else typed twice in a terminal without echo. Never from an argument (shell history). */
async function newPassword(io: AgentIo): Promise<string> {
  const fromEnv = io.env.LOKET_AGENT_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!io.stdin.isTTY || !io.stdin.setRawMode) throw new PromptError('set LOKET_AGENT_PASSWORD, or run this in a terminal to type the password');
  const first = await readHidden('Password: ', io);
  if (first.length < MIN_PASSWORD) throw new PromptError(`a password has at least ${MIN_PASSWORD} characters`);
  if ((await readHidden('Password again: ', io)) !== first) throw new PromptError('the passwords differ; nothing changed');
  return first;
}

/** Reads one line in raw mode, showing nothing of what is typed. Ctrl+C or Ctrl+D stops. */
function readHidden(prompt: string, io: AgentIo): Promise<string> {
  io.stdout.write(prompt);
  const stdin = io.stdin;
  stdin.setRawMode!(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      io.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new PromptError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function usage(io: AgentIo, problem: string): number {
  io.stderr.write(`${problem}\n\n${AGENT_USAGE}`);
  return 2;
}
