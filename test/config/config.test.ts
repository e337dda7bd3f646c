import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { Loket, replyTexts } from '../../src';
import { PACKAGE_ROOT } from '../../src/paths';
import { contentTree } from '../content/tree';

/**
 * A municipality's own repository: its content and a loket.config.js with one custom action that calls an HTTP API.
 * Loket picks the action up from the content root, runs it in a flow, and `loket validate` checks its parameters.
 */

const BOT = `name: Gemeente Test
languages: [nl]
flows: [grofvuil]
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
handover:
  messages: { default: Ik zet u door., crisis: Bel 112. }
`;
const INTENTS = `intents:
  - id: grofvuil
    utterances:
      nl: [grofvuil ophalen, ik wil grofvuil laten ophalen, kunnen jullie mijn oude bank ophalen, ophalen van een matras]
  - id: groet
    utterances:
      nl: [hallo, goedemorgen, hoi]
    answer: Hallo!
`;
const flow = (param: string) => `title: grofvuil laten ophalen
triggers: [grofvuil]
steps:
  - ask: wat
    type: text
    prompt: Wat wilt u laten ophalen?
  - action: grofvuil.aanvragen
    with: { ${param}: "{wat}" }
    result: aanvraag
    on_error: mislukt
  - end: Uw aanvraag staat. Uw nummer is {aanvraag.reference}.
  - id: mislukt
    end: Dat lukt nu niet.
`;
/** The custom action, as a municipality writes it: plain CommonJS, no build step. */
const CONFIG = `module.exports = {
  actions: ({ log }) => [{
    name: 'grofvuil.aanvragen',
    description: 'Vraagt het ophalen van grofvuil aan bij de afvaldienst',
    params: [{ name: 'items', required: true }],
    async run(args, ctx) {
      const res = await fetch(process.env.AFVAL_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: args.items, bot: ctx.botId }) });
      if (!res.ok) return { ok: false, error: 'afvaldienst_' + res.status };
      return { ok: true, data: await res.json() };
    },
  }],
};
`;

function repo(param: string): string {
  return contentTree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/grofvuil.yaml': flow(param), 'loket.config.js': CONFIG });
}

describe('a custom action from loket.config.js', () => {
  let server: Server;
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        const json = JSON.parse(body) as { items?: unknown };
        received.push(json);
        const ok = req.method === 'POST' && req.headers['content-type'] === 'application/json' && typeof json.items === 'string';
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { reference: 'GV-123' } : { error: 'bad request' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.AFVAL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aanvragen`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('runs in a flow: Loket finds it in the content root and calls the municipality\'s API', async () => {
    const root = repo('items');
    const bot = await Loket.create({ botId: 'test', root, dbFile: ':memory:', cacheDir: join(root, '.cache'), log: pino({ level: 'silent' }) });
    try {
      await bot.handle('c1', { type: 'text', text: 'ik wil grofvuil laten ophalen' });
      const done = await bot.handle('c1', { type: 'text', text: 'een oude bank en een matras' });
      expect(replyTexts(done.outputs).join(' ')).toContain('Uw nummer is GV-123');
      expect(received).toContainEqual({ items: 'een oude bank en een matras', bot: 'test' });
    } finally {
      await bot.close();
    }
  }, 60_000);

  it('loket validate knows the action and reports a misspelt parameter at its line', () => {
    const root = repo('item');
    let out = '';
    try {
      execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'validate', '--root', root], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr: string }).stderr);
    }
    expect(out).toContain('flows/grofvuil.yaml:8:13: action "grofvuil.aanvragen" has no parameter "item"; did you mean "items"?');
    expect(out).toContain('action "grofvuil.aanvragen" needs "items" under with:');
    expect(out).not.toContain('unknown action');
  });

  it('loket validate accepts the repository when the parameter is right', () => {
    const root = repo('items');
    const out = execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'validate', '--root', root], { encoding: 'utf8', stdio: 'pipe' });
    expect(out).toContain('✓ test: 1 flows');
  });
});
