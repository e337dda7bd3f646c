import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { replyTexts } from '../../src/runtime';
import { startServer, type RunningServer } from '../../src/server';
import { contentTree } from '../content/tree';

const intents = (answer: string) => `intents:
  - id: openingstijden
    answer: ${answer}
    utterances: { nl: [hoe laat zijn jullie open, wanneer is het gemeentehuis open, openingstijden gemeentehuis] }
  - id: afval
    answer: Afval gaat in de container.
    utterances: { nl: [wanneer wordt het afval opgehaald, de afvalkalender, waar gooi ik mijn afval weg] }
`;

/** `loket serve --watch`: edited content is validated, trained on and switched to while the server keeps answering. */
describe('serve --watch', () => {
  const lines: string[] = [];
  let root: string;
  let s: RunningServer;

  beforeAll(async () => {
    root = contentTree({
      'bots/t/bot.yaml': 'name: Gemeente Test\nlanguages: [nl]\nflows: []\nintents: [vragen]\ntexts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }\nhandover:\n  messages: { default: Ik zet u door., crisis: Bel 112. }\n',
      'intents/vragen.yaml': intents('Wij zijn open van 9 tot 17 uur.'),
    });
    s = await startServer({ root, port: 0, anonymous: true, watch: true, stateFile: join(root, '.loket', 'state.sqlite'), log: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }) });
  });
  afterAll(() => s?.close());

  const ask = async () => replyTexts((await s.bots.get('t')!.loket.handle(`c${Math.random()}`, { type: 'text', text: 'hoe laat zijn jullie open' })).outputs).join(' ');
  async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (await check()) return;
    throw new Error(`not within 30 s: ${what}`);
  }

  it('answers with an edited text once it is saved, and keeps the running content when an edit is broken', async () => {
    expect(await ask()).toContain('van 9 tot 17 uur');
    writeFileSync(join(root, 'intents/vragen.yaml'), intents('Wij zijn open van 8 tot 20 uur.'));
    await eventually(async () => (await ask()).includes('van 8 tot 20 uur'), 'the edited answer');

    writeFileSync(join(root, 'intents/vragen.yaml'), 'intents:\n  - id: openingstijden\n    answer: [niet af\n');
    await eventually(() => lines.some((l) => /content not reloaded/.test(l) && /vragen\.yaml/.test(l)), 'a log line naming the broken file');
    expect(await ask()).toContain('van 8 tot 20 uur');
  });
});
