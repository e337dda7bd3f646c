import pino from 'pino';
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import { newState, turn, type EngineDeps, type Understanding } from '../../src/engine';
import { asksMeaning, saysDontKnow } from '../../src/engine/commands';
import { answerVariants, correctedName, preference, readCorrection, staleAfter, wantsToStop } from '../../src/engine/repair';
import { HandoverPolicy } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());

describe('giving up in one\'s own words', () => {
  it.each(['laat maar, annuleren', 'nee laat maar zitten', 'never mind', 'forget it', 'annuleer deze melding', 'ik wil toch geen afspraak meer', 'doe maar niet', 'ik zie er toch van af', 'stop er maar mee',
    'Ah neen, stop maar, ik heb het precies toch niet nodig', 'Ik weet het adres niet precies. Stop, ik kijk morgen en kom terug.',
    'eh weet je wat stop maar ik doe het later', 'laat maar ik bel wel even', 'o wacht laat maar ik wil stoppen', 'o wacht laatmaar ik wil stoppe', 'laatmaar', 'laatmaar ik wil stopen', 'ik wil stopen laat maar zitte',
    'Och, ik zie net dat de buurman het zelf al aan het opruimen is. Stop maar, laat maar zitten.',
    'Ik heb wel een foto, maar die staat op mijn andere telefoon. Dan stop ik nu even en meld ik het vanmiddag opnieuw met foto.',
    "Actually, please stop. She just told me she'd rather go with my husband next week, he'll book it himself."])('%j stops', (text) => {
    expect(wantsToStop(text)).toBe(true);
  });

  it.each(['ik wil niet meer', 'ik wil niet meer leven', 'de lamp bij de bushalte is stuk', 'hij zei laat maar zitten, maar de stoeptegel ligt al weken los voor de deur van de school', 'laat maar weten wanneer', 'Dorpsstraat 5',
    'de bus stopt niet meer bij de halte, en de lamp daar is ook kapot', 'zeg maar stop maar niet met die lamp',
    'de buurman riep stop, maar hij ging gewoon door met zagen en nu ligt er een grote tak midden op de stoep voor nummer 4'])('%j does not', (text) => {
    expect(wantsToStop(text)).toBe(false);
  });
});

describe('no preference', () => {
  it.each([['maakt niet uit', 'any'], ['maakt mij niet zoveel uit hoor', 'any'], ['geen voorkeur', 'any'], ['no preference', 'any'], ["doesn't matter", 'any'],
    ['zo snel mogelijk', 'earliest'], ['zsm', 'earliest'], ['zo rap mogelijk, maakt ons niet uit', 'earliest'], ["maakt niet uit, 't is mij gelijk", 'any'], ['as soon as possible', 'earliest'], ['eerste mogelijkheid', 'earliest'],
    ['dat maakt niet uit, hij is met pensioen', 'any'], ['ok dan vraag ik dat daar. tijd maakt niet uit', 'any']])('%j → %s', (text, want) => {
    expect(preference(text)).toBe(want);
  });

  it.each(['morgen', 'het maakt wel uit', 'geen idee', '10 uur', 'maakt niet uit wat ik zeg, de lamp is kapot', 'maakt niet uit, maar liever na 3 uur', 'donderdag kan ik niet, verder maakt het niet uit'])('%j is not', (text) => {
    expect(preference(text)).toBeUndefined();
  });
});

describe('reading a correction', () => {
  it('strips the correction words and keeps the value', () => {
    expect(readCorrection('nee, het is Dorpsstraat 5')).toEqual({ rest: 'Dorpsstraat 5', marked: true });
    expect(readCorrection('sorry ik bedoel woensdag')).toEqual({ rest: 'woensdag', marked: true });
    expect(readCorrection('niet donderdag maar vrijdag')).toEqual({ rest: 'vrijdag', marked: true });
    expect(readCorrection('het is 18 in plaats van 8')).toEqual({ rest: '18', marked: true });
    expect(readCorrection('mijn huisnummer is 18 ipv 8')).toEqual({ rest: '18', marked: true, mentioned: 'huisnummer' });
    expect(readCorrection('the 19th instead of the 18th')).toEqual({ rest: 'the 19th', marked: true });
    expect(readCorrection('no, it is Dorpsstraat 5')).toEqual({ rest: 'Dorpsstraat 5', marked: true });
  });

  it('names what is corrected', () => {
    expect(readCorrection('nee sorry, mijn achternaam is met dubbel s, Janssen')).toEqual({ rest: 'met dubbel s, Janssen', marked: true, mentioned: 'achternaam' });
    expect(readCorrection('my email is sam@example.com')).toMatchObject({ rest: 'sam@example.com', mentioned: 'email' });
    expect(readCorrection('wacht, mijn naam klopt niet')).toEqual({ rest: '', marked: true, mentioned: 'naam' });
  });

  it('leaves an ordinary answer alone', () => {
    expect(readCorrection('Dorpsstraat 5')).toEqual({ rest: 'Dorpsstraat 5', marked: false });
    expect(readCorrection('nee')).toEqual({ rest: '', marked: true });
  });

  it('puts a corrected surname or first name into the old name', () => {
    expect(correctedName('Piet Jansen', 'met dubbel s, Janssen', 'achternaam')).toBe('Piet Janssen');
    expect(correctedName('Piet Jansen', 'Pieter', 'voornaam')).toBe('Pieter Jansen');
    expect(correctedName('Piet Jansen', 'anna de vries', 'naam')).toBe('Anna de vries');
    expect(correctedName('Piet Jansen', 'met dubbel s', 'achternaam')).toBeUndefined();
    expect(correctedName('anouk van dyk', 'van dijk met ij verder klopt het', 'achternaam')).toBe('anouk van Dijk');
    expect(correctedName('Jan de Vries', 'de Wit', 'achternaam')).toBe('Jan de Wit');
  });

  it('reads a correction said after the value', () => {
    expect(readCorrection('een april bedoel ik')).toEqual({ rest: 'een april', marked: true });
    expect(readCorrection('een april')).toEqual({ rest: 'een april', marked: false });
  });

  it('knows what a corrected day makes stale: the free times and the time picked from them', () => {
    const flow = content.flows.get('afspraak-maken')!;
    const at = (slot: string) => flow.steps.findIndex((s) => s.kind === 'ask' && s.ask === slot);
    expect(staleAfter(flow, at('datum'), at('naam'), 'datum')).toEqual(['vrij', 'tijdslot']);
    expect(staleAfter(flow, at('naam'), at('email'), 'naam')).toEqual([]);
  });
});

function deps(sharesLocation: boolean, over: Partial<Understanding> = {}): EngineDeps {
  const policy = new HandoverPolicy(content);
  const u: Understanding = { text: '', lang: 'nl', intent: 'melding_openbare_ruimte', score: 0.95, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.95 }], entities: [{ entity: 'melding_categorie', value: 'afval' }], keywords: [], keywordHits: [], lexiconHits: [], cues: {}, outOfScope: false, sentiment: 0, shouting: false };
  return {
    content,
    understand: async (text, lang) => ({ ...u, ...over, text, lang }),
    decide: (x, inFlow) => policy.decide(x, inFlow),
    action: () => undefined,
    actionContext: () => ({ botId: 'voorbeeldgemeente', conversationId: 'c', log: pino({ level: 'silent' }) }),
    now: () => new Date('2026-03-10T10:00:00+01:00'),
    staffing: { open: true, agents: true },
    sharesLocation,
  };
}

describe('prompts offer only what the channel can do', () => {
  it('offers to share a location where the channel has a button for it, not in the web chat', async () => {
    const text = async (shares: boolean) => {
      const r = await turn(newState('nl'), { type: 'text', text: 'afval op straat' }, deps(shares));
      return r.outputs.map((o) => (o.type === 'text' ? o.text : '')).join(' ');
    };
    expect(await text(true)).toContain('Waar is het? Typ de straat en het huisnummer, of de postcode en het huisnummer. U kunt ook uw locatie delen.');
    expect(await text(false)).not.toContain('locatie delen');
  });
});

describe('not sure, but one flow leads', () => {
  const unsure = { intent: null, score: 0.3, entities: [], ranking: [{ intent: 'melding_openbare_ruimte', score: 0.3 }, { intent: 'achtergrond', score: 0.08 }] };

  it('asks "Bedoelt u: …?" instead of saying it does not understand, and "ja" starts the flow', async () => {
    const asked = await turn(newState('nl'), { type: 'text', text: 'iets over het riool' }, deps(false, unsure));
    expect(asked.outputs[0]).toMatchObject({ type: 'text', text: 'Bedoelt u: een melding over de openbare ruimte?' });
    expect(asked.state.frame).toBeUndefined();
    const yes = await turn(asked.state, { type: 'text', text: 'ja' }, deps(false, unsure));
    expect(yes.state.frame?.flow).toBe('melding-openbare-ruimte');
  });

  it('takes going on with what the flow asks as a yes, and keeps the answer', async () => {
    const asked = await turn(newState('nl'), { type: 'text', text: 'iets over het riool' }, deps(false, unsure));
    const on = await turn(asked.state, { type: 'text', text: 'Het betreft de Beukenlaan 13.' }, deps(false, unsure));
    expect(on.state.frame?.flow).toBe('melding-openbare-ruimte');
    expect(on.state.frame?.shown.locatie).toBe('Beukenlaan 13');
  });

  it('does not guess when two intents are about as likely', async () => {
    const even = { ...unsure, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.3 }, { intent: 'afspraak_maken', score: 0.28 }] };
    const r = await turn(newState('nl'), { type: 'text', text: 'iets' }, deps(false, even));
    expect(r.outputs[0].type === 'text' && r.outputs[0].text).not.toContain('Bedoelt u: een melding');
  });
});

describe('an answer that corrects itself', () => {
  it.each([
    ['donderdag... oh nee wacht, donderdag kan ik niet. Vrijdag dan', 'Vrijdag dan'],
    ['Wilgenweg 5, niet 3, sorry', 'Wilgenweg 5'],
  ])('%j is read as %j', (text, variant) => {
    expect(answerVariants(text)).toContain(variant);
  });

  it('has no other reading without a correction in it', () => {
    expect(answerVariants('Wilgenweg 5')).toEqual([]);
  });
});

describe('asking what a question means', () => {
  it.each(['wat bedoelt u?', 'Bedoelt u hoe oud ik ben of hoe oud het rijbewijs is?', 'hoe bedoel je', 'waarom wilt u dat weten?', 'waarom wilt u mijn e-mailadres?', 'wat moet ik hier invullen', 'what do you mean?', 'why do you need that?'])('%j asks', (text) => {
    expect(asksMeaning(text)).toBe(true);
  });

  it.each(['ik bedoel 10 uur', 'nee ik bedoelde de Kerkstraat', 'wat bedoelt de gemeente met afvalstoffenheffing', 'de lamp doet het niet', 'waarom duurt het zo lang'])('%j does not', (text) => {
    expect(asksMeaning(text)).toBe(false);
  });
});

describe('saying one does not know', () => {
  it.each(['weet ik niet', 'Weet ik niet.', 'ik weet het niet', 'weet k nie', 'geen idee', 'Geen flauw idee eigenlijk', 'hmm geen idee', '?', '??', "I don't know", 'no idea', 'idk'])('%j does not know', (text) => {
    expect(saysDontKnow(text)).toBe(true);
  });

  it.each(['ik weet niet wat er mis is, de lamp knippert', 'weet ik niet of de lamp kapot is of de kabel', 'niet', 'nee', 'de lamp brandt niet', 'geen licht', 'I know where it is'])('%j says more', (text) => {
    expect(saysDontKnow(text)).toBe(false);
  });
});

describe('long runs in a correction', () => {
  // Each pattern starts only where a run of spaces or punctuation starts; tried from inside one, these took seconds
  // to minutes (and jest's timeout fails the test).
  it.each([
    ['spaces', `a${' '.repeat(40_000)}b`],
    ['commas', ','.repeat(40_000)],
    ['dots and spaces', '. '.repeat(20_000)],
  ])('reads 40,000 characters of %s as no correction', (_kind, text) => {
    expect(readCorrection(text).marked).toBe(false);
  });
});
