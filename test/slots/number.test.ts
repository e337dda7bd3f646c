import { displayOf, NOW, valueOf } from './helpers';

describe('number', () => {
  it.each([
    ['75', 75],
    [' 75 ', 75],
    ['75 jaar', 75],
    ['ik ben 78', 78],
    ['ik ben 78 jaar oud', 78],
    ['0', 0],
    ['-3', -3],
    ['twee', 2],
    ['twaalf', 12],
    ['vijfenzeventig', 75],
    ['tweeëntwintig', 22],
    ['vijf en zeventig', 75],
    ['honderd', 100],
    ['honderdtwintig', 120],
    ['tweehonderdvijftig', 250],
    ['een', 1],
    ['één', 1],
    ['1,5', 1.5],
    ['1.000', 1000],
  ])('%s → %d', (text, n) => {
    expect(valueOf('number', text)).toBe(n);
  });

  it.each([
    ['one', 1],
    ['twenty', 20],
    ['twenty-one', 21],
    ['1.5', 1.5],
    ['1,000', 1000],
  ])('English %s → %d', (text, n) => {
    expect(valueOf('number', text, { lang: 'en' })).toBe(n);
  });

  it('shows a Dutch decimal comma', () => {
    expect(displayOf('number', '1,5')).toBe('1,5');
    expect(displayOf('number', '1.5', { lang: 'en' })).toBe('1.5');
  });

  it.each(['', 'abc', 'tussen 70 en 80', 'ik heb een vraag', 'geen idee', '1.2.3', '🎂', 'tachtig of negentig'])('%j is not a number', (text) => {
    expect(valueOf('number', text)).toBe('!not_understood');
  });

  it('checks min and max', () => {
    const validate = { min: 16, max: 120 };
    expect(valueOf('number', '15', { validate })).toBe('!too_small');
    expect(valueOf('number', '16', { validate })).toBe(16);
    expect(valueOf('number', '120', { validate })).toBe(120);
    expect(valueOf('number', '121', { validate })).toBe('!too_large');
  });

  it('reads a birth year as the age when asked for an age, and tells a year from a count that is too big', () => {
    const validate = { min: 16, max: 120 };
    const thisYear = NOW.getUTCFullYear();
    expect(valueOf('number', 'geboren in 1950', { validate })).toBe(thisYear - 1950);
    expect(valueOf('number', 'ik ben van 1980', { validate })).toBe(thisYear - 1980);
    expect(valueOf('number', '1950', { validate: { min: 1, max: 500 } })).toBe('!a_year');
    expect(valueOf('number', '3000', { validate })).toBe('!too_large');
    expect(valueOf('number', '1950', { validate: { max: 5000 } })).toBe(1950);
  });
});
