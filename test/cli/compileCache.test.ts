/** The code cache the CLI installs: modules behave as without it, and changed code is never run from the cache. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths';

describe('compile cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loket-compile-'));
  const cache = join(dir, 'cache.bin');
  const entry = join(dir, 'entry.js');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a program (entry.js) in a new Node process with the built cache installed (LOKET_COMPILE_CACHE as given). */
  const run = (env: Record<string, string> = {}, program = entry) =>
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'cli', 'compileCache.js'))}).installCompileCache(${JSON.stringify(cache)}); require(${JSON.stringify(program)})`], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    }).trim();

  beforeAll(() => {
    writeFileSync(join(dir, 'answer.js'), 'module.exports = 1;\n');
    // What a module gets from Node: its own require (relative to itself, with resolve), exports, __filename, __dirname.
    writeFileSync(entry, `const answer = require('./answer');
console.log(JSON.stringify({ answer, resolved: require.resolve('./answer') === __dirname + '/answer.js', file: __filename.endsWith('entry.js'), main: typeof require.main, cached: Boolean(require.cache[__filename]), json: require('./data.json').ok }));
`);
    writeFileSync(join(dir, 'data.json'), '{ "ok": true }');
  });

  it('runs modules as Node does, and writes the cache when the process exits', () => {
    const plain = run({ LOKET_COMPILE_CACHE: 'off' });
    expect(JSON.parse(plain)).toEqual({ answer: 1, resolved: true, file: true, main: 'undefined', cached: true, json: true });
    expect(existsSync(cache)).toBe(false);
    expect(run()).toBe(plain);
    expect(existsSync(cache)).toBe(true);
    // From the cache now.
    expect(run()).toBe(plain);
  });

  it('runs changed code, also when the source keeps its length', () => {
    run();
    writeFileSync(join(dir, 'answer.js'), 'module.exports = 2;\n');
    expect(JSON.parse(run()).answer).toBe(2);
  });

  it("keeps what another program's modules left in the cache", () => {
    writeFileSync(join(dir, 'other.js'), 'console.log(JSON.stringify({ answer: 3 }));\n');
    run();
    const before = readFileSync(cache);
    run({}, join(dir, 'other.js'));
    const both = readFileSync(cache);
    expect(both.length).toBeGreaterThan(before.length);
    // The first program finds its modules and has nothing to add.
    run();
    expect(readFileSync(cache)).toEqual(both);
  });

  it('keeps one file per set of Node flags (V8 rejects code cached under other flags)', () => {
    const fileFor = (flags: string[]) =>
      execFileSync(process.execPath, [...flags, '-e', `console.log(require(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'cli', 'compileCache.js'))}).cacheFile('/x'))`], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).trim();
    expect(fileFor([])).toMatch(/^\/x\/compile-v\d+\.\d+\.\d+-\w+-[0-9a-f]{8}\.bin$/);
    expect(fileFor(['--max-semi-space-size=32'])).not.toBe(fileFor([]));
    expect(fileFor([])).toBe(fileFor([]));
  });

  /** A package `name` in its own folder of node_modules whose main is `main`; `lock` writes npm's .package-lock.json. */
  const installPackage = (name: string, main: string, lock?: string) => {
    const nm = join(dir, name, 'node_modules');
    mkdirSync(join(nm, 'pkg'), { recursive: true });
    if (lock !== undefined) writeFileSync(join(nm, '.package-lock.json'), lock);
    writeFileSync(join(nm, 'pkg', 'package.json'), JSON.stringify({ main }));
    writeFileSync(join(nm, 'pkg', 'a.js'), 'module.exports = "a";\n');
    writeFileSync(join(nm, 'pkg', 'b.js'), 'module.exports = "b";\n');
    writeFileSync(join(dir, name, 'uses.js'), "console.log(require('pkg'));\n");
    return join(dir, name, 'uses.js');
  };

  it('remembers where a package was found until npm installs again', () => {
    const program = installPackage('npm', 'a.js', '{}');
    expect(run({}, program)).toBe('a');
    // The package now points elsewhere, but no install wrote the lock file: the file found before is used.
    writeFileSync(join(dir, 'npm', 'node_modules', 'pkg', 'package.json'), JSON.stringify({ main: 'b.js' }));
    expect(run({}, program)).toBe('a');
    // An install rewrites .package-lock.json: found afresh.
    writeFileSync(join(dir, 'npm', 'node_modules', '.package-lock.json'), '{ }');
    expect(run({}, program)).toBe('b');
  });

  it('finds packages afresh each time in an install without npm\'s lock file', () => {
    const program = installPackage('other', 'a.js');
    expect(run({}, program)).toBe('a');
    writeFileSync(join(dir, 'other', 'node_modules', 'pkg', 'package.json'), JSON.stringify({ main: 'b.js' }));
    expect(run({}, program)).toBe('b');
  });

  it('compiles as usual over a damaged cache file, and leaves no temporary files', () => {
    writeFileSync(cache, 'not a cache');
    expect(JSON.parse(run()).answer).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the newest few cache files of other flag sets and removes older ones', () => {
    const folder = join(dir, 'pile');
    mkdirSync(folder);
    // Five files of other flag sets, written a minute apart, the oldest first.
    const others = [1, 2, 3, 4, 5].map((n) => join(folder, `compile-v0-x-old${n}.bin`));
    others.forEach((f, n) => {
      writeFileSync(f, 'old');
      utimesSync(f, 1_700_000_000 + n * 60, 1_700_000_000 + n * 60);
    });
    writeFileSync(join(folder, 'notes.txt'), 'not a cache');
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'cli', 'compileCache.js'))}).installCompileCache(${JSON.stringify(join(folder, 'compile-v0-x-new.bin'))}); require(${JSON.stringify(entry)})`]);
    expect(readdirSync(folder).sort()).toEqual(['compile-v0-x-new.bin', 'compile-v0-x-old4.bin', 'compile-v0-x-old5.bin', 'compile-v0-x-old3.bin', 'notes.txt'].sort());
  });

});
