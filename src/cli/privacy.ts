/**
 * `loket privacy purge|export|erase`: the retention purge now, and a resident's access and erasure requests, on the
 * same files and database a running server uses (SQLite WAL lets both work at once; with DATABASE_URL the shared
 * store). Bots' databases are found as `loket serve` finds them.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { listBots, loadBot } from '../content';
import { answerDocument, erase, find, purge, retentionOf, sizeOf, subjectOf, type Findings, type Holdings } from '../privacy';
import { actionSpecs, checkOptions, readPlugins } from '../runtime';
import { openSql, SqliteSql, type Sql } from '../storage';
import { openDatabase } from '../storage/sqlite';
import { contentRoot, type CliOptions } from './common';

export interface PrivacyCliOptions extends CliOptions { out?: string; state?: string }

export const PRIVACY_USAGE = `Usage:
  loket privacy purge [--bot ID]                      delete what is past each bot's retention (bot.yaml privacy:)
  loket privacy export WHO [--bot ID] [--out FILE]    everything held about WHO, as JSON (AVG article 15)
  loket privacy erase WHO [--bot ID] [--out FILE]     erase it everywhere, photos included (AVG article 17)

purge and erase rewrite the SQLite files after (VACUUM), so nothing deleted is left in them; writers wait meanwhile.

WHO is a reference (AFS-…, MLD-…, TBV-…, a case's), a conversation id, an e-mail address or a phone number.
--state FILE is the server's state file (default .loket/state.sqlite; DATABASE_URL for PostgreSQL).
`;

export interface PrivacyIo { stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv }

const defaultIo: PrivacyIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export async function privacy(opts: PrivacyCliOptions, args: string[], io: PrivacyIo = defaultIo): Promise<number> {
  const [sub, who, ...extra] = args;
  const wanted = sub === 'purge' ? 1 : sub === 'export' || sub === 'erase' ? 2 : 0;
  if (!wanted || args.length !== wanted || extra.length) return usage(io, sub && !wanted ? `unknown privacy command "${sub}"` : 'wrong number of arguments');
  const root = contentRoot(opts);
  const bots = opts.bot ? [opts.bot] : listBots(root);
  const stateFile = resolve(opts.state ?? join(root, '.loket', 'state.sqlite'));
  let shared: Sql;
  try {
    shared = io.env.DATABASE_URL ? openSql(io.env.DATABASE_URL) : new SqliteSql(openDatabase(stateFile));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const found: Findings[] = [];
  try {
    for (const botId of bots) {
      const plugins = readPlugins(root);
      const content = loadBot(root, botId, actionSpecs(plugins, pino({ level: 'silent' }), botId), checkOptions(plugins));
      // Where `loket serve` keeps the bot's database: beside a given state file, else bot.yaml's storage.file.
      const dbFile = opts.state ? join(dirname(stateFile), `${botId}.sqlite`) : resolve(root, content.bot.storage?.file ?? join('.loket', `${botId}.sqlite`));
      const db = new SqliteSql(openDatabase(dbFile));
      const h: Holdings = { botId, retention: retentionOf(content.bot), bot: db, shared, stateDir: dirname(stateFile) };
      try {
        if (sub === 'purge') {
          // On request, unlike the hourly purge: the files are rewritten too, so nothing purged is left in them.
          const counts = await purge(h, new Date(), true);
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          io.stdout.write(`${botId}: ${total ? Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing past its retention'}\n`);
        } else {
          found.push(await (sub === 'erase' ? erase : find)(h, subjectOf(who)));
        }
      } finally {
        await db.close();
      }
    }
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return 1;
  } finally {
    await shared.close();
  }
  if (sub === 'purge') return 0;
  return report(found, sub as 'export' | 'erase', opts.out, io);
}

function report(found: Findings[], sub: 'export' | 'erase', out: string | undefined, io: PrivacyIo): number {
  const { records: rows, files } = sizeOf(found);
  const json = `${JSON.stringify(answerDocument(found, sub === 'erase'), null, 2)}\n`;
  if (out) writeFileSync(out, json, { mode: 0o600 });
  else io.stdout.write(json);
  const what = `${rows} record${rows === 1 ? '' : 's'} and ${files} file${files === 1 ? '' : 's'}`;
  io.stderr.write(rows || files ? `${sub === 'erase' ? 'erased' : 'found'} ${what}${out ? `; written to ${out}` : ''}\n` : 'nothing found for this person\n');
  return 0;
}

function usage(io: PrivacyIo, problem: string): number {
  io.stderr.write(`${problem}\n\n${PRIVACY_USAGE}`);
  return 2;
}
