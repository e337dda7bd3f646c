import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer } from '../../src/server';
import { holdSingleInstance } from '../../src/storage';

describe('one instance per SQLite file', () => {
  let dir: string;
  let other: ChildProcess;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loket-lock-'));
    // A living process that is not this one stands for a running `loket serve`.
    other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  });
  afterAll(() => {
    other.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the lock, and gives it back', () => {
    const file = join(dir, 'a.sqlite');
    const release = holdSingleInstance(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a file another living process holds, and takes over from a dead one', () => {
    const file = join(dir, 'b.sqlite');
    writeFileSync(`${file}.lock`, String(other.pid));
    expect(() => holdSingleInstance(file)).toThrow(/in use by another Loket process .*DATABASE_URL/);
    writeFileSync(`${file}.lock`, '999999999');
    expect(() => holdSingleInstance(file)()).not.toThrow();
  });

  it('keeps a second server on the same files from starting, with a message that says what to do', async () => {
    const stateFile = join(dir, 'state.sqlite');
    writeFileSync(`${stateFile}.lock`, String(other.pid));
    await expect(startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile })).rejects.toThrow(/SQLite serves one instance/);
  });
});
