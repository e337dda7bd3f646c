import { editDistance, fold, isTypoOf, normalize, unstretched, withoutInvisibles, words } from '../../src/text';

describe('text', () => {
  it('folds every apostrophe alike, in the slot parsers and the NLU', () => {
    for (const typed of ["zo'n", 'zo’n', 'zo‘n', 'zo´n', 'zo`n']) {
      expect(fold(typed)).toBe('zon');
      expect(normalize(typed)).toBe('zon');
    }
    expect(fold("'s Middags")).toBe('s middags');
  });

  it('drops accents and case; fold keeps punctuation, normalize turns it into spaces', () => {
    expect(fold('Café  ID-kaart!')).toBe('cafe id-kaart!');
    expect(words('Café  ID-kaart!')).toEqual(['cafe', 'id', 'kaart']);
    expect(normalize('Café, ID-kaart!! 😀')).toBe('cafe id-kaart');
  });

  it('drops characters that show nothing, and keeps every visible one', () => {
    expect(withoutInvisibles('af\u200Bspraak\u00AD \u200Emaken\uFEFF')).toBe('afspraak maken');
    expect(withoutInvisibles('Één café, 10:30 😊')).toBe('Één café, 10:30 😊');
  });

  it('types a stretched letter twice, or once when asked, and leaves double letters and www alone', () => {
    expect(unstretched('afspraaaaak! hallooooo')).toBe('afspraak! halloo');
    expect(unstretched('dankjeeee', 1)).toBe('dankje');
    expect(unstretched('afspraak www.voorbeeld.nl 1000')).toBe('afspraak www.voorbeeld.nl 1000');
  });

  it('keeps times and fractions whole when normalizing, and @, - and +', () => {
    expect(normalize('om 10.30 uur: 1/2 dag. an@example, +31-6')).toBe('om 10.30 uur 1/2 dag an@example +31-6');
  });

  it('counts a swap of neighbouring letters as one edit only when asked to', () => {
    expect(editDistance('vrjidag', 'vrijdag')).toBe(1);
    expect(editDistance('vrjidag', 'vrijdag', { swaps: false })).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('paspoort', 'rijbewijs', { max: 2 })).toBe(3);
  });

  it('allows typos by word length, and takes ij for y', () => {
    expect(isTypoOf('dinsdga', 'dinsdag')).toBe(true);
    expect(isTypoOf('gas', 'gras')).toBe(false);
    expect(isTypoOf('vrydag', 'vrijdag')).toBe(true);
  });
});
