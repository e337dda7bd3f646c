import pino from 'pino';
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import { newState, turn, type EngineDeps, type Understanding } from '../../src/engine';
import { HandoverPolicy } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());

/** The engine with a scripted NLU: these tests are about what the engine does with an understanding. */
function deps(u: Partial<Understanding>): EngineDeps {
  const policy = new HandoverPolicy(content);
  return {
    content,
    understand: async (text, lang) => ({ text, lang, intent: null, score: 0, ranking: [], entities: [], keywords: [], keywordHits: [], lexiconHits: [], cues: {}, outOfScope: false, sentiment: 0, shouting: false, ...u }),
    decide: (x, inFlow) => policy.decide(x, inFlow),
    action: () => undefined,
    actionContext: () => ({ botId: 'voorbeeldgemeente', conversationId: 'c', log: pino({ level: 'silent' }) }),
    now: () => new Date('2026-03-10T10:00:00+01:00'),
    staffing: { open: true, agents: true },
  };
}

describe('engine turn', () => {
  it('never changes the state it is given', async () => {
    const before = newState('nl');
    const snapshot = JSON.stringify(before);
    const r = await turn(before, { type: 'text', text: 'ik wil een afspraak' }, deps({ intent: 'afspraak_maken', score: 0.9, ranking: [{ intent: 'afspraak_maken', score: 0.9 }] }));
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(r.state.frame?.flow).toBe('afspraak-maken');
    expect(r.startedFlow).toBe('afspraak-maken');
  });

  it('never changes the state it is given, however deep: a flow with answers and a transcript', async () => {
    const melding = deps({ intent: 'melding_openbare_ruimte', score: 0.9, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.9 }] });
    const started = await turn(newState('nl'), { type: 'text', text: 'ik wil iets melden' }, melding);
    const snapshot = JSON.stringify(started.state);
    const next = await turn(started.state, { type: 'text', text: 'Afval' }, deps({}));
    expect(next.state.frame?.slots.categorie).toBe('afval');
    expect(JSON.stringify(started.state)).toBe(snapshot);
    expect(next.state.transcript).not.toBe(started.state.transcript);
  });

  it('shows and reads a choice in the language of the conversation, also after the same question in another', async () => {
    const melding = deps({ intent: 'melding_openbare_ruimte', score: 0.9, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.9 }] });
    const titles = (r: Awaited<ReturnType<typeof turn>>) => r.outputs.flatMap((o) => (o.type === 'text' ? o.buttons?.map((b) => b.title) ?? [] : []));
    const dutch = await turn(newState('nl'), { type: 'text', text: 'ik wil iets melden' }, melding);
    expect(titles(dutch)).toContain('Afval');
    const english = await turn(newState('en'), { type: 'text', text: 'I want to report something' }, melding);
    expect(titles(english)).toContain('Waste');
    expect(titles(english)).not.toContain('Afval');
    const chosen = await turn(english.state, { type: 'text', text: 'Waste' }, deps({}));
    expect(chosen.state.frame?.slots.categorie).toBe('afval');
  });

  it('asks "Bedoelt u A of B?" when two intents are close, and goes on with the choice', async () => {
    const close = deps({ intent: 'afspraak_maken', score: 0.52, ranking: [{ intent: 'afspraak_maken', score: 0.52 }, { intent: 'rijbewijs_verlengen', score: 0.46 }] });
    const r = await turn(newState('nl'), { type: 'text', text: 'rijbewijs afspraak' }, close);
    expect(r.outputs[0]).toMatchObject({ type: 'text', text: 'Bedoelt u een afspraak maken of uw rijbewijs verlengen?' });
    expect(r.outputs[0].type === 'text' && r.outputs[0].buttons?.map((b) => b.title)).toEqual(['Een afspraak maken', 'Uw rijbewijs verlengen', 'Iets anders']);
    expect(r.state.frame).toBeUndefined();
    const next = await turn(r.state, { type: 'text', text: 'Uw rijbewijs verlengen' }, deps({}));
    expect(next.state.frame?.flow).toBe('rijbewijs-verlengen');
  });

  it('asks about the one flow that leads when not sure ("Bedoelt u: …?"); not when an answer is as likely', async () => {
    const unsure = deps({ intent: null, score: 0.3, outOfScope: true, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.3 }, { intent: 'achtergrond', score: 0.2 }, { intent: 'faq_grofvuil', score: 0.1 }] });
    const r = await turn(newState('nl'), { type: 'text', text: 'het speelveld is een jungle' }, unsure);
    expect(r.outputs[0]).toMatchObject({ type: 'text', text: 'Bedoelt u: een melding over de openbare ruimte?' });
    expect(r.startedFlow).toBeUndefined();
    const close = deps({ intent: null, score: 0.3, outOfScope: true, ranking: [{ intent: 'melding_openbare_ruimte', score: 0.3 }, { intent: 'faq_grofvuil', score: 0.25 }] });
    const q = await turn(newState('nl'), { type: 'text', text: 'grof ding op straat' }, close);
    expect(q.outputs[0]).toMatchObject({ type: 'text', text: expect.stringContaining('begrijp ik niet') });
  });

  it('starts the flow that clearly leads what the bot does when a lean to a colleague does not hand over', async () => {
    // 0.40 to crisis on two narrative words, no danger named: the policy does not hand over.
    const story = deps({ intent: 'handover_crisis', score: 0.4, cues: { handover_crisis: ['vannacht', 'kinderen'] }, ranking: [{ intent: 'handover_crisis', score: 0.4 }, { intent: 'melding_openbare_ruimte', score: 0.31 }, { intent: 'handover_political', score: 0.03 }] });
    const r = await turn(newState('nl'), { type: 'text', text: 'de bouwhekken zijn vannacht omgewaaid' }, story);
    expect(r.handover).toBeUndefined();
    expect(r.startedFlow).toBe('melding-openbare-ruimte');
  });

  it('does not ask when a keyword settles it', async () => {
    const r = await turn(newState('nl'), { type: 'text', text: 'rijbewijs verlopen' }, deps({
      intent: 'rijbewijs_verlengen', score: 0.9, keywords: ['rijbewijs_verlengen'],
      ranking: [{ intent: 'rijbewijs_verlengen', score: 0.5 }, { intent: 'afspraak_maken', score: 0.45 }],
    }));
    expect(r.state.frame?.flow).toBe('rijbewijs-verlengen');
  });

  it('welcomes once, with the menu as buttons', async () => {
    const r = await turn(newState('nl'), { type: 'start' }, deps({}));
    expect(r.outputs[0].type === 'text' && r.outputs[0].buttons?.map((b) => b.title)).toEqual(['Afspraak maken', 'Iets melden', 'Rijbewijs verlengen', 'Medewerker spreken']);
    const again = await turn(r.state, { type: 'start' }, deps({}));
    expect(again.outputs).toEqual([]);
  });

  describe('inside a flow', () => {
    async function atDateQuestion() {
      const start = deps({ intent: 'afspraak_maken', score: 0.9, ranking: [{ intent: 'afspraak_maken', score: 0.9 }], entities: [{ entity: 'product', value: 'paspoort' }] });
      const r = await turn(newState('nl'), { type: 'text', text: 'afspraak voor een paspoort' }, start);
      expect(r.outputs.at(-1)).toMatchObject({ text: expect.stringContaining('Op welke dag') });
      return r.state;
    }
    const faq = deps({ intent: 'faq_milieustraat', score: 0.95, ranking: [{ intent: 'faq_milieustraat', score: 0.95 }] });

    it('takes a recognised but invalid answer as a wrong answer, never as a question (no FAQ in between)', async () => {
      const r = await turn(await atDateQuestion(), { type: 'text', text: '1 januari 2020' }, faq);
      const text = r.outputs.map((o) => (o.type === 'text' ? o.text : '')).join(' ');
      expect(text).not.toContain('milieustraat');
      expect(text).toContain('Op welke dag');
      expect(r.state.frame?.waiting).toBe('answer');
    });

    it('answers a clearly different question in between, then asks again', async () => {
      const r = await turn(await atDateQuestion(), { type: 'text', text: 'hoe laat is de milieustraat open' }, faq);
      const text = r.outputs.map((o) => (o.type === 'text' ? o.text : '')).join(' ');
      expect(text).toContain('milieustraat');
      expect(text).toContain('Op welke dag');
    });
  });
});
