/**
 * A V8 code cache for the CommonJS modules a command loads: restify, botbuilder and the Azure libraries it pulls in
 * are ~1,400 files, and compiling them was a sixth of `loket serve`'s start. Node 22 has this built in
 * (module.enableCompileCache); Node 20 does not, and v8-compile-cache compiles ES modules as scripts and fails on them.
 *
 * A module's cached code is used only for exactly the same source (a SHA-1 of it); V8 itself rejects code built under
 * other flags. An ES module loaded through require, and anything that does not compile as a script, is left to Node.
 * The file is written when the process exits and something was new, via a temporary file and a rename, so a killed
 * process or a second instance never leaves half a file; each command adds its modules and keeps the others'.
 *
 * It also keeps where each `require` of a package led: Node looks for a package with a stat per folder and extension
 * and reads its package.json files, ~2,900 times in a start of `loket serve` (0.15–0.2 s). Only files inside a
 * node_modules folder are kept, for as long as that folder's `.package-lock.json` (rewritten by every npm install) has
 * the same size and time; a folder without one is resolved by Node each time.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script, constants } from 'node:vm';

interface Kept { hash: string; data: Buffer }
interface Compiled { hash: string; script: Script }
/** Where requests led ("folder of the requiring module NUL request" → file), per node_modules folder and its stamp. */
type Resolved = Map<string, string>;
interface CacheFile { kept: Map<string, Kept>; resolved: Resolved; stamps: Map<string, string | undefined> }

/** Node's own module internals this relies on; stable since Node 12, and checked before use. */
type Internals = typeof Module & {
  prototype: { _compile(this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]): unknown };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
};

/**
 * One file per Node version, architecture and set of Node flags: V8 rejects code cached under any other flag
 * (`npm start` runs Node with one, `loket validate` without), and one shared file would be rewritten by each in turn.
 */
export function cacheFile(dir: string): string {
  const flags = createHash('sha1').update(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? ''])).digest('hex').slice(0, 8);
  return join(dir, `compile-${process.version}-${process.arch}-${flags}.bin`);
}

/** Installs the cache for the modules loaded from now on; `off` in LOKET_COMPILE_CACHE leaves Node as it is. */
export function installCompileCache(file: string): void {
  const M = Module as Internals;
  if (process.env.LOKET_COMPILE_CACHE === 'off' || typeof M.prototype._compile !== 'function' || typeof M.wrap !== 'function') return;
  const { kept, resolved, stamps } = read(file);
  const compiled = new Map<string, Compiled>();
  let changed = false;
  const originalResolve = M._resolveFilename;
  M._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const key = !isMain && !options && parent?.path ? `${parent.path}\0${request}` : undefined;
    const known = key && resolved.get(key);
    if (known) return known;
    const found = originalResolve.call(this, request, parent, isMain, options);
    const install = key && installOf(found);
    if (install) {
      if (!stamps.has(install)) stamps.set(install, stampOf(install));
      if (stamps.get(install)) {
        resolved.set(key, found);
        changed = true;
      }
    }
    return found;
  };
  const original = M.prototype._compile;
  M.prototype._compile = function compile(this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]) {
    // Node 20.19+ passes the format it found; an ES module is strict and has import.meta, not a script's semantics.
    if (rest[0] === 'module') return original.call(this, content, filename, ...rest);
    const hash = createHash('sha1').update(content).digest('base64');
    const known = kept.get(filename);
    const cachedData = known?.hash === hash ? known.data : undefined;
    let script: Script;
    try {
      script = new Script(M.wrap(content), { filename, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    if (!cachedData || script.cachedDataRejected) changed = true;
    compiled.set(filename, { hash, script });
    return script.runInThisContext({ displayErrors: true }).call(this.exports, this.exports, requireFor(M, this), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (changed) write(file, compiled, kept, { resolved, stamps });
  });
}

/** The `require` a module's code is given, as Node makes it. */
function requireFor(M: Internals, mod: NodeJS.Module): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = require.main;
  req.extensions = M._extensions;
  req.cache = M._cache;
  return req;
}

/** The folder a file's package was installed into (the outermost node_modules); undefined outside node_modules. */
function installOf(file: string): string | undefined {
  const at = file.indexOf('/node_modules/');
  return at < 0 ? undefined : file.slice(0, at + '/node_modules'.length);
}

/** An install's stamp: the size and time of the `.package-lock.json` npm writes; undefined without one. */
function stampOf(install: string): string | undefined {
  const lock = statSync(`${install}/.package-lock.json`, { throwIfNoEntry: false });
  return lock && `${lock.size} ${lock.mtimeMs}`;
}

interface Head { modules: [string, string, number][]; resolved: [string, string][]; stamps: [string, string][] }

/**
 * The file: the length of its JSON head, the head (modules as [file, hash, length], resolved requests and the stamps
 * of the installs they lead into), then the code caches one after another.
 */
function read(file: string): CacheFile {
  const kept = new Map<string, Kept>();
  const resolved: Resolved = new Map();
  const stamps = new Map<string, string | undefined>();
  try {
    const buf = readFileSync(file);
    const headLength = buf.readUInt32LE(0);
    const head = JSON.parse(buf.subarray(4, 4 + headLength).toString()) as Head;
    let offset = 4 + headLength;
    for (const [name, hash, length] of head.modules) {
      kept.set(name, { hash, data: buf.subarray(offset, offset + length) });
      offset += length;
    }
    if (offset !== buf.length) return { kept: new Map(), resolved, stamps };
    for (const [install, stamp] of head.stamps) stamps.set(install, stampOf(install) === stamp ? stamp : undefined);
    for (const [key, found] of head.resolved) if (stamps.get(installOf(found) ?? '')) resolved.set(key, found);
  } catch {
    // No cache yet, or a damaged one: compile as usual and write a new one.
  }
  return { kept, resolved, stamps };
}

/** What this process compiled, and what other commands kept for modules this one did not load (while they exist). */
function write(file: string, compiled: Map<string, Compiled>, kept: Map<string, Kept>, { resolved, stamps }: Omit<CacheFile, 'kept'>): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const current = [...stamps].filter((entry): entry is [string, string] => Boolean(entry[1]));
    const head: Head = { modules: [], resolved: [...resolved].filter(([, found]) => stamps.get(installOf(found) ?? '')), stamps: current };
    const data: Buffer[] = [];
    const add = (name: string, hash: string, code: Buffer) => {
      head.modules.push([name, hash, code.length]);
      data.push(code);
    };
    for (const [name, { hash, script }] of compiled) add(name, hash, script.createCachedData());
    for (const [name, { hash, data: code }] of kept) if (!compiled.has(name) && existsSync(name)) add(name, hash, code);
    const headBytes = Buffer.from(JSON.stringify(head));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headBytes.length);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.concat([length, headBytes, ...data]));
    renameSync(tmp, file);
    pruneOthers(file);
  } catch {
    // A read-only install or a full disk: every start compiles, as without the cache.
    rmSync(tmp, { force: true });
  }
}

/** How many cache files (one per Node version and flag set) are kept beside the one just written. */
const KEPT_FILES = 4;

/**
 * Each new set of Node flags (a profiler's output folder, an upgrade of Node) writes a file of its own, 4–6 MB; a
 * developer's cache folder held 48 of them. The newest few stay (`npm start`, `loket validate` and the tests each have
 * their own); older ones go.
 */
function pruneOthers(file: string): void {
  const dir = dirname(file);
  const others = readdirSync(dir)
    .filter((name) => /^compile-.*\.bin$/.test(name) && join(dir, name) !== file)
    .map((name) => ({ path: join(dir, name), at: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.at - a.at);
  for (const { path } of others.slice(KEPT_FILES - 1)) rmSync(path, { force: true });
}
