import { expandShorthand } from '../../src/nlu/shorthand';
import { featuresOf } from '../../src/nlu/linear';

describe('chat shorthand', () => {
  it('writes out abbreviations with one reading, whatever apostrophe or capitals were typed', () => {
    expect(expandShorthand("mn rb is verlopen, kan ik ff langskomen?")).toBe('mijn rijbewijs is verlopen, kan ik even langskomen?');
    expect(expandShorthand('rbw kwijt, nieuwe aanvragen graag')).toBe('rijbewijs kwijt, nieuwe aanvragen graag');
    expect(expandShorthand('een vraag over mijn rijbewys')).toBe('een vraag over mijn rijbewijs');
    expect(expandShorthand('mn roze kaart is bijna verlopen, en mijn B-pasje ook')).toBe('mijn rijbewijs is bijna verlopen, en mijn rijbewijs ook');
    expect(expandShorthand("M'n pas en z’n pas, 'k weet het niet")).toBe('mijn pas en zijn pas, ik weet het niet');
    expect(expandShorthand('kheb vnv geen tijd, wnr kan t wel?')).toBe('ik heb vanavond geen tijd, wanneer kan het wel?');
  });

  it('leaves words alone that only contain an abbreviation, and other apostrophes', () => {
    expect(expandShorthand("mnemonic strand 's avonds it's")).toBe("mnemonic strand 's avonds it's");
    // A bare "k" answers like "ok".
    expect(expandShorthand('k')).toBe('k');
    expect(expandShorthand(' K! ')).toBe(' K! ');
  });

  it('writes out common regional spellings, and leaves standard Dutch and English words that look alike', () => {
    expect(expandShorthand('Mien riebewies is verloupe')).toBe('mijn rijbewijs is verlopen');
    expect(expandShorthand("ik wil groag mit n mìns proat'n, nait mit n computer")).toBe('ik wil graag met n mens praten, niet met n computer');
    expect(expandShorthand('de paspoorthoes en mijn mok; the bin is full, 10 mins')).toBe('de paspoorthoes en mijn mok; the bin is full, 10 mins');
    expect(expandShorthand('kin ik ain minske sprekke? ich vin um nörges, hae is weg')).toBe('kin ik een mens spreken? ik vin um nergens, hij is weg');
  });

  it('leaves an e-mail address out: it says who, not what', () => {
    expect(expandShorthand('afspraak voor een ID-kaart, mailen kan naar p.hermans@example.com')).toBe('afspraak voor een ID-kaart, mailen kan naar  ');
    expect(expandShorthand('rijpapieren kwijt')).toBe('rijbewijs kwijt');
  });

  it('gives the n-gram classifier the same features for both spellings', () => {
    expect([...featuresOf('mn rb verlopen')]).toEqual([...featuresOf('mijn rijbewijs verlopen')]);
  });
});
