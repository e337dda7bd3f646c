// `loket validate` knows the custom action's parameters: the content passes, a misspelt parameter is reported.
const { execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const LOKET = join(dirname(require.resolve('loket/package.json')), 'bin', 'loket.js');

function validate(root) {
  try {
    return { code: 0, out: execFileSync(process.execPath, [LOKET, 'validate', '--root', root], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

test('the content passes', () => {
  const { code, out } = validate(ROOT);
  expect(out).toContain('✓ bergendal: 1 flows');
  expect(code).toBe(0);
});

test('a misspelt parameter of the custom action is reported at its line, with a suggestion', () => {
  // A copy inside this repository, so its loket.config.js finds the installed loket.
  mkdirSync(join(ROOT, '.loket'), { recursive: true });
  const copy = mkdtempSync(join(ROOT, '.loket', 'validate-'));
  try {
    for (const path of ['bots', 'flows', 'intents', 'actions', 'channels', 'loket.config.js']) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    const flow = join(copy, 'flows', 'ophaaldag.yaml');
    writeFileSync(flow, readFileSync(flow, 'utf8').replace('huisnummer: "{huisnummer}"', 'huisnumer: "{huisnummer}"'));
    const { code, out } = validate(copy);
    expect(code).toBe(1);
    expect(out).toContain('flows/ophaaldag.yaml:16:37: action "afval.ophaaldag" has no parameter "huisnumer"; did you mean "huisnummer"?');
    expect(out).not.toContain('unknown action');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
