/** The handover policy on scripted understandings: how keywords, the classifier's probabilities and emotion combine. */
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import type { Understanding } from '../../src/engine';
import { HandoverPolicy } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());
const policy = new HandoverPolicy(content);

/** An understanding; every ranked intent has two content words behind it unless `cues` says otherwise. */
function u(extra: Partial<Understanding>): Understanding {
  const cues = Object.fromEntries((extra.ranking ?? []).map((r) => [r.intent, ['woord', 'zin']]));
  return { text: '', lang: 'nl', intent: null, score: 0, ranking: [], entities: [], keywords: [], keywordHits: [], lexiconHits: [], cues, outOfScope: false, sentiment: 0, shouting: false, ...extra };
}
const crisisWords = { keywords: ['handover_crisis'], keywordHits: [{ intent: 'handover_crisis', match: 'zelfmoord' }] };

describe('handover policy', () => {
  describe('crisis', () => {
    it('hands over, urgently, when the crisis words and the classifier agree, and records that evidence', () => {
      const d = policy.decide(u({ ...crisisWords, ranking: [{ intent: 'handover_crisis', score: 0.4 }, { intent: 'buiten_bereik', score: 0.3 }] }), 'open');
      expect(d).toMatchObject({ handover: true, reasons: ['crisis'], priority: 'urgent', signals: { crisis: 'keyword' } });
      expect(d.evidence).toEqual([{ reason: 'crisis', signal: 'keyword', score: 0.4, threshold: policy.thresholds('crisis').with_keyword, words: ['zelfmoord'] }]);
    });

    it('does not hand over on a crisis word the classifier does not back ("lang zal ze leven")', () => {
      const d = policy.decide(u({ ...crisisWords, ranking: [{ intent: 'smalltalk_groet', score: 0.95 }, { intent: 'handover_crisis', score: 0.01 }] }), 'open');
      expect(d.handover).toBe(false);
    });

    it('gives 112/113 on crisis words where the classifier hears despair rather than danger ("wil dat het ophoudt")', () => {
      const despair = policy.decide(u({ ...crisisWords, ranking: [{ intent: 'handover_emotional', score: 0.66 }, { intent: 'handover_person', score: 0.21 }, { intent: 'handover_crisis', score: 0.01 }] }), 'open');
      expect(despair).toMatchObject({ handover: true, priority: 'urgent', signals: { crisis: 'keyword' } });
      expect(despair.evidence?.[0]).toEqual({ reason: 'crisis', signal: 'keyword', score: 0.67, threshold: 0.5, words: ['zelfmoord'] });
      // Mild annoyance with a crisis word is no despair: the classifier must hear a lot of it.
      const annoyed = policy.decide(u({ ...crisisWords, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.6 }, { intent: 'handover_emotional', score: 0.4 }, { intent: 'handover_crisis', score: 0.01 }] }), 'open');
      expect(annoyed.reasons).not.toContain('crisis');
    });

    it('hands over on the classifier alone only when it is very sure, or a little less sure with crisis its first choice', () => {
      const { min_score: sure, when_first: first } = policy.thresholds('crisis');
      expect(first).toBeLessThan(sure);
      const second = [{ intent: 'handover_emotional', score: 1 - sure - 0.01 }];
      expect(policy.decide(u({ ranking: [...second, { intent: 'handover_crisis', score: sure }] }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ ranking: [{ intent: 'handover_crisis', score: first! }, { intent: 'buiten_bereik', score: 0.2 }] }), 'open')).toMatchObject({ reasons: ['crisis'], evidence: [{ signal: 'classifier', threshold: first }] });
      // Just under when_first, and all reasons together too little for the combined rule: no 112.
      expect(policy.decide(u({ ranking: [{ intent: 'handover_crisis', score: first! - 0.05 }, { intent: 'buiten_bereik', score: 0.4 }] }), 'open').handover).toBe(false);
    });
  });

  describe('the crisis screen', () => {
    const bar = policy.thresholds('crisis').with_screen!;
    const screened = (text: string, score: number) => u({ text, crisisScreen: { score, none: 0.01, words: ['arm', 'open'] }, ranking: [{ intent: 'handover_crisis', score: 0.2 }, { intent: 'buiten_bereik', score: 0.15 }] });

    it('gives 112/113 on the screen alone where nothing else holds, and shows its words', () => {
      const d = policy.decide(screened('mn arm weer open gehaald, het houdt niet op', bar), 'open');
      expect(d).toMatchObject({ handover: true, priority: 'urgent', reasons: ['crisis'] });
      expect(d.evidence.find((e) => e.reason === 'crisis')).toEqual({ reason: 'crisis', signal: 'screen', score: bar, threshold: bar, words: ['arm', 'open'] });
    });

    it('gives none below its bar, in a flow, or where the message says the danger is told of, over or made up', () => {
      expect(policy.decide(screened('mn arm weer open gehaald, het houdt niet op', bar - 0.01), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(screened('mn arm weer open gehaald, het houdt niet op', 0.99), 'flow').reasons).not.toContain('crisis');
      expect(policy.decide(screened('Ik heb een film gezien over een man die zijn arm open haalt', 0.99), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(screened('De brand is geblust en niemand is gewond', 0.99), 'open').reasons).not.toContain('crisis');
    });

    it('needs the classifier to agree a little, and not to be sure of something the bot handles itself', () => {
      const text = 'gekladder op de brug';
      const withLean = (ranking: Understanding['ranking'], score = 0) => policy.decide(u({ text, crisisScreen: { score: 0.99, none: 0, words: ['brug'] }, ranking, score, intent: ranking[0].intent }), 'open').reasons;
      expect(withLean([{ intent: 'handover_crisis', score: 0.2 }, { intent: 'buiten_bereik', score: 0.15 }])).toContain('crisis');
      expect(withLean([{ intent: 'buiten_bereik', score: 0.5 }, { intent: 'handover_crisis', score: policy.thresholds('crisis').with_keyword - 0.01 }])).not.toContain('crisis');
      expect(withLean([{ intent: 'melding_openbare_ruimte', score: 0.9 }, { intent: 'handover_crisis', score: 0.05 }], 0.9)).not.toContain('crisis');
      // Picked by its keywords: another body's matter, whatever the classifier leans to.
      expect(policy.decide(u({ text, crisisScreen: { score: 0.99, none: 0, words: ['dak'] }, ranking: [{ intent: 'handover_crisis', score: 0.4 }, { intent: 'buiten_bereik', score: 0.3 }], intent: 'buiten_bereik', score: 0.9 }), 'open').reasons).not.toContain('crisis');
      // Sure of a handover intent is no ordinary request: the screen still counts.
      expect(withLean([{ intent: 'handover_emotional', score: 0.75 }, { intent: 'handover_crisis', score: 0.05 }], 0.75)).toContain('crisis');
    });

    it('is left out with its signal, as the benchmark measures what each signal adds', () => {
      const without = new HandoverPolicy(content, { disable: ['screen'] });
      expect(without.decide(screened('mn arm weer open gehaald, het houdt niet op', 0.99), 'open').reasons).not.toContain('crisis');
    });
  });

  describe("the screen's second opinion: no colleague needed", () => {
    const clears = policy.thresholds('emotional').screen_clears!;
    const lean = (none: number, extra: Partial<Understanding> = {}) =>
      u({ text: 'Mijn eigen dakgoot lekt, regelen jullie daar iemand voor?', crisisScreen: { score: 0.01, none, words: [] }, ranking: [{ intent: 'handover_emotional', score: 0.6 }, { intent: 'faq_openingstijden', score: 0.2 }], ...extra });

    it('keeps the classifier alone from handing over where the screen is sure nobody is needed', () => {
      expect(policy.decide(lean(clears - 0.01), 'open')).toMatchObject({ handover: true, reasons: ['emotional'], signals: { emotional: 'classifier' } });
      expect(policy.decide(lean(clears - 0.01), 'open').setAside).toBeUndefined();
      const cleared = policy.decide(lean(clears), 'open');
      expect(cleared.handover).toBe(false);
      // Recorded, so an editor can see why the lean did not call a colleague.
      expect(cleared.setAside).toEqual([{ reason: 'emotional', signal: 'classifier', score: 0.6, none: clears }]);
    });

    it("leaves the reason's own words, and the 112/113 of crisis, as they were", () => {
      const words = { keywords: ['handover_emotional'], keywordHits: [{ intent: 'handover_emotional', match: 'klote dienstverlening' }] };
      expect(policy.decide(lean(0.99, words), 'open')).toMatchObject({ handover: true, signals: { emotional: 'keyword' } });
      const danger = u({ text: 'ik wil er niet meer zijn', crisisScreen: { score: 0.2, none: 0.99, words: [] }, ranking: [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'buiten_bereik', score: 0.1 }] });
      expect(policy.decide(danger, 'open').reasons).toEqual(['crisis']);
    });

    it('also keeps all reasons together from handing over, and is left out with the screen signal', () => {
      const spread = lean(0.99, { ranking: [{ intent: 'handover_emotional', score: 0.3 }, { intent: 'handover_complex', score: 0.3 }, { intent: 'handover_person', score: 0.2 }] });
      expect(policy.decide({ ...spread, crisisScreen: { score: 0.01, none: 0.5, words: [] } }, 'open')).toMatchObject({ handover: true, signals: { emotional: 'combined' } });
      expect(policy.decide(spread, 'open')).toMatchObject({ handover: false, setAside: [{ signal: 'combined', none: 0.99 }] });
      expect(new HandoverPolicy(content, { disable: ['screen'] }).decide(lean(0.99), 'open').handover).toBe(true);
    });
  });

  it('gives no 112/113 on a crisis lean when the resident says it can wait; crisis words still count', () => {
    const text = 'Bij ons in de schuur heeft iemand mijn fiets meegenomen, al is er geen haast bij.';
    const lean = [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'melding_openbare_ruimte', score: 0.1 }];
    expect(policy.decide(u({ text, ranking: lean }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ text: text.replace(', al is er geen haast bij', ''), ranking: lean }), 'open').reasons).toContain('crisis');
    expect(policy.decide(u({ ...crisisWords, text: 'geen haast, maar ik denk aan zelfmoord', ranking: lean }), 'open').reasons).toContain('crisis');
  });

  it('gives no 112/113 on a crisis lean at a risk to fix before anything happens; crisis words still count', () => {
    const text = 'De reling van het bruggetje hangt los. Wil iemand die repareren voordat er een kind in het water valt?';
    const lean = [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'melding_openbare_ruimte', score: 0.1 }];
    expect(policy.decide(u({ text, ranking: lean }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ text: 'Er is net een kind in het water gevallen bij het bruggetje.', ranking: lean }), 'open').reasons).toContain('crisis');
    expect(policy.decide(u({ ...crisisWords, text: `${text} Ik denk aan zelfmoord.`, ranking: lean }), 'open').reasons).toContain('crisis');
  });

  it('gives no 112/113 to a question about preventing or recognising a danger, crisis words or not', () => {
    const lean = [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'buiten_bereik', score: 0.1 }];
    const fire = { keywords: ['handover_crisis'], keywordHits: [{ intent: 'handover_crisis', match: 'brand' }], ranking: lean };
    expect(policy.decide(u({ ...fire, text: 'hoe voorkom ik brand met kerst?' }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'Hoe herken je een beroerte? Mijn opa is 80.' }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'help brand in de keuken' }), 'open').reasons).toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'wat moet ik doen als hij niet meer ademt' }), 'open').reasons).toContain('crisis');
  });

  it('gives no 112/113 to danger in a story or a school paper, crisis words or not', () => {
    const lean = [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'buiten_bereik', score: 0.1 }];
    const fire = { keywords: ['handover_crisis'], keywordHits: [{ intent: 'handover_crisis', match: 'brand' }], ranking: lean };
    expect(policy.decide(u({ ...fire, text: 'Ik schrijf een roman over een brand in een dorp. Hoe snel is de brandweer er?' }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'voor mijn werkstuk: wat doe je bij brand?' }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: "I'm writing a story about a flood, who do people call?" }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'Ik moet een verhaal schrijven voor school over een draak die een dorp in brand zet.' }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...fire, text: 'ik schrijf u omdat er brand is in de flat naast ons' }), 'open').reasons).toContain('crisis');
  });

  it('gives no 112/113 to a suicide attempt in the past, unless the wish is back', () => {
    const lean = [{ intent: 'handover_complex', score: 0.9 }, { intent: 'handover_crisis', score: 0.06 }];
    const words = { keywords: ['handover_crisis'], keywordHits: [{ intent: 'handover_crisis', match: 'zelfmoord' }], ranking: lean };
    const past = 'Vorig jaar heb ik een zelfmoordpoging gedaan. Nu gaat het beter, maar ik heb nog schulden. Waar vind ik hulp?';
    expect(policy.decide(u({ ...words, text: past }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...words, text: "After my suicide attempt two years ago I'm doing better. Can I get bijstand?" }), 'open').reasons).not.toContain('crisis');
    expect(policy.decide(u({ ...words, text: 'Vorig jaar deed ik een zelfmoordpoging en nu denk ik weer aan zelfmoord.' }), 'open').reasons).toContain('crisis');
    expect(policy.decide(u({ ...words, text: 'Ik heb net een zelfmoordpoging gedaan' }), 'open').reasons).toContain('crisis');
  });

  it('hears two angry faces at a question the bot only answers as a complaint, not in a flow, not at a product', () => {
    const text = 'pfff wéér een parkeerbon terwijl ik gewoon een vergunning heb 😡😡';
    const faq = { intent: 'faq_parkeervergunning', ranking: [{ intent: 'faq_parkeervergunning', score: 0.8 }, { intent: 'handover_emotional', score: 0.1 }] };
    expect(policy.decide(u({ ...faq, text }), 'open')).toMatchObject({ reasons: ['emotional'], evidence: [{ signal: 'sentiment', words: ['😡😡'] }] });
    expect(policy.decide(u({ ...faq, text: text.replace('😡😡', '😡') }), 'open').handover).toBe(false);
    expect(policy.decide(u({ ...faq, text }), 'flow').handover).toBe(false);
    const product = { intent: 'afspraak_maken', ranking: [{ intent: 'afspraak_maken', score: 0.8 }, { intent: 'handover_emotional', score: 0.1 }] };
    expect(policy.decide(u({ ...product, text: 'mn id is verlopen 🤬🤬 wanneer kan ik langskomen' }), 'open').handover).toBe(false);
  });

  it('gives no 112/113 on a crisis lean without one content word behind it ("I want", sent in pieces)', () => {
    const { when_first: first } = policy.thresholds('crisis');
    const ranking = [{ intent: 'handover_crisis', score: first! + 0.01 }, { intent: 'handover_person', score: 0.06 }];
    expect(policy.decide(u({ ranking, cues: { handover_crisis: [] } }), 'open').handover).toBe(false);
    expect(policy.decide(u({ ranking, cues: { handover_crisis: ['dood', 'pillen'] } }), 'open').reasons).toEqual(['crisis']);
  });

  describe('crisis lexicon', () => {
    const danger = { text: 'Buurvrouw ligt onderaan de keldertrap. Zegt niks terug als ik roep.', lexiconHits: [{ intent: 'handover_crisis', match: 'zegt niks' }] };
    const { with_lexicon: lexicon, when_first: first } = policy.thresholds('crisis');

    it('gives 112/113 below when_first when crisis is the first choice and a lexicon word names the danger', () => {
      expect(lexicon).toBeLessThan(first!);
      const d = policy.decide(u({ ...danger, ranking: [{ intent: 'handover_crisis', score: lexicon! }, { intent: 'handover_complex', score: 0.37 }] }), 'open');
      expect(d).toMatchObject({ handover: true, reasons: ['crisis'], priority: 'urgent' });
      expect(d.evidence).toEqual([{ reason: 'crisis', signal: 'keyword', score: lexicon, threshold: lexicon, words: ['zegt niks'] }]);
    });

    it('in a message of a few words, a lexicon phrase needs only a trace of danger from the classifier ("kan niet ademen")', () => {
      const breath = { text: 'kan niet ademen', lexiconHits: [{ intent: 'handover_crisis', match: 'kan niet ademen' }] };
      const d = policy.decide(u({ ...breath, ranking: [{ intent: 'buiten_bereik', score: 0.34 }, { intent: 'handover_complex', score: 0.12 }, { intent: 'handover_crisis', score: 0.06 }] }), 'open');
      expect(d).toMatchObject({ handover: true, reasons: ['crisis'], priority: 'urgent' });
      expect(d.evidence).toEqual([{ reason: 'crisis', signal: 'keyword', score: 0.06, threshold: 0.02, words: ['kan niet ademen'] }]);
      // Not with nothing of danger heard, not beside another intent's keywords, not in a longer message, not in a flow.
      expect(policy.decide(u({ ...breath, ranking: [{ intent: 'buiten_bereik', score: 0.9 }, { intent: 'handover_crisis', score: 0.01 }] }), 'open').reasons).not.toContain('crisis');
      const withOther = { ...breath, keywords: ['faq_openingstijden'] };
      expect(policy.decide(u({ ...withOther, ranking: [{ intent: 'buiten_bereik', score: 0.34 }, { intent: 'handover_crisis', score: 0.06 }] }), 'open').reasons).not.toContain('crisis');
      const longer = { ...breath, text: 'mijn opa zegt dat hij soms na het traplopen even niet kan ademen, wat kan de gemeente doen' };
      expect(policy.decide(u({ ...longer, ranking: [{ intent: 'handover_complex', score: 0.5 }, { intent: 'handover_crisis', score: 0.06 }] }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ ...breath, ranking: [{ intent: 'buiten_bereik', score: 0.34 }, { intent: 'handover_crisis', score: 0.06 }] }), 'flow').reasons).not.toContain('crisis');
    });

    it('in a message of a few words, a single lexicon word needs crisis first, at a lower probability ("rook overal keuken")', () => {
      const smoke = { text: 'rook overal keuken', lexiconHits: [{ intent: 'handover_crisis', match: 'rook' }] };
      const first = policy.decide(u({ ...smoke, ranking: [{ intent: 'handover_crisis', score: 0.31 }, { intent: 'achtergrond', score: 0.3 }] }), 'open');
      expect(first).toMatchObject({ handover: true, reasons: ['crisis'] });
      // "gas afsluiten": a danger word, but the classifier hears something else first.
      const gas = { text: 'gas afsluiten', lexiconHits: [{ intent: 'handover_crisis', match: 'gas' }] };
      expect(policy.decide(u({ ...gas, ranking: [{ intent: 'instantie_storing', score: 0.6 }, { intent: 'handover_crisis', score: 0.3 }] }), 'open').reasons).not.toContain('crisis');
    });

    it('gives 112/113 on two different danger phrases, even after an ordinary request, unless told of the past', () => {
      const text = 'Mijn rijbewijs is verlopen. Ik sta nu op de vluchtstrook, ik zie ineens alles dubbel en mijn hand is gevoelloos.';
      const twice = { text, keywords: ['rijbewijs_verlengen'], lexiconHits: [{ intent: 'handover_crisis', match: 'alles dubbel' }, { intent: 'handover_crisis', match: 'gevoelloos' }] };
      const ranking = [{ intent: 'rijbewijs_verlengen', score: 0.6 }, { intent: 'handover_crisis', score: 0.2 }];
      expect(policy.decide(u({ ...twice, ranking }), 'open')).toMatchObject({ handover: true, reasons: ['crisis'], priority: 'urgent' });
      // One phrase is not enough, nor two in a story of last week, nor two that are the subject of another reason.
      expect(policy.decide(u({ ...twice, lexiconHits: twice.lexiconHits.slice(0, 1), ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ ...twice, text: `Vorige week: ${text}`, ranking }), 'open').reasons).not.toContain('crisis');
      const wmo = { ...twice, keywords: ['handover_complex'], ranking: [{ intent: 'handover_complex', score: 0.6 }, { intent: 'handover_crisis', score: 0.2 }] };
      expect(policy.decide(u(wmo), 'open').reasons).not.toContain('crisis');
    });

    it('does not count in a flow, where the words describe what a report is about', () => {
      const d = policy.decide(u({ ...danger, ranking: [{ intent: 'handover_crisis', score: 0.5 }, { intent: 'melding_openbare_ruimte', score: 0.3 }] }), 'flow');
      expect(d.reasons).not.toContain('crisis');
    });

    it('needs crisis first and at least with_lexicon: the word alone is not enough', () => {
      const second = policy.decide(u({ ...danger, ranking: [{ intent: 'handover_complex', score: 0.5 }, { intent: 'handover_crisis', score: 0.45 }] }), 'open');
      expect(second.reasons).not.toContain('crisis');
      const weak = policy.decide(u({ ...danger, ranking: [{ intent: 'handover_crisis', score: lexicon! - 0.05 }, { intent: 'buiten_bereik', score: 0.3 }] }), 'open');
      expect(weak.reasons).not.toContain('crisis');
      const without = policy.decide(u({ ranking: [{ intent: 'handover_crisis', score: lexicon! }, { intent: 'buiten_bereik', score: 0.35 }] }), 'open');
      expect(without.reasons).not.toContain('crisis');
    });
  });

  describe('other reasons', () => {
    it('add up the probabilities of a reason\'s intents', () => {
      const d = policy.decide(u({ ranking: [{ intent: 'handover_person', score: 0.6 }, { intent: 'afspraak_maken', score: 0.3 }] }), 'open');
      expect(d.reasons).toEqual(['person']);
      expect(policy.score('person', u({ ranking: [{ intent: 'handover_person', score: 0.6 }, { intent: 'handover_complex', score: 0.3 }] }))).toBeCloseTo(0.6);
    });

    it('do not hand over an ordinary request: a product keyword and a product at least as likely (a melding at the azc)', () => {
      const ranking = [{ intent: 'melding_openbare_ruimte', score: 0.5 }, { intent: 'handover_political', score: 0.48 }];
      expect(policy.decide(u({ keywords: ['melding_openbare_ruimte'], ranking }), 'open').handover).toBe(false);
    });

    it('hand over on a reason\'s own words when a product is only the classifier\'s lean, not when it is sure or named', () => {
      const demonstrate = { keywords: ['handover_political'], keywordHits: [{ intent: 'handover_political', match: 'demonstreren' }] };
      const leaning = [{ intent: 'afspraak_maken', score: 0.48 }, { intent: 'handover_political', score: 0.3 }];
      expect(policy.decide(u({ ...demonstrate, ranking: leaning }), 'open').reasons).toEqual(['political']);
      const sure = [{ intent: 'afspraak_maken', score: 0.8 }, { intent: 'handover_political', score: 0.1 }];
      expect(policy.decide(u({ ...demonstrate, ranking: sure }), 'open').handover).toBe(false);
      const named = { keywords: ['handover_political', 'afspraak_maken'], keywordHits: [...demonstrate.keywordHits, { intent: 'afspraak_maken', match: 'afspraak maken' }] };
      expect(policy.decide(u({ ...named, ranking: leaning }), 'open').handover).toBe(false);
    });

    it('answer a question beside a death named, with sympathy; not grief the classifier is sure of, nor other strong words', () => {
      const text = 'Mijn moeder is overleden en we ruimen haar huis leeg. Hoe vraag ik een grofvuilophaling aan?';
      const grief = { text, keywords: ['faq_grofvuil', 'handover_emotional'], keywordHits: [{ intent: 'faq_grofvuil', match: 'grofvuil' }, { intent: 'handover_emotional', match: 'is overleden' }] };
      const leaning = [{ intent: 'handover_emotional', score: 0.42 }, { intent: 'faq_grofvuil', score: 0.3 }];
      expect(policy.decide(u({ ...grief, ranking: leaning }), 'open')).toMatchObject({ handover: false, condolence: true });
      const sure = [{ intent: 'handover_emotional', score: 0.8 }, { intent: 'faq_grofvuil', score: 0.1 }];
      expect(policy.decide(u({ ...grief, ranking: sure }), 'open')).toMatchObject({ handover: true, reasons: ['emotional'] });
      const despair = { ...grief, keywordHits: [...grief.keywordHits, { intent: 'handover_emotional', match: 'ik kan niet meer' }] };
      expect(policy.decide(u({ ...despair, ranking: leaning }), 'open').reasons).toEqual(['emotional']);
      const nothingToAnswer = { ...grief, keywords: ['handover_emotional'], keywordHits: [grief.keywordHits[1]] };
      expect(policy.decide(u({ ...nothingToAnswer, ranking: leaning }), 'open').reasons).toEqual(['emotional']);
    });

    it('answer a question the classifier is sure of beside words of the social domain, not beside a request for a person', () => {
      const carer = { keywords: ['handover_complex'], keywordHits: [{ intent: 'handover_complex', match: 'mantelzorg' }] };
      const sure = [{ intent: 'faq_afvalkalender', score: 0.83 }, { intent: 'handover_complex', score: 0.09 }];
      expect(policy.decide(u({ ...carer, ranking: sure }), 'open').handover).toBe(false);
      const leaning = [{ intent: 'faq_afvalkalender', score: 0.6 }, { intent: 'handover_complex', score: 0.09 }];
      expect(policy.decide(u({ ...carer, ranking: leaning }), 'open').reasons).toEqual(['complex']);
      const callMe = { keywords: ['handover_person'], keywordHits: [{ intent: 'handover_person', match: 'terugbellen' }] };
      const hours = [{ intent: 'faq_openingstijden', score: 0.8 }, { intent: 'handover_person', score: 0.3 }];
      expect(policy.decide(u({ ...callMe, ranking: hours }), 'open').reasons).toEqual(['person']);
      // The words of a question the bot answers do not outweigh them either: "ben jij een robot? ik wil een mens spreken".
      const botAndPerson = { keywords: ['smalltalk_wie_ben_jij', 'handover_person'], keywordHits: [{ intent: 'smalltalk_wie_ben_jij', match: 'ben jij een robot' }, { intent: 'handover_person', match: 'mens spreken' }] };
      const aboutTheBot = [{ intent: 'smalltalk_wie_ben_jij', score: 0.87 }, { intent: 'handover_person', score: 0.13 }];
      expect(policy.decide(u({ ...botAndPerson, ranking: aboutTheBot }), 'open').reasons).toEqual(['person']);
      const onlyAboutTheBot = { keywords: ['smalltalk_wie_ben_jij'], keywordHits: [botAndPerson.keywordHits[0]] };
      expect(policy.decide(u({ ...onlyAboutTheBot, ranking: aboutTheBot }), 'open').handover).toBe(false);
    });

    it('leave an unsure lean to the social domain when the resident names a product, not a lean to anger', () => {
      const licence = { keywords: ['rijbewijs_verlengen'], keywordHits: [{ intent: 'rijbewijs_verlengen', match: 'volgens mijn pasje mag ik niet meer achter het stuur' }] };
      expect(policy.decide(u({ ...licence, ranking: [{ intent: 'handover_complex', score: 0.67 }, { intent: 'rijbewijs_verlengen', score: 0.08 }] }), 'open').handover).toBe(false);
      expect(policy.decide(u({ ...licence, ranking: [{ intent: 'handover_complex', score: 0.8 }] }), 'open').reasons).toEqual(['complex']);
      expect(policy.decide(u({ ...licence, ranking: [{ intent: 'handover_emotional', score: 0.67 }] }), 'open').reasons).toEqual(['emotional']);
    });

    it('leave an unsure lean to a colleague when the resident names what another body does, not an FAQ', () => {
      const svb = { keywords: ['instantie_svb'], keywordHits: [{ intent: 'instantie_svb', match: 'oudjesgeld' }] };
      const unsure = [{ intent: 'handover_complex', score: 0.6 }, { intent: 'instantie_svb', score: 0.1 }];
      expect(policy.decide(u({ ...svb, ranking: unsure }), 'open').handover).toBe(false);
      // Spread over several reasons, together over the combined threshold: still another body's question.
      const spread = [{ intent: 'handover_complex', score: 0.37 }, { intent: 'handover_emotional', score: 0.3 }, { intent: 'handover_person', score: 0.2 }];
      expect(policy.decide(u({ ...svb, ranking: spread, cues: { handover_complex: ['oma'] } }), 'open').handover).toBe(false);
      // Sure, or a complaint that names an FAQ ("voor de derde keer mijn grofvuil laten staan"): a colleague.
      expect(policy.decide(u({ ...svb, ranking: [{ intent: 'handover_complex', score: 0.8 }] }), 'open').reasons).toEqual(['complex']);
      const faq = { keywords: ['faq_grofvuil'], keywordHits: [{ intent: 'faq_grofvuil', match: 'grofvuil' }] };
      expect(policy.decide(u({ ...faq, ranking: [{ intent: 'handover_emotional', score: 0.6 }, { intent: 'faq_grofvuil', score: 0.2 }] }), 'open').reasons).toEqual(['emotional']);
    });

    it('hand over when the reason is likelier than any product despite a product keyword ("voor de vierde keer niet geleegd, ik ben het spuugzat")', () => {
      const ranking = [{ intent: 'handover_emotional', score: 0.8 }, { intent: 'melding_openbare_ruimte', score: 0.1 }];
      expect(policy.decide(u({ keywords: ['melding_openbare_ruimte'], ranking }), 'open').reasons).toEqual(['emotional']);
    });

    it('emotion: very negative or shouted wording tips the balance only where the classifier has nothing better', () => {
      const ranking = [{ intent: 'handover_emotional', score: 0.3 }, { intent: 'buiten_bereik', score: 0.25 }];
      expect(policy.decide(u({ ranking, shouting: true }), 'open')).toMatchObject({ reasons: ['emotional'], signals: { emotional: 'sentiment' } });
      expect(policy.decide(u({ ranking }), 'open').handover).toBe(false);
      // "HOE LAAT ZIJN JULLIE OPEN???": a question the bot answers, however loud.
      expect(policy.decide(u({ intent: 'faq_openingstijden', ranking: [{ intent: 'faq_openingstijden', score: 0.8 }], shouting: true }), 'open').handover).toBe(false);
      expect(policy.decide(u({ intent: 'buiten_bereik', ranking: [{ intent: 'buiten_bereik', score: 0.95 }], shouting: true }), 'open').handover).toBe(false);
    });

    it('laughter or a short thanks is no anger, but sarcasm, a plea and a crisis still hand over', () => {
      const angry = [{ intent: 'handover_emotional', score: 0.9 }, { intent: 'smalltalk_bedankt', score: 0.05 }];
      expect(policy.decide(u({ text: 'hahaha ik lig dubbel om dat antwoord', ranking: angry, sentiment: -0.2 }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'bedakt voor de hulp, fijen avond nog!!', ranking: [{ intent: 'handover_complex', score: 0.6 }] }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'Bedankt hoor gemeente, voor de vierde keer dezelfde formulieren inleveren. Echt een feestje.', ranking: angry }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ text: 'haha, grappig hoor, ik ben woedend', ranking: angry, sentiment: -0.6 }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ text: 'huur niet betaald, ze dreigen met uitzetting, help 🙏', ranking: [{ intent: 'handover_complex', score: 0.6 }] }), 'open').reasons).toEqual(['complex']);
      expect(policy.decide(u({ text: 'haha ik wil een mens spreken', ranking: [{ intent: 'handover_person', score: 0.8 }] }), 'open').reasons).toEqual(['person']);
      // Laughter covers up anger, not a subject the classifier is sure of.
      expect(policy.decide(u({ text: 'who should I even vote for lol', ranking: [{ intent: 'handover_political', score: 0.95 }] }), 'open').reasons).toEqual(['political']);
      expect(policy.decide(u({ text: 'lol die raad', ranking: [{ intent: 'handover_political', score: 0.5 }] }), 'open').handover).toBe(false);
    });

    it('praise without a thank-you is no anger, but praise with waiting in it is sarcasm', () => {
      const angry = [{ intent: 'handover_emotional', score: 0.63 }, { intent: 'smalltalk_bedankt', score: 0.21 }];
      expect(policy.decide(u({ text: 'Nou, daar kan ik wat mee. Petje af!', ranking: angry }), 'open').handover).toBe(false);
      // Praise by surprise: its "niet" is no sarcasm; waiting beside it still is.
      expect(policy.decide(u({ text: 'Nou, daar kan ik wat mee. Petje af, had ik niet verwacht van dit loket.', ranking: angry }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'Nou nou, antwoord binnen een seconde. Dat ben ik van de gemeente helemaal niet gewend.', ranking: angry }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'Paspoort opgehaald, alles was perfect geregeld.', ranking: angry }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'Petje af, had ik niet verwacht na 4 weken wachten.', ranking: angry }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ text: 'Dat had ik niet verwacht van jullie.', ranking: angry }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ text: 'Leuk gedaan hoor, dat ging snel', ranking: angry }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'goed geregeld weer, 4 weken wachten op een reactie', ranking: angry }), 'open').reasons).toEqual(['emotional']);
      // A lexicon that finds "oude" a little negative does not make praise angry; clearly negative words still do.
      const praise = 'Zo, dat ging vlotter dan bij de oude gemeente.';
      expect(policy.decide(u({ text: praise, ranking: angry, sentiment: -0.03 }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: praise, ranking: angry, sentiment: -0.4 }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ text: 'Ik vond het erg prettig, groetjes!', ranking: angry }), 'open').handover).toBe(false);
    });

    it('all reasons together hand over when none holds alone, under the likeliest reason but crisis (no 112 without crisis evidence)', () => {
      // Each reason just under what it needs alone; together well over the combined threshold.
      const crisis = policy.thresholds('crisis').when_first! - 0.02;
      const emotional = policy.thresholds('emotional').min_score - 0.05;
      const ranking = [{ intent: 'handover_crisis', score: crisis }, { intent: 'handover_emotional', score: emotional }, { intent: 'buiten_bereik', score: 1 - crisis - emotional }];
      const d = policy.decide(u({ ranking }), 'open');
      expect(d).toMatchObject({ handover: true, reasons: ['emotional'], priority: 'urgent', signals: { emotional: 'combined' } });
      expect(d.evidence[0].score).toBeCloseTo(crisis + emotional);
      expect(policy.decide(u({ ranking }), 'flow').handover).toBe(false);
      expect(policy.decide(u({ ranking: [{ intent: 'handover_complex', score: 0.4 }, { intent: 'handover_political', score: 0.2 }, { intent: 'buiten_bereik', score: 0.4 }] }), 'open').handover).toBe(false);
    });

    it('all together, leave an unsure lean to a person when the words ask something the bot answers ("bent u een echt mens?")', () => {
      const ranking = [{ intent: 'handover_person', score: 0.64 }, { intent: 'smalltalk_wie_ben_jij', score: 0.16 }, { intent: 'handover_emotional', score: 0.05 }, { intent: 'handover_crisis', score: 0.01 }];
      expect(policy.decide(u({ ranking }), 'open').reasons).toEqual(['person']);
      expect(policy.decide(u({ ranking, keywords: ['smalltalk_wie_ben_jij'] }), 'open').handover).toBe(false);
    });

    it('on the classifier alone or all together, need one content word behind the lean ("nou eh dinges")', () => {
      const ranking = [{ intent: 'handover_emotional', score: 0.6 }, { intent: 'handover_person', score: 0.2 }, { intent: 'achtergrond', score: 0.2 }];
      expect(policy.decide(u({ ranking }), 'open').reasons).toEqual(['emotional']);
      expect(policy.decide(u({ ranking, cues: { handover_emotional: [], handover_person: [] } }), 'open').handover).toBe(false);
    });

    it('on the classifier alone, leave a question the bot answers with the bot unless the lean to a person is sure ("bent u een echt persoon?")', () => {
      const about = { keywords: ['smalltalk_wie_ben_jij'], keywordHits: [{ intent: 'smalltalk_wie_ben_jij', match: 'bent u een echt persoon' }] };
      const unsure = [{ intent: 'handover_person', score: 0.52 }, { intent: 'smalltalk_wie_ben_jij', score: 0.35 }, { intent: 'achtergrond', score: 0.13 }];
      expect(policy.decide(u({ ranking: unsure }), 'open').reasons).toEqual(['person']);
      expect(policy.decide(u({ ...about, ranking: unsure }), 'open').handover).toBe(false);
      const sure = [{ intent: 'handover_person', score: 0.9 }, { intent: 'smalltalk_wie_ben_jij', score: 0.1 }];
      expect(policy.decide(u({ ...about, ranking: sure }), 'open').reasons).toEqual(['person']);
    });

    it('on the classifier alone, need no content word when the lean is sure ("iemand met oren, niet met knoppen")', () => {
      const ranking = [{ intent: 'handover_person', score: 0.89 }, { intent: 'achtergrond', score: 0.11 }];
      expect(policy.decide(u({ ranking, cues: { handover_person: [] } }), 'open')).toMatchObject({ reasons: ['person'], signals: { person: 'classifier' } });
    });

    it('on the classifier alone, need the reason ranked above any single other intent', () => {
      expect(policy.decide(u({ ranking: [{ intent: 'buiten_bereik', score: 0.5 }, { intent: 'handover_person', score: 0.45 }] }), 'open').handover).toBe(false);
      expect(policy.decide(u({ ranking: [{ intent: 'handover_person', score: 0.45 }, { intent: 'buiten_bereik', score: 0.4 }] }), 'open').reasons).toEqual(['person']);
    });

    it('in a flow, only crisis, a person or emotion interrupt, and the classifier must be surer', () => {
      expect(policy.decide(u({ ranking: [{ intent: 'handover_political', score: 0.99 }] }), 'flow').handover).toBe(false);
      expect(policy.decide(u({ ranking: [{ intent: 'handover_person', score: 0.7 }] }), 'flow').handover).toBe(false);
      expect(policy.decide(u({ ranking: [{ intent: 'handover_person', score: 0.9 }] }), 'flow').reasons).toEqual(['person']);
    });

    it('needs two words behind a lean to crisis, however sure ("met een a op het eind" leaned 0.86 on "eind")', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.64 }, { intent: 'melding_openbare_ruimte', score: 0.08 }];
      expect(policy.decide(u({ ranking, cues: { handover_crisis: ['nacht'] } }), 'open').handover).toBe(false);
      expect(policy.decide(u({ ranking, cues: { handover_crisis: ['touw', 'schuur'] } }), 'open').reasons).toEqual(['crisis']);
      const sure = [{ intent: 'handover_crisis', score: 0.86 }];
      expect(policy.decide(u({ ranking: sure, cues: { handover_crisis: ['eind'] } }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ ranking: sure, cues: { handover_crisis: ['pillen', 'slapen'] } }), 'open').reasons).toEqual(['crisis']);
    });

    it('hears dying of laughter as laughter, unless danger is named in words', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.75 }, { intent: 'handover_emotional', score: 0.22 }];
      const laughing = 'haha ik ga dood van het lachen, mijn zoontje typte hier net een heel verhaal in 😂';
      expect(policy.decide(u({ text: laughing, ranking }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'ik ga dood', ranking }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ text: laughing, ranking, ...crisisWords }), 'open').reasons).toEqual(['crisis']);
    });

    it('gives no 112/113 on a crisis lean for violence or gas left on now and then, unless it is now', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.9 }, { intent: 'handover_complex', score: 0.1 }];
      const sometimes = 'mijn man slaat me soms als hij gedronken heeft ik durf niet weg';
      expect(policy.decide(u({ text: sometimes, ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: `${sometimes}, hij is nu dronken thuis`, ranking }), 'open').reasons).toEqual(['crisis']);
      // "Nu is hij er niet" says the one who hurts is away now: still now and then, no danger now.
      expect(policy.decide(u({ text: `${sometimes}. Nu is hij er niet, waar kan ik terecht?`, ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: `${sometimes}. Nu hij is niet thuis.`, ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: 'mijn moeder laat soms het gas aan staan na het koken', ranking }), 'open').reasons).not.toContain('crisis');
      // Sadness "altijd" without violence or gas is no habit the classifier mistakes: the lean still counts.
      expect(policy.decide(u({ text: 'ik ben altijd alleen en ik wil er niet meer zijn', ranking }), 'open').reasons).toEqual(['crisis']);
    });

    it('gives no 112/113 on a crisis lean for an English figure of speech about a thing', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.61 }, { intent: 'melding_openbare_ruimte', score: 0.36 }];
      expect(policy.decide(u({ text: 'The bin outside our flat is killing me, the smell is unreal', ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: 'He is killing me, the smell of gas is unreal', ranking }), 'open').reasons).toEqual(['crisis']);
    });

    it('gives no 112/113 on a crisis lean for a detector beeping for its battery, but does when smoke is seen', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.65 }, { intent: 'faq_adres', score: 0.2 }];
      const beeping = 'Bij mij thuis piept de rookmelder steeds, ook als er geen rook is.';
      expect(policy.decide(u({ text: beeping, ranking }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'de rookmelder piept en er komt rook uit de meterkast', ranking }), 'open').reasons).toEqual(['crisis']);
    });

    it('gives no 112/113 on a crisis lean when the resident says the danger is not there now or is over', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.75 }, { intent: 'handover_complex', score: 0.2 }];
      const calm = 'Mijn vriend duwt me soms als hij boos wordt. Nu is hij op zijn werk, maar ik wil hulp.';
      expect(policy.decide(u({ text: calm, ranking }), 'open').reasons).not.toContain('crisis');
      const pushing = 'Mijn vriend duwt me als hij boos wordt. Nu is hij op zijn werk, maar ik wil hulp.';
      expect(policy.decide(u({ text: pushing, ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: pushing.replace('Nu is hij op zijn werk, maar', 'En'), ranking }), 'open').reasons).toEqual(['crisis']);
      const past = 'De papiercontainer op het plein heeft vannacht in brand gestaan en is nu zwart.';
      expect(policy.decide(u({ text: past, ranking }), 'open').reasons).not.toContain('crisis');
      expect(policy.decide(u({ text: 'de schuur staat in brand, nog niemand gewond', ranking }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ text: 'niemand gewond, maar hij heeft een mes', ranking, ...crisisWords }), 'open').reasons).toEqual(['crisis']);
      // Over even against crisis words, when no "maar" follows what is over.
      const burnt = 'vannacht is de lantaarnpaal in brand gevlogen, de brandweer was er snel bij en niemand is gewond';
      expect(policy.decide(u({ text: burnt, ranking, ...crisisWords }), 'open').reasons).not.toContain('crisis');
      // A question about safety says nothing about now.
      expect(policy.decide(u({ text: 'er ruikt iets raar in de gang, zijn we hier nog veilig?', ranking }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ text: 'hij is weg en ik ben nu veilig bij mijn zus', ranking }), 'open').reasons).not.toContain('crisis');
    });

    it('hears "uit de brand geholpen" and "bij te springen" as figures of speech', () => {
      const ranking = [{ intent: 'handover_crisis', score: 0.75 }, { intent: 'smalltalk_bedankt', score: 0.2 }];
      expect(policy.decide(u({ text: 'jij hebt me vanavond echt uit de brand geholpen', ranking }), 'open').handover).toBe(false);
      expect(policy.decide(u({ text: 'is er iets om bij te springen met de huur?', ranking }), 'open').reasons).not.toContain('crisis');
    });

    it('in a flow, give 112/113 on danger named in words, not on the classifier alone ("het water loopt niet weg")', () => {
      const sure = [{ intent: 'handover_crisis', score: 0.93 }, { intent: 'melding_openbare_ruimte', score: 0.04 }];
      expect(policy.decide(u({ ranking: sure, cues: { handover_crisis: ['water', 'stinkt'] } }), 'flow').handover).toBe(false);
      expect(policy.decide(u({ ranking: sure, cues: { handover_crisis: ['water', 'stinkt'] } }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ ...crisisWords, ranking: sure }), 'flow')).toMatchObject({ reasons: ['crisis'], signals: { crisis: 'keyword' } });
    });

    it('outside a flow too, give no 112/113 on an unsure lean when a product is named in its own words ("vol getagd")', () => {
      const unsure = [{ intent: 'handover_crisis', score: 0.6 }, { intent: 'melding_openbare_ruimte', score: 0.4 }];
      const graffiti = { keywords: ['melding_openbare_ruimte'], keywordHits: [{ intent: 'melding_openbare_ruimte', match: 'vol getagd' }] };
      expect(policy.decide(u({ ranking: unsure }), 'open').reasons).toEqual(['crisis']);
      expect(policy.decide(u({ ...graffiti, ranking: unsure }), 'open').reasons).not.toContain('crisis');
      const sure = [{ intent: 'handover_crisis', score: 0.8 }, { intent: 'melding_openbare_ruimte', score: 0.2 }];
      expect(policy.decide(u({ ...graffiti, ranking: sure }), 'open').reasons).toEqual(['crisis']);
    });
  });

  describe('thresholds from bot.yaml', () => {
    /** The example bot with these handover settings over its own. */
    function withSettings(handover: Partial<typeof content.bot.handover>): HandoverPolicy {
      return new HandoverPolicy({ ...content, bot: { ...content.bot, handover: { ...content.bot.handover, ...handover } } });
    }
    const crisisWith = (extra: object) => withSettings({ reasons: { ...content.bot.handover.reasons, crisis: { ...content.bot.handover.reasons?.crisis, ...extra } } });

    it('reads the thresholds of crisis\'s own rules, over the defaults', () => {
      const breath = u({ text: 'kan niet ademen', lexiconHits: [{ intent: 'handover_crisis', match: 'kan niet ademen' }], ranking: [{ intent: 'buiten_bereik', score: 0.34 }, { intent: 'handover_crisis', score: 0.06 }] });
      expect(policy.decide(breath, 'open').reasons).toEqual(['crisis']);
      expect(crisisWith({ panic_phrase: 0.1 }).decide(breath, 'open').reasons).not.toContain('crisis');
      expect(crisisWith({ panic_max_words: 2 }).decide(breath, 'open').reasons).not.toContain('crisis');
      expect(crisisWith({ panic_max_words: 2 }).thresholds('crisis')).toMatchObject({ panic_max_words: 2, panic_phrase: policy.thresholds('crisis').panic_phrase });
      const despair = u({ ...crisisWords, ranking: [{ intent: 'handover_emotional', score: 0.66 }, { intent: 'handover_crisis', score: 0.01 }] });
      expect(policy.decide(despair, 'open').reasons).toContain('crisis');
      expect(crisisWith({ with_despair: 0.8 }).decide(despair, 'open').reasons).not.toContain('crisis');
      const twice = u({ text: 'ik zie alles dubbel en mijn hand is gevoelloos', lexiconHits: [{ intent: 'handover_crisis', match: 'alles dubbel' }, { intent: 'handover_crisis', match: 'gevoelloos' }], keywords: ['rijbewijs_verlengen'], ranking: [{ intent: 'rijbewijs_verlengen', score: 0.6 }, { intent: 'handover_crisis', score: 0.2 }] });
      expect(policy.decide(twice, 'open').reasons).toEqual(['crisis']);
      expect(crisisWith({ with_two_phrases: 0.3 }).decide(twice, 'open').reasons).not.toContain('crisis');
    });

    it('reads how sure a lean must be to stand alone, and to interrupt a flow', () => {
      // No content word behind a lean to a person: it stands alone from sure_score.
      const lean = u({ text: 'eh', ranking: [{ intent: 'handover_person', score: 0.75 }, { intent: 'buiten_bereik', score: 0.2 }], cues: {} });
      expect(policy.decide(lean, 'open').reasons).toEqual(['person']);
      expect(withSettings({ sure_score: 0.8 }).decide(lean, 'open').handover).toBe(false);
      const angry = u({ ranking: [{ intent: 'handover_emotional', score: 0.8 }, { intent: 'melding_openbare_ruimte', score: 0.1 }] });
      expect(policy.decide(angry, 'flow').handover).toBe(false);
      expect(withSettings({ in_flow_min_score: 0.75 }).decide(angry, 'flow').reasons).toEqual(['emotional']);
    });
  });
});
