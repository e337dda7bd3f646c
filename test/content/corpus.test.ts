/** The crisis corpus bot.yaml names: read, checked line by line, and part of what the content depends on. */
import { checkBot, formatDiagnostic } from '../../src/content';
import { ACTIONS, BOT, contentTree as tree, FLOW, INTENTS } from './tree';

const WITH_CORPUS = BOT.replace('languages: [nl]', 'languages: [nl]\nnlu:\n  crisis_corpus: noodberichten');
const line = (text: string, crisis: boolean, handover = crisis) => JSON.stringify({ text, crisis, handover, set: 'dev1' });
const GOOD = [line('er komt rook onder de deur door', true), line('de lamp in mijn straat is kapot', false)].join('\n');

function check(corpus: string | undefined) {
  const root = tree({ 'bots/test/bot.yaml': WITH_CORPUS, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW, ...(corpus === undefined ? {} : { 'intents/noodberichten.jsonl': corpus }) });
  const { content, diagnostics } = checkBot(root, 'test', ACTIONS);
  return { content, messages: diagnostics.map(formatDiagnostic) };
}

describe('crisis corpus', () => {
  it('is loaded with a hash of its bytes, and counts among the files the content came from', () => {
    const { content, messages } = check(`${GOOD}\n`);
    expect(messages).toEqual([]);
    expect(content?.crisisCorpus).toEqual({ file: 'intents/noodberichten.jsonl', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(content?.files).toContain('intents/noodberichten.jsonl');
    const other = check(`${GOOD}\n${line('ik wil een afspraak', false)}\n`).content;
    expect(other?.crisisCorpus?.hash).not.toBe(content?.crisisCorpus?.hash);
  });

  it('reads a file saved on Windows: a byte-order mark and CRLF line ends', () => {
    const { content, messages } = check(`\uFEFF${GOOD.replace('\n', '\r\n')}\r\n`);
    expect(messages).toEqual([]);
    expect(content?.crisisCorpus).toBeDefined();
  });

  it('reports a corpus bot.yaml names that is not there, at the line naming it', () => {
    const { content, messages } = check(undefined);
    expect(content).toBeUndefined();
    expect(messages).toEqual([expect.stringMatching(/^bots\/test\/bot\.yaml:\d+:\d+: crisis corpus "noodberichten" not found: there is no intents\/noodberichten\.jsonl$/)]);
  });

  it('reports each line that is no message, with its line number', () => {
    const bad = [
      '{"text": "half',
      JSON.stringify({ text: 'hulp', crisis: 'ja', handover: true }),
      JSON.stringify({ text: '', crisis: false, handover: false }),
      '[1, 2]',
      JSON.stringify({ text: 'x'.repeat(4001), crisis: false, handover: false }),
      JSON.stringify({ text: 'ik heb schulden', crisis: false }),
      JSON.stringify({ text: 'help, brand', crisis: true, handover: false }),
    ];
    const { content, messages } = check([GOOD, ...bad].join('\n'));
    expect(content).toBeUndefined();
    expect(messages).toEqual([
      'intents/noodberichten.jsonl:3:1: not a JSON object: each line is {"text": "…", "crisis": true|false, "handover": true|false}',
      'intents/noodberichten.jsonl:4:1: "crisis" must be true or false',
      'intents/noodberichten.jsonl:5:1: "text" must be a message of 1 to 4000 characters',
      'intents/noodberichten.jsonl:6:1: not a JSON object: each line is {"text": "…", "crisis": true|false, "handover": true|false}',
      'intents/noodberichten.jsonl:7:1: "text" must be a message of 1 to 4000 characters',
      'intents/noodberichten.jsonl:8:1: "handover" must be true or false (was a colleague needed, for any reason?)',
      'intents/noodberichten.jsonl:9:1: a crisis always needs a colleague: "handover" must be true',
    ]);
  });

  it('reports the first 20 bad lines and counts the rest, as for a corpus without "handover"', () => {
    const old = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `bericht ${i}`, crisis: i % 2 === 0 }));
    const { content, messages } = check(old.join('\n'));
    expect(content).toBeUndefined();
    expect(messages).toHaveLength(21);
    expect(messages[0]).toBe('intents/noodberichten.jsonl:1:1: "handover" must be true or false (was a colleague needed, for any reason?)');
    expect(messages[19]).toMatch(/^intents\/noodberichten\.jsonl:20:1: /);
    expect(messages[20]).toBe('intents/noodberichten.jsonl:1:1: 30 more lines with errors like those above (npm run corpus writes every line in the right form)');
  });

  it('needs both crises and other messages to learn from', () => {
    expect(check(line('de lamp is kapot', false)).messages).toEqual(['intents/noodberichten.jsonl:1:1: the corpus has no crisis message: the screen cannot learn what danger looks like']);
    expect(check(line('help, brand', true)).messages).toEqual(['intents/noodberichten.jsonl:1:1: the corpus has only crisis messages: the screen cannot learn what is not a crisis']);
  });
});
