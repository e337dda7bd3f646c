/** The handover policy on scripted understandings: how keywords, the classifier and likeness to examples combine. */
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import type { Understanding } from '../../src/engine';
import { HandoverPolicy } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';

const policy = new HandoverPolicy(loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames()));

function u(extra: Partial<Understanding>): Understanding {
  return { text: '', lang: 'nl', intent: null, score: 0, ranking: [], similar: [], entities: [], keywords: [], outOfScope: false, sentiment: 0, ...extra };
}

describe('handover policy', () => {
  describe('a classifier guess of a handover reason', () => {
    const crisisGuess = { intent: 'handover_crisis', score: 1, ranking: [{ intent: 'handover_crisis', score: 1 }] };

    it('counts when the examples do not point elsewhere', () => {
      const d = policy.decide(u({ ...crisisGuess, similar: [{ intent: 'handover_crisis', score: 0.5 }, { intent: 'afspraak_maken', score: 0.45 }] }), false);
      expect(d).toMatchObject({ handover: true, reasons: ['crisis'], priority: 'urgent', signals: { crisis: 'classifier' } });
    });

    it('is overruled when the nearest examples closely match an ordinary request and none this reason', () => {
      // "mijn kind heeft een id kaart nodig voor de schoolreis": "kind" pulls the classifier towards crisis.
      const similar = [{ intent: 'afspraak_maken', score: 0.7 }, { intent: 'faq_paspoort_kosten', score: 0.44 }, { intent: 'afspraak_annuleren', score: 0.34 }];
      expect(policy.decide(u({ ...crisisGuess, similar }), false).handover).toBe(false);
    });

    it('is not overruled by likeness to small talk (one shared word, "dag" in "al dagen niet gegeten")', () => {
      const complexGuess = { intent: 'handover_complex', score: 0.79, ranking: [{ intent: 'handover_complex', score: 0.79 }] };
      expect(policy.decide(u({ ...complexGuess, similar: [{ intent: 'smalltalk_groet', score: 1 }] }), false).reasons).toEqual(['complex']);
    });

    it('is not overruled by a loose likeness', () => {
      const similar = [{ intent: 'afspraak_maken', score: 0.55 }];
      expect(policy.decide(u({ ...crisisGuess, similar }), false).reasons).toEqual(['crisis']);
    });

    it('never outweighs a crisis keyword', () => {
      const d = policy.decide(u({ ...crisisGuess, keywords: ['handover_crisis'], similar: [{ intent: 'afspraak_maken', score: 0.9 }] }), false);
      expect(d.signals).toEqual({ crisis: 'keyword' });
    });
  });

  describe('likeness to a handover example', () => {
    const likePerson = [{ intent: 'handover_person', score: 0.68 }, { intent: 'buiten_bereik', score: 0.6 }];

    it('counts on its own when the classifier is unsure', () => {
      const d = policy.decide(u({ outOfScope: true, ranking: [{ intent: 'buiten_bereik', score: 0.6 }], similar: likePerson }), false);
      expect(d).toMatchObject({ handover: true, reasons: ['person'], signals: { person: 'similarity' } });
    });

    it('does not overrule a classifier that is sure the message is out of scope', () => {
      // "stuur een appje naar mama" is near "stuur me een appje" (callback), but it is chatter.
      const d = policy.decide(u({ outOfScope: true, ranking: [{ intent: 'buiten_bereik', score: 0.98 }], similar: likePerson }), false);
      expect(d.handover).toBe(false);
    });

    it('still counts against a sure out-of-scope classifier when the likeness is close', () => {
      const d = policy.decide(u({ outOfScope: true, ranking: [{ intent: 'buiten_bereik', score: 0.98 }], similar: [{ intent: 'handover_person', score: 0.85 }] }), false);
      expect(d.reasons).toEqual(['person']);
    });
  });
});
