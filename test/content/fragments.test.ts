import { checkBot, formatDiagnostic } from '../../src/content';
import { ACTIONS, BOT, contentTree as tree, FLOW, INTENTS } from './tree';

const WITH_FRAGMENTS = `fragments:
  not_at_home: "(?!.*\\\\b(eigen|thuis|tuin)\\\\b)"
  street: "straat|stoep"
intents:
  - id: melden
    utterances:
      nl: [ik wil iets melden, lamp kapot]
    keywords:
      - "^{not_at_home}.*\\\\blamp\\\\b.*\\\\b({street})\\\\b"
      - "\\\\bkapot{2,}\\\\b"
  - id: groet
    utterances:
      nl: [hallo]
    answer: Hallo!
entities:
  - id: plek
    patterns: ["\\\\b({street}) \\\\d+"]
`;

function load(intents: string) {
  const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': intents, 'flows/melden.yaml': FLOW });
  const { content, diagnostics } = checkBot(root, 'test', ACTIONS);
  return { content, messages: diagnostics.map(formatDiagnostic) };
}

describe('pattern fragments', () => {
  it('writes a fragment out where a keyword or an entity pattern names it, as a group of its own', () => {
    const { content, messages } = load(WITH_FRAGMENTS);
    expect(messages).toEqual([]);
    const [guarded, quantified] = content!.intents.get('melden')!.keywords!;
    expect(guarded).toBe('^(?:(?!.*\\b(eigen|thuis|tuin)\\b)).*\\blamp\\b.*\\b((?:straat|stoep))\\b');
    const re = new RegExp(guarded, 'iu');
    expect(re.test('de lamp in de straat is kapot')).toBe(true);
    expect(re.test('de lamp in mijn eigen straat')).toBe(false);
    // A quantifier is no fragment.
    expect(quantified).toBe('\\bkapot{2,}\\b');
    expect(content!.entities.get('plek')!.patterns).toEqual(['\\b((?:straat|stoep)) \\d+']);
  });

  it('reports a fragment that is not defined at the keyword that names it', () => {
    const { messages } = load(WITH_FRAGMENTS.replace('^{not_at_home}', '^{not_home}'));
    expect(messages).toEqual([
      'intents/basis.yaml:9:9: unknown fragment {not_home}: define it under "fragments:" at the top of this file',
      'intents/basis.yaml:2:16: warning: fragment "not_at_home" is not used in this file',
    ]);
  });

  it('rejects a fragment inside a fragment and one that is no regular expression alone', () => {
    const { messages } = load(WITH_FRAGMENTS.replace('street: "straat|stoep"', 'street: "straat|{not_at_home}"').replace('(eigen|', '(eigen|(tuin'));
    expect(messages).toContain('intents/basis.yaml:3:11: fragment "street" uses another fragment: write it out in full');
    expect(messages).toContain('intents/basis.yaml:2:16: fragment "not_at_home" is not a valid regular expression on its own');
  });

  it('warns about a fragment no pattern uses', () => {
    const { content, messages } = load(WITH_FRAGMENTS.replace('  street: "straat|stoep"', '  street: "straat|stoep"\n  unused: "weg"'));
    expect(content).toBeDefined();
    expect(messages).toContain('intents/basis.yaml:4:11: warning: fragment "unused" is not used in this file');
  });

  it('leaves content without fragments as it was', () => {
    const { content, messages } = load(INTENTS);
    expect(messages).toEqual([]);
    expect(content!.intents.get('melden')!.keywords).toBeUndefined();
  });
});
