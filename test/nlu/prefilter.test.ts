/** The keyword prefilter: the text a pattern needs, and one pass that finds which of those texts occur. */
import { Prefilter, requiredTexts, TextIndex } from '../../src/nlu/prefilter';

describe('keyword prefilter', () => {
  it('finds the text every match of a pattern must contain', () => {
    expect(requiredTexts(/\b(mijn|mn) (\w+ )?rijbewijs/u)).toEqual(['rijbewijs']);
    expect(requiredTexts(/in de (brand|fik)\b/u)).toEqual(['in de ']);
    expect(requiredTexts(/\b(brand|fik)\b/u)).toEqual(['brand', 'fik']);
    // Around zero-width assertions the characters still follow each other.
    expect(requiredTexts(/(?<!geen )\bbrand\b(?! gestaan)/u)).toEqual(['brand']);
    expect(requiredTexts(/(sos)+ help/u)).toEqual([' help']);
  });

  it('knows no text when one alternative or an optional part needs none', () => {
    expect(requiredTexts(/\bww\b/u)).toBeUndefined();
    expect(requiredTexts(/brand|\d+ euro/u)).toEqual(['brand', ' euro']);
    expect(requiredTexts(/brand|\d+/u)).toBeUndefined();
    expect(requiredTexts(/(rijbewijs)?\w+/u)).toBeUndefined();
    // Capitals in a case-insensitive pattern match any case: always run.
    expect(requiredTexts(/\bBTW[- ]?nummer/iu)).toBeUndefined();
  });

  it('finds overlapping texts in one pass', () => {
    const index = new TextIndex(['brand', 'brandweer', 'and', 'weer', 'fik']);
    const seen = new Uint8Array(5);
    const touched: number[] = [];
    index.found('de brandweer komt', seen, touched);
    expect([...seen]).toEqual([1, 1, 1, 1, 0]);
    expect(touched.sort()).toEqual([0, 1, 2, 3]);
  });

  it('runs only the patterns whose text occurs, and those without a known text always', () => {
    const filter = new Prefilter([/\bbrand\b/u, /\brijbewijs\b/u, /\bww\b/u]);
    expect(filter.candidates('er is brand')).toEqual([0, 2]);
    // Either form of the message counts (the one with fillers left out too).
    expect(filter.candidates('het is echt mijn rijbewijs', 'het is mijn rijbewijs')).toEqual([1, 2]);
  });

  it('takes what patterns need from what was kept, and keeps what it had to read', () => {
    const known = new Map<string, string[] | null>([['u/\\bbrand\\b', ['fik']]]);
    const filter = new Prefilter([/\bbrand\b/u, /\brijbewijs\b/u, /\bww\b/u], known);
    // The kept need is trusted as it is (read from the cache, not the pattern).
    expect(filter.candidates('er is fik')).toEqual([0, 2]);
    expect(known.get('u/\\brijbewijs\\b')).toEqual(['rijbewijs']);
    expect(known.get('u/\\bww\\b')).toBeNull();
  });
});
