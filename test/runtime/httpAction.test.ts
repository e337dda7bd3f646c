import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Loket, replyTexts } from '../../src/runtime';

/** A flow that posts its slots to a zaaksysteem through http.post, against a real HTTP server on 127.0.0.1. */
function contentTree(url: string): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-http-'));
  const files: Record<string, string> = {
    'bots/zaak/bot.yaml': `name: Gemeente Test
languages: [nl]
flows: [klacht-wegdek]
intents: [zaak]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
actions:
  http.post: { url: "${url}", timeout_ms: 1000 }
handover:
  messages: { default: Ik zet u door., crisis: Bel 112. }
`,
    'intents/zaak.yaml': `intents:
  - id: wegdek
    utterances: { nl: [er zit een gat in de weg, de weg is kapot, kuil in het wegdek] }
`,
    'flows/klacht-wegdek.yaml': `title: een melding over de weg
triggers: [wegdek]
steps:
  - ask: postcode
    type: postcode
    prompt: Wat is de postcode?
  - action: http.post
    with: { soort: wegdek, postcode: "{postcode}" }
    result: zaak
    on_error: mislukt
  - end: Uw zaaknummer is {zaak.zaaknummer}.
  - id: mislukt
    end: Het lukt nu niet om uw melding door te geven. Probeer het later nog eens.
`,
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

describe('http.post from a flow', () => {
  let server: Server;
  let answer: (res: import('node:http').ServerResponse) => void;
  const received: { method?: string; type?: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(await body(req)) });
      answer(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  async function run(): Promise<string> {
    const { port } = server.address() as AddressInfo;
    const root = contentTree(`http://127.0.0.1:${port}/zaken`);
    const bot = await Loket.create({ botId: 'zaak', root, dbFile: join(root, 'db.sqlite'), log: pino({ level: 'silent' }) });
    try {
      await bot.handle('z', { type: 'text', text: 'er zit een gat in de weg' });
      return replyTexts((await bot.handle('z', { type: 'text', text: '1234ab' })).outputs).join('\n');
    } finally {
      bot.close();
    }
  }

  it('posts the slots as JSON and uses the answer', async () => {
    answer = (res) => { res.writeHead(201, { 'content-type': 'application/json' }); res.end('{"zaaknummer":"Z-2026-001"}'); };
    expect(await run()).toBe('Uw zaaknummer is Z-2026-001.');
    expect(received.at(-1)).toEqual({ method: 'POST', type: 'application/json', body: { soort: 'wegdek', postcode: '1234 AB' } });
  });

  it('tells the resident plainly when the backend fails', async () => {
    answer = (res) => { res.writeHead(500); res.end('kapot'); };
    expect(await run()).toBe('Het lukt nu niet om uw melding door te geven. Probeer het later nog eens.');
  });
});
