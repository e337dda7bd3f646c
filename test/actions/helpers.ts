import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { ActionContext, ActionResult } from '../../src/actions/types';
import { openDatabase, type Database } from '../../src/storage/sqlite';

export const silentLog: Logger = pino({ level: 'silent' });

/** Monday 13 March 2023, 08:00 in Amsterdam (CET, UTC+1). */
export const MONDAY_8AM = new Date('2023-03-13T07:00:00Z');

export function makeCtx(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    botId: 'test-bot',
    conversationId: 'conv-1',
    lang: 'nl',
    now: MONDAY_8AM,
    config: {},
    log: silentLog,
    ...overrides,
  };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loket-actions-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A logger that keeps its lines in memory, to check that no personal data is written. */
export function capturingLog(): { log: Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), text: () => lines.join('') };
}

/** A SQLite file in a fresh folder for each test of the block; `reopen()` closes and opens it again, as a restart does. */
export function scratchDatabase(): { readonly db: Database; readonly file: string; reopen(): Database } {
  let dir = '';
  let file = '';
  let db: Database;
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'loket.sqlite');
    db = openDatabase(file);
  });
  afterEach(() => {
    db.close();
    removeDir(dir);
  });
  return {
    get db() { return db; },
    get file() { return file; },
    reopen() {
      db.close();
      db = openDatabase(file);
      return db;
    },
  };
}

/** The data of a successful result; a failure fails the test with its code. */
export function okData(result: ActionResult): Record<string, any> {
  if (!result.ok) throw new Error(`expected ok, got ${result.error} ${result.detail ?? ''}`);
  return result.data;
}
