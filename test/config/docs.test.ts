import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type Delivery, type RunningServer } from '../../src';
import { builtinActionNames } from '../../src/actions';
import { checkBot, formatDiagnostic } from '../../src/content';
import { PACKAGE_ROOT } from '../../src/paths';
import { contentTree } from '../content/tree';

/** The examples in docs/ are the code that runs: the smallest complete example of each extension point. */

const doc = (name: string) => readFileSync(join(PACKAGE_ROOT, 'docs', name), 'utf8');
const firstJsBlock = (markdown: string) => /```js\n([\s\S]*?)```/.exec(markdown)![1];
const example = (path: string) => readFileSync(join(PACKAGE_ROOT, 'examples', 'municipality', path), 'utf8');

describe('the examples in docs/', () => {
  it('docs/actions.md shows the example municipality\'s action as it is', () => {
    expect(firstJsBlock(doc('actions.md'))).toBe(example('actions/ophaaldag.js'));
  });

  it('docs/channel-adapters.md shows the example municipality\'s channel as it is', () => {
    expect(firstJsBlock(doc('channel-adapters.md'))).toBe(example('channels/jsonWebhook.js'));
  });
});

describe('the bot.yaml of docs/zgw.md and docs/qmatic.md', () => {
  const BOT = `name: Gemeente Test
languages: [nl]
flows: []
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
handover:
  messages: { default: Ik zet u door naar een medewerker., crisis: Bel 112. }
`;
  const INTENTS = 'intents:\n  - id: groet\n    utterances:\n      nl: [hallo, goedemorgen, hoi]\n    answer: Hallo!\n';

  it.each(['zgw.md', 'qmatic.md'])('%s passes loket validate as it is written', (name) => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc(name))![1];
    const root = contentTree({ 'bots/test/bot.yaml': BOT + yaml, 'intents/basis.yaml': INTENTS });
    const { content, diagnostics } = checkBot(root, 'test', builtinActionNames());
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(content?.bot.zgw ?? content?.bot.qmatic).toBeDefined();
  });
});

describe('docs/handover-adapters.md: a case system as handover desk', () => {
  const BOT = `name: Gemeente Test
languages: [nl]
flows: []
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
handover:
  adapter: zaaksysteem
  settings: { url: "URL", token_env: ZAAK_TOKEN }
  messages: { default: Ik zet u door naar een medewerker., crisis: Bel 112. }
`;
  const INTENTS = `intents:
  - id: groet
    utterances:
      nl: [hallo, goedemorgen, hoi]
    answer: Hallo!
  - id: medewerker
    handover: person
    utterances:
      nl: [ik wil een medewerker spreken, mag ik een mens, kan ik iemand spreken, verbind mij door met een medewerker]
`;
  const TOKEN = 'zaak-token';
  let caseSystem: Server;
  const received: { path: string; authorization?: string; body: Record<string, unknown> }[] = [];
  let s: RunningServer;
  const delivered: Delivery[] = [];

  beforeAll(async () => {
    caseSystem = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        received.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(201);
        res.end();
      });
    });
    await new Promise<void>((r) => caseSystem.listen(0, '127.0.0.1', r));
    process.env.ZAAK_TOKEN = TOKEN;
    const config = firstJsBlock(doc('handover-adapters.md')).replace("require('loket')", `require(${JSON.stringify(join(PACKAGE_ROOT, 'src'))})`);
    const url = `http://127.0.0.1:${(caseSystem.address() as AddressInfo).port}/api`;
    const root = contentTree({ 'bots/test/bot.yaml': BOT.replace('URL', url), 'intents/basis.yaml': INTENTS, 'loket.config.js': config });
    s = await startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(root, '.loket', 'state.sqlite') });
    s.bots.get('test')!.loket.onDelivery((_, d) => delivered.push(d));
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    caseSystem.closeAllConnections();
    await new Promise<void>((r) => caseSystem.close(() => r()));
  });

  const callBack = (body: unknown, token = TOKEN) =>
    fetch(`${s.url}/api/bots/test/handover`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

  it('hands over, forwards the resident, delivers the agent\'s answer and refuses what the resident cannot get', async () => {
    const loket = s.bots.get('test')!.loket;
    await loket.handle('c1', { type: 'text', text: 'ik wil een medewerker spreken' });
    expect(received[0]).toEqual({ path: '/api/gesprekken', authorization: `Bearer ${TOKEN}`, body: expect.objectContaining({ gesprek: 'c1', redenen: ['person'] }) });

    await loket.handle('c1', { type: 'text', text: 'het gaat over mijn paspoort' });
    expect(received[1]).toEqual(expect.objectContaining({ path: '/api/gesprekken/c1/berichten', body: expect.objectContaining({ from: 'resident', text: 'het gaat over mijn paspoort' }) }));

    const answered = await callBack({ type: 'message', conversationId: 'c1', text: 'Goedemiddag, ik help u verder.', agent: 'Sanne' });
    expect(answered.status).toBe(200);
    expect(delivered.flatMap((d) => d.outputs)).toContainEqual({ type: 'text', text: 'Goedemiddag, ik help u verder.' });

    expect((await callBack({ type: 'returned', conversationId: 'c1' })).status).toBe(200);
    const late = await callBack({ type: 'message', conversationId: 'c1', text: 'Nog iets?' });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual(expect.objectContaining({ delivered: false, code: 'not_handed_over' }));
  });

  it('refuses a wrong token and a body that is not an event', async () => {
    expect((await callBack({ type: 'message', conversationId: 'c1', text: 'x' }, 'fout')).status).toBe(401);
    const bad = await callBack({ type: 'praat', conversationId: 'c1' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('one of assigned, message');
  });
});
