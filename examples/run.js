#!/usr/bin/env node
// Runs each example under examples/ as a municipality's own repository would: Loket packed with `npm pack` (only
// what the package ships), installed into the example's node_modules, and the example's own jest tests.
//
// Offline and fast on purpose: the tarball is unpacked into node_modules/loket (what `npm install <tarball>` does for
// a package whose dependencies are already there), and Loket's dependencies and jest resolve from this repository's
// node_modules, since the examples live inside it. To make up for npm not resolving them, every module the packed
// code requires must be a Node built-in or a dependency in the packed package.json. Build first (`npm test` does).
const { execFileSync, spawnSync } = require('node:child_process');
const { builtinModules } = require('node:module');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

function main() {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const examples = readdirSync(__dirname, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(__dirname, d.name, 'package.json')))
    .map((d) => join(__dirname, d.name));
  const packDir = mkdtempSync(join(tmpdir(), 'loket-pack-'));
  try {
    const tarball = pack(packDir);
    let failed = 0;
    for (const example of examples) {
      const installed = install(tarball, example);
      checkDependencies(installed);
      process.stdout.write(`\nexample ${relative(ROOT, example)}: Loket ${readJson(join(installed, 'package.json')).version} from ${relative(packDir, tarball)}\n`);
      const run = spawnSync(process.execPath, [JEST, '--ci', '--rootDir', example], { cwd: example, stdio: 'inherit' });
      if (run.status !== 0) failed++;
    }
    return failed ? 1 : 0;
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

/** `npm pack` of this repository, without its build script (dist/ is built already); the tarball's path. */
function pack(dir) {
  try {
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return join(dir, JSON.parse(out)[0].filename);
  } catch (e) {
    // npm lists every packed file on stderr: shown only when packing fails.
    throw new Error(`npm pack failed: ${e.stderr || e.message}`);
  }
}

/** The tarball unpacked as node_modules/loket, with its CLI linked in node_modules/.bin as npm links it. */
function install(tarball, example) {
  const modules = join(example, 'node_modules');
  const target = join(modules, 'loket');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const bin = join(modules, '.bin');
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, 'loket'), { force: true });
  symlinkSync(join('..', 'loket', readJson(join(target, 'package.json')).bin.loket), join(bin, 'loket'));
  return target;
}

/** Every package the shipped code requires is a dependency of the package (devDependencies are not installed). */
function checkDependencies(installed) {
  const { dependencies = {} } = readJson(join(installed, 'package.json'));
  const builtins = new Set(builtinModules);
  const missing = new Set();
  for (const file of jsFiles(installed)) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/\brequire\(["']([^"'./][^"']*)["']\)/g)) {
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!builtins.has(spec.replace(/^node:/, '')) && !dependencies[name]) missing.add(`${name} (${relative(installed, file)})`);
    }
  }
  if (missing.size) throw new Error(`the packed package requires what it does not depend on: ${[...missing].join(', ')}`);
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : jsFiles(path);
    return d.name.endsWith('.js') ? [path] : [];
  });
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`examples: ${e.message}\n`);
  process.exitCode = 1;
}
