import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { ActionContext } from '../../src/actions/types';

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
