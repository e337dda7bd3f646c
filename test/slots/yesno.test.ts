import { displayOf, valueOf } from './helpers';

describe('yes or no', () => {
  it.each([
    'ja', 'Ja', 'JA!', 'jawel', 'jazeker', 'klopt', 'dat klopt', 'Klopt.', 'correct', 'prima', 'goed', 'is goed', 'oké', 'ok', 'oke', 'okay', 'zeker',
    'yes', 'yep', 'y', '👍', '👍🏽', 'ja hoor', 'ja graag', 'ja, maar wel snel', 'ja maar ik heb geen foto', 'graag', 'doe maar', 'no problem', 'akkoord',
    'jaklopt', 'jahoor', 'jagraag', 'jo, dat klopt', 'jo, goed zo', 'jao, dat klopt', 'jowel',
  ])('%j is yes', (text) => {
    expect(valueOf('yesno', text)).toBe(true);
  });

  it.each([
    'nee', 'Nee.', 'neen', 'nope', 'no', 'n', 'niet', 'klopt niet', 'dat klopt niet', 'niet goed', 'nee dank je', 'nee, dank u', 'nee hoor',
    'nee nog niet', 'nog niet', 'zeker niet', 'daar heb ik nog niets van gehoord dus nee', '👎', 'liever niet', 'klopt niet helemaal', 'neehoor', 'neehoeft niet',
  ])('%j is no', (text) => {
    expect(valueOf('yesno', text)).toBe(false);
  });

  it.each(['', 'misschien', 'weet ik niet', 'geen idee', 'ja nee', 'hoe bedoelt u', 'ik heb geen foto dus ja', 'Kerkstraat 12', '😀', '👍👎', 'qwerty', 'نعم'])(
    '%j is not understood',
    (text) => {
      expect(valueOf('yesno', text)).toBe('!not_understood');
    },
  );

  it('takes a pressed button', () => {
    expect(valueOf('yesno', { choice: 'ja' })).toBe(true);
    expect(valueOf('yesno', { choice: 'no' })).toBe(false);
  });

  it('shows Ja/Nee or Yes/No', () => {
    expect(displayOf('yesno', 'ja')).toBe('Ja');
    expect(displayOf('yesno', 'nee')).toBe('Nee');
    expect(displayOf('yesno', 'yes', { lang: 'en' })).toBe('Yes');
    expect(displayOf('yesno', 'no', { lang: 'en' })).toBe('No');
  });
});

describe('yes or no in more words', () => {
  it.each(['Jao, dat klopt zo', 'joa', 'evet ja klopt', 'tak, ja', 'oui, ja', 'tak nee'])('a yes or no in one\'s own language or dialect: %j', (text) => {
    expect(valueOf('yesno', text)).toBe(text !== 'tak nee');
  });

  it.each(["da's in orde", "da's juist, merci", 'jaaaa', 'jup', 'klopt allemaal'])('%j is yes', (text) => {
    expect(valueOf('yesno', text)).toBe(true);
  });

  it.each(['neej', 'neeee', 'nee hoor', 'neeh', 'neeh hoor'])('%j is no', (text) => {
    expect(valueOf('yesno', text)).toBe(false);
  });
});

describe('a word of the question said with a negation', () => {
  const question = 'Heeft het CBR uw gezondheidsverklaring al goedgekeurd?';

  it.each(['Hij is in elk geval nog niet goedgekeurd, ik heb hem vorige week pas opgestuurd.', 'Wat kost die eigenlijk? Nog niet goedgekeurd.', 'de verklaring is niet goedgekeurde'])('%j is no', (text) => {
    expect(valueOf('yesno', text, { question })).toBe(false);
  });

  it.each(['hij is goedgekeurd denk ik', 'is de gezondheidsverklaring niet goedgekeurd?', 'het formulier is nog niet binnen'])('%j is not understood: an echo without a negation is no yes, a question no answer', (text) => {
    expect(valueOf('yesno', text, { question })).toBe('!not_understood');
  });

  it('needs the question', () => {
    expect(valueOf('yesno', 'nog niet goedgekeurd, helaas')).toBe('!not_understood');
  });
});
