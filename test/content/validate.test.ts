import { checkBot, formatDiagnostic } from '../../src/content';
import { ACTIONS, BOT, contentTree as tree, FLOW, INTENTS } from './tree';

function messages(files: Record<string, string>): string[] {
  const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW, ...files });
  return checkBot(root, 'test', ACTIONS).diagnostics.map(formatDiagnostic);
}

describe('content validation', () => {
  it('accepts valid content and loads it', () => {
    const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW });
    const { content, diagnostics } = checkBot(root, 'test', ACTIONS);
    expect(diagnostics).toEqual([]);
    expect(content?.flows.get('melden')?.triggers).toEqual(['melden']);
    expect(content?.intents.get('groet')?.answer).toContain('{facts.telefoon}');
  });

  it('loads each step as the kind of the one field it has', () => {
    const root = tree({ 'bots/test/bot.yaml': BOT, 'intents/basis.yaml': INTENTS, 'flows/melden.yaml': FLOW });
    const steps = checkBot(root, 'test', ACTIONS).content?.flows.get('melden')?.steps;
    expect(steps?.map((s) => s.kind)).toEqual(['ask', 'end']);
    expect(steps?.[0]).toMatchObject({ kind: 'ask', ask: 'plek', type: 'address' });
  });

  it('reports YAML syntax errors with file, line and column', () => {
    const out = messages({ 'flows/melden.yaml': 'title: Melden\nsteps:\n  - ask: plek\n   type: address\n' });
    expect(out[0]).toMatch(/^flows\/melden\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('points at an unknown field and suggests the right one', () => {
    const out = messages({ 'flows/melden.yaml': FLOW.replace('    prompt: Waar is het?', '    promt: Waar is het?') });
    expect(out).toContain('flows/melden.yaml:6:5: unknown field "promt"; did you mean "prompt"?');
  });

  it('reports unknown intents, steps, actions, slots and facts at their line', () => {
    const flow = `title: Melden
triggers: [meldn]
steps:
  - ask: plek
    type: address
    prompt: Waar is het?
    next: klaar
  - action: calendar.boek
    with: { plek: "{plek}" }
  - end: Dank u, {naam}. Bel {facts.telefon}.
`;
    const out = messages({ 'flows/melden.yaml': flow });
    expect(out).toEqual(expect.arrayContaining([
      'flows/melden.yaml:2:12: unknown intent "meldn"; did you mean "melden"?',
      'flows/melden.yaml:7:11: unknown step "klaar"',
      'flows/melden.yaml:8:13: unknown action "calendar.boek"; did you mean "calendar.book"?',
      'flows/melden.yaml:10:10: unknown slot "naam": no question (ask), action result or input sets it',
      expect.stringMatching(/^flows\/melden\.yaml:10:10: unknown fact "telefon": add it under facts: in bot\.yaml; did you mean "telefoon"\?/),
    ]));
  });

  it('finds unreachable steps', () => {
    const flow = `title: Melden
steps:
  - end: Klaar.
  - id: wees
    say: Niemand komt hier.
`;
    expect(messages({ 'flows/melden.yaml': flow })).toContain('flows/melden.yaml:4:5: step "wees" can never be reached; add a goto or next to it, or remove it');
  });

  it('rejects the same example in two intents', () => {
    const intents = INTENTS.replace('nl: [hallo]', 'nl: [hallo, Lamp kapot!]');
    expect(messages({ 'intents/basis.yaml': intents })).toContain(
      'intents/basis.yaml:7:19: "Lamp kapot!" is also an example of intent "melden"; an example can belong to one intent only',
    );
  });

  it('requires exactly one kind per step', () => {
    const flow = 'title: Melden\nsteps:\n  - say: Hallo\n    end: Klaar\n';
    expect(messages({ 'flows/melden.yaml': flow })).toContain(
      'flows/melden.yaml:3:5: a step needs exactly one of say, ask, branch, action, confirm, goto_flow, handover, end; this one has say and end',
    );
  });

  it('reports a flow file that does not exist at the line naming it', () => {
    expect(messages({ 'bots/test/bot.yaml': BOT.replace('flows: [melden]', 'flows: [melden, betalen]') })).toContain(
      'bots/test/bot.yaml:3:17: flow "betalen" not found: there is no flows/betalen.yaml',
    );
  });

  it('reports bad conditions and invalid regular expressions', () => {
    const flow = `title: Melden
triggers: [melden]
steps:
  - ask: plek
    type: address
    prompt: Waar is het?
  - branch:
      - if: "plek =="
        goto: einde
      - else: einde
  - id: einde
    end: true
`;
    const intents = INTENTS.replace('    answer:', '    keywords: ["(lamp"]\n    answer:');
    const out = messages({ 'flows/melden.yaml': flow, 'intents/basis.yaml': intents });
    expect(out).toContain('flows/melden.yaml:8:13: condition "plek ==": the condition ends too early');
    expect(out.some((l) => /^intents\/basis\.yaml:\d+:\d+: not a valid regular expression/.test(l))).toBe(true);
  });

  it('reports a missing required field in plain words', () => {
    expect(messages({ 'bots/test/bot.yaml': BOT.replace('  goodbye: Doei\n', '') })).toContain('bots/test/bot.yaml:6:3: missing required field "goodbye"');
  });
});

describe('content validation of keys with a fixed set of names', () => {
  it('names the unknown key and the allowed ones', () => {
    const out = messages({ 'bots/test/bot.yaml': BOT.replace('    crisis: Bel 112.', '    crisis: Bel 112.\n    crisis_extra: Hallo') });
    expect(out).toContain('bots/test/bot.yaml:15:5: unknown key "crisis_extra" under "messages"; use one of: default, crisis, emotional, political, complex, person, not_understood, flow, while_waiting, queue_place, closed, no_agents, waiting_long, assigned, cancelled, resolved, returned, expired, keep_waiting, answered_instead, offer_callback, offer_bot, offer_wait');
  });
});

describe('handover thresholds', () => {
  it('takes the rules of crisis and emotion under those reasons only, and names a misspelt one', () => {
    const reasons = (yaml: string) => messages({ 'bots/test/bot.yaml': BOT.replace('handover:\n', `handover:\n  reasons:\n${yaml}`) });
    expect(reasons('    crisis: { panic_word: 0.3, panic_max_words: 4, with_despair: 0.6, with_two_phrases: 0.2 }\n    emotional: { with_angry_faces: 0.1, with_grief_keyword: 0.2 }\n')).toEqual([]);
    expect(reasons('    political: { panic_word: 0.3 }\n')).toContain('bots/test/bot.yaml:13:18: unknown key "panic_word" under "political"');
    expect(reasons('    person: { with_angry_faces: 0.3 }\n')).toContain('bots/test/bot.yaml:13:15: unknown key "with_angry_faces" under "person"');
    expect(reasons('    complex: { with_grief_keyword: 0.3 }\n')).toContain('bots/test/bot.yaml:13:16: unknown key "with_grief_keyword" under "complex"');
    expect(reasons('    crisis: { panic_wrd: 0.3 }\n').join('\n')).toMatch(/unknown field "panic_wrd"; did you mean "panic_word"\?/);
    expect(reasons('    crisis: { panic_phrase: 2 }\n').join('\n')).toMatch(/panic_phrase/);
  });
});

describe('remote handover adapters', () => {
  it('asks for the settings section of the chosen adapter, at the adapter line', () => {
    expect(messages({ 'bots/test/bot.yaml': BOT.replace('handover:\n', 'handover:\n  adapter: chatwoot\n') })).toContain(
      'bots/test/bot.yaml:12:12: adapter "chatwoot" needs a handover.chatwoot section with its settings (see docs/handover-remote.md)',
    );
  });

  it('accepts a webhook adapter with its settings', () => {
    const webhook = 'handover:\n  adapter: webhook\n  webhook:\n    url: https://desk.voorbeeld.nl/loket\n    secret_env: LOKET_DESK_SECRET\n';
    expect(messages({ 'bots/test/bot.yaml': BOT.replace('handover:\n', webhook) })).toEqual([]);
  });
});

describe('address form', () => {
  it('warns when a "u" bot says "je" to residents', () => {
    const out = messages({
      'bots/test/bot.yaml': BOT.replace('languages: [nl]', 'languages: [nl]\naddress_form: u'),
      'flows/melden.yaml': FLOW.replace('Waar is het?', 'Waar heb je het gezien?'),
    });
    expect(out).toContain('flows/melden.yaml:6:13: warning: this bot says "u" to residents, but this text says "je"');
  });
});
