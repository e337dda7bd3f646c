import { parseDocument } from 'yaml';
import { checkBot, formatDiagnostic } from '../../src/content';
import { contentTree } from './tree';

/**
 * The editor's most common mistake, a YAML syntax error, must be reported where it is: at the line the yaml library
 * names, in plain words, without knock-on messages about the content it could not read.
 */

const GOOD_FLOW = `title: Melden
triggers: [melden]
steps:
  - ask: plek
    type: address
    prompt: Waar is het?
  - end: Dank u.
`;

/** Twenty flows with one typing mistake each, as editors make them. */
const BROKEN: Record<string, string> = {
  'colon in a text': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: Let op: waar is het?'),
  'unclosed double quote': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: "Waar is het?'),
  'unclosed single quote': GOOD_FLOW.replace("end: Dank u.", "end: 'Dank u."),
  'tab as indentation': GOOD_FLOW.replace('    type: address', '\ttype: address'),
  'one space too few': GOOD_FLOW.replace('    type: address', '   type: address'),
  'one space too many': GOOD_FLOW.replace('    type: address', '     type: address'),
  'duplicate key': GOOD_FLOW.replace('    type: address', '    type: address\n    type: text'),
  'unclosed flow list': GOOD_FLOW.replace('triggers: [melden]', 'triggers: [melden'),
  'unclosed flow map': GOOD_FLOW.replace('  - end: Dank u.', '  - end: { nl: Dank u.'),
  'list item without a dash space': GOOD_FLOW.replace('  - end: Dank u.', '  -end: Dank u.\n  - say: hoi'),
  'text after a quoted value': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: "Waar" is het?'),
  'key without value then list': GOOD_FLOW.replace('steps:\n', 'steps:\n  x\n'),
  'map under a list item misaligned': GOOD_FLOW.replace('    prompt: Waar is het?', '      prompt: Waar is het?'),
  'hash without space in a quoted key': `title: Melden\ntriggers: [melden]\nsteps:\n  - say: "hoi\n  - end: klaar\n`,
  'a quote inside quotes': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: "Zeg "hoi" tegen ons"'),
  'two documents': `${GOOD_FLOW}---\ntitle: [\n`,
  'brace in plain text': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: {Waar is het?'),
  'at sign at the start': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: @gemeente waar is het?'),
  'backtick at the start': GOOD_FLOW.replace('prompt: Waar is het?', 'prompt: `Waar is het?'),
  'block scalar badly indented': GOOD_FLOW.replace('    prompt: Waar is het?', '    prompt: |\n  Waar is het?'),
};

const BOT = `name: Gemeente Test
languages: [nl]
flows: [melden]
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
handover:
  messages: { default: Ik zet u door., crisis: Bel 112. }
`;
const INTENTS = `intents:\n  - id: melden\n    utterances:\n      nl: [ik wil iets melden, lamp kapot]\n`;

function check(flow: string): string[] {
  const root = contentTree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': flow });
  return checkBot(root, 'test', []).diagnostics.map(formatDiagnostic);
}

describe('YAML syntax errors', () => {
  it('the corpus has twenty files, each one broken', () => {
    expect(Object.keys(BROKEN)).toHaveLength(20);
    for (const text of Object.values(BROKEN)) expect(parseDocument(text).errors.length).toBeGreaterThan(0);
    expect(check(GOOD_FLOW)).toEqual([]);
  });

  it.each(Object.entries(BROKEN))('%s: reported at the line the yaml library names, and nothing else', (_, text) => {
    const named = parseDocument(text, { prettyErrors: true, uniqueKeys: true }).errors[0].linePos![0].line;
    const out = check(text);
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(new RegExp(`^flows/melden\\.yaml:${named}:\\d+: YAML syntax: `));
    // No knock-on messages (unknown flow, unreachable steps) about content that could not be read.
    expect(out.every((line) => /YAML syntax: /.test(line))).toBe(true);
  });
});
