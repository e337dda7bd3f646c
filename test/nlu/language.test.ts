import { detectLanguage } from '../../src/nlu/language';

const lang = (text: string) => detectLanguage(text.toLowerCase().split(/\s+/), ['nl', 'en']);

describe('detectLanguage', () => {
  test('a Dutch greeting with "of" is Dutch: "of" is Dutch for "or"', () => {
    expect(lang('goedemiddag meneer of mevrouw')).toBe('nl');
    expect(lang('geachte heer of mevrouw')).toBe('nl');
  });

  test('English is still English', () => {
    expect(lang('what is the cost of a passport')).toBe('en');
    expect(lang('report something')).toBe('en');
  });

  test('no function words of either language: the conversation keeps its language', () => {
    expect(lang('parklaan 3')).toBeUndefined();
  });

  test('a loanword alone ("yes", "hi") says nothing: the conversation keeps its language', () => {
    expect(lang('yes')).toBeUndefined();
    expect(lang('hi')).toBeUndefined();
    expect(lang('yes please')).toBe('en');
    expect(lang('hi ik wil iets melden')).toBe('nl');
  });

  test('a Dutch product word outweighs one English-looking word ("do" for donderdag)', () => {
    expect(lang('afspraak paspoort do 14u')).toBe('nl');
    expect(lang('i need an afspraak for my paspoort')).toBe('en');
  });
});
