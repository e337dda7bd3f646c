import { parseSlot, findInText } from '../../src/slots';
import { ageFromBirth } from '../../src/slots/age';

const now = new Date('2026-03-10T10:00:00+01:00');
const ageQuestion = { now, lang: 'nl' as const, validate: { min: 16, max: 120 } };

describe('an age answered with a birth', () => {
  it.each([
    ['ik ben geboren op 12 augustus 1961', 64],
    ['geboren 9 maart 1950', 76],
    ['geboren 11-03-1950', 75],
    ['born on 3/1/1980', 46],
    ['ik ben geboren in 1949', 77],
    ["ik ben van '51", 75],
    ['1949', 77],
  ])('"%s" is %i years', (text, age) => {
    expect(parseSlot('number', { text }, ageQuestion)).toMatchObject({ ok: true, value: age });
  });

  it('reads a bare year as a birth year only where an age is asked', () => {
    expect(ageFromBirth('1949', now, false)).toBeUndefined();
    expect(parseSlot('number', { text: '1949' }, { now, lang: 'nl', validate: { min: 1, max: 5000 } })).toMatchObject({ ok: true, value: 1949 });
  });

  it('ignores impossible dates and years to come', () => {
    expect(ageFromBirth('geboren op 31-13-1960', now, true)).toBeUndefined();
    expect(ageFromBirth('geboren in 2030', now, true)).toBeUndefined();
  });

  it('finds the age in a first message', () => {
    expect(findInText('number', 'mijn rijbewijs is gestolen, ik ben geboren in 1950', { now, lang: 'nl' })).toMatchObject({ value: 76 });
  });
});
