import { valueOf } from './helpers';

describe('time: Dutch', () => {
  it.each([
    ['10 uur', '10:00'],
    ['10:30', '10:30'],
    ['10.30', '10:30'],
    ['10.30 uur', '10:30'],
    ['14u30', '14:30'],
    ['14h30', '14:30'],
    ['10u', '10:00'],
    ['half 11', '10:30'],
    ['half elf', '10:30'],
    ['half drie', '14:30'],
    ['half 1', '12:30'],
    ['kwart over 2', '14:15'],
    ['halfvier', '15:30'],
    ['om 11 iur', '11:00'],
    ['10 uut', '10:00'],
    ['9 ur', '09:00'],
    ['kwartr over 10', '10:15'],
    ['hlaf 10', '09:30'],
    ['halftien', '09:30'],
    ['kwartover elf', '11:15'],
    ['kwartvoor 3', '14:45'],
    ['kwartoverelf', '11:15'],
    ['tienvoorhalfdrie', '14:20'],
    ['kwart voor 3', '14:45'],
    ['um kwart veur elf', '10:45'],
    ['kwart over 10', '10:15'],
    ['tien voor half 3', '14:20'],
    ['vijf over half 10', '09:35'],
    ['5 minuten over 10', '10:05'],
    ["'s ochtends om 9", '09:00'],
    ['om 9 uur s ochtends', '09:00'],
    ["2 uur 's middags", '14:00'],
    ["'s avonds om 8", '20:00'],
    ["half 8 's avonds", '19:30'],
    ["half 12 's nachts", '23:30'],
    ['12 uur', '12:00'],
    ['om 10', '10:00'],
    ['10', '10:00'],
    ['3', '15:00'], // hours 1-7 without morning or evening are in the afternoon
    ['7 uur', '19:00'],
    ['07:30', '07:30'], // written with a zero: the morning
    ['8 uur', '08:00'],
    ['16:45', '16:45'],
    ['morgen om 10 uur', '10:00'],
    ['middernacht', '00:00'],
  ])('%s → %s', (text, time) => {
    expect(valueOf('time', text)).toBe(time);
  });
});

describe('time: English', () => {
  it.each([
    ['9 am', '09:00'],
    ['9am', '09:00'],
    ['2 pm', '14:00'],
    ['2:30 pm', '14:30'],
    ['12 pm', '12:00'],
    ['12 am', '00:00'],
    ['10 o\'clock', '10:00'],
    ['half past 2', '14:30'],
    ['quarter past 10', '10:15'],
    ['quarter to 3', '14:45'],
    ['arond haf past ten', '10:30'],
    ['at 11 oclok', '11:00'],
    ['half 11', '11:30'], // British "half eleven"
    ['at 10', '10:00'],
    ['noon', '12:00'],
  ])('%s → %s', (text, time) => {
    expect(valueOf('time', text, { lang: 'en' })).toBe(time);
  });
});

describe('time: what is not a time', () => {
  it.each([
    '', 'geen idee', 'maakt niet uit', 'qwerty', '25:00', '10:75', '24:00', '99', 'over een uur', 'morgen', '14-03-2026', '1234 AB', '🙂', 'ساعة',
    'middagpauze', 'ochtendjas',
  ])('%j', (text) => {
    expect(valueOf('time', text)).toBe('!not_understood');
  });
});

describe('time: a part of the day stands for a preference', () => {
  it.each([
    ["'s middags", '14:00'],
    ['na de middag', '14:00'],
    ['liefst in de ochtend', '09:30'],
    ["'s avonds graag", '18:00'],
  ])('%j → %s', (text, time) => {
    expect(valueOf('time', text)).toBe(time);
  });

  it.each([['around eleven', '11:00'], ['rond tienen', '10:00'], ['at ten please', '10:00']])('an hour in words after "around", "rond": %j → %s', (text, time) => {
    expect(valueOf('time', text, { lang: text.startsWith('rond') ? 'nl' : 'en' })).toBe(time);
  });

  it.each([['tussen 2 en 3', '14:00'], ['between 2 and 3', '14:00'], ['tussen 14.00 en 15.00 uur', '14:00'], ["'s middags na de lunch", '14:00'], ["liefst 's ochtends vroeg", '09:30']])(
    'a window or a part of the day said twice: %j → %s',
    (text, time) => {
      expect(valueOf('time', text, { lang: text.startsWith('between') ? 'en' : 'nl' })).toBe(time);
    },
  );

  it.each([['tussen de middag ff', '12:30'], ["'s ochtends even", '09:30'], ['afternoon pls', '14:00'], ['donderdag na de lunch', '14:00']])(
    'a part of the day with a filler or the day itself: %j → %s',
    (text, time) => {
      expect(valueOf('time', text, { lang: text.startsWith('afternoon') ? 'en' : 'nl' })).toBe(time);
    },
  );

  it.each([
    ['eind van de middag', '16:00'],
    ['aan het einde van de middag', '16:00'],
    ['na schooltijd, dan kan zij mee', '15:30'],
    ['zo vroeg mogelijk in de ochtend', '09:00'],
    ['rond lunchtijd, dan heb ik pauze', '12:30'],
    ["'s ochtends vroeg, voordat ik naar mijn werk ga", '09:30'],
  ])('a part of the day in everyday words, also with a reason after it: %j → %s', (text, time) => {
    expect(valueOf('time', text)).toBe(time);
  });

  it('"tussen 2 en 3 weken" is a duration', () => {
    expect(valueOf('time', 'tussen 2 en 3 weken')).toBe('!not_understood');
  });

  it('"om een afspraak te maken" is no time', () => {
    expect(valueOf('time', 'om een afspraak te maken')).toBe('!not_understood');
  });

  it.each([['in the afternoon', '14:00'], ['morning please', '09:30']])('%j → %s (English)', (text, time) => {
    expect(valueOf('time', text, { lang: 'en' })).toBe(time);
  });
});

describe('time: from an hour on', () => {
  it.each([['na vieren', '16:00'], ['na vieren, we werken allebei', '16:00'], ['na 4', '16:00'], ['vanaf 3 uur', '15:00'], ['in de voormiddag, rond 9 uur', '09:00']])('%j → %s', (text, time) => {
    expect(valueOf('time', text)).toBe(time);
  });

  it('reads "after 4" in English', () => {
    expect(valueOf('time', 'after 4 if possible', { lang: 'en' })).toBe('16:00');
  });

  it.each(['na 2 weken', 'na 3 keer'])('%j is a duration, not a time', (text) => {
    expect(valueOf('time', text)).toBe('!not_understood');
  });
});
