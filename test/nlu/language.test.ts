import { detectLanguage, foreignLanguage } from '../../src/nlu/language';
import { normalize } from '../../src/text';

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

describe('foreignLanguage', () => {
  const foreign = (text: string) => foreignLanguage(text, normalize(text).split(' ').filter(Boolean));

  test('another script, or the words of another language, is a language the bot does not speak', () => {
    for (const text of ['مرحبا أريد موعدا لجواز السفر', 'Здравствуйте, мне нужна встреча', '你好，我想预约护照', 'Merhaba, pasaport için randevu almak istiyorum',
      'Dzień dobry, chciałbym umówić wizytę w sprawie paszportu', 'Guten Tag, ich möchte einen Termin für meinen Reisepass',
      'Bonjour, je voudrais un rendez-vous pour mon passeport', 'Hola, quiero una cita para mi pasaporte']) {
      expect({ text, foreign: foreign(text) }).toEqual({ text, foreign: true });
    }
  });

  test('Dutch with a foreign word in it, Flemish, and English are ours', () => {
    for (const text of ['ik wil randevu voor paspoort', 'merci voor de hulp', 'ne nieuwe identiteitskaart aub', 'ik heb een vraag over mijn rijbewijs, danke',
      'Ahmet zegt merhaba', 'ciao ciao', 'I would like to renew my driving licence', 'Kerkstraat 12', 'ok 👍', 'Mevr. Özdemir, Dorpsstraat 4']) {
      expect({ text, foreign: foreign(text) }).toEqual({ text, foreign: false });
    }
  });
});
