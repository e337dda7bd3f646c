import { findInText, findPlaceInText } from '../../src/slots';
import type { ChoiceOption, SlotType } from '../../src/slots/types';
import { ctx, found } from './helpers';

const categories: ChoiceOption[] = [
  { value: 'verlichting', label: 'Straatverlichting', synonyms: ['lantaarnpaal', 'lamp', 'licht'] },
  { value: 'afval', label: 'Afval', synonyms: ['vuil', 'vuilnis', 'container'] },
  { value: 'bestrating', label: 'Weg of stoep', synonyms: ['stoep', 'tegel', 'weg', 'gat'] },
];
const products: ChoiceOption[] = [
  { value: 'paspoort', label: 'Paspoort' },
  { value: 'id-kaart', label: 'ID-kaart', synonyms: ['identiteitskaart', 'id kaart'] },
];

describe('findInText: first messages', () => {
  it('finds a corner of two streets typed without capitals, and a weekday with a typo', () => {
    expect(findPlaceInText('hi, streetlight not working on the corner of kerkstraat and molenweg', 'en')?.value).toEqual({ street: 'Kerkstraat', description: 'on the corner of kerkstraat and molenweg' });
    expect(findPlaceInText('kruising stationsweg/parallelweg', 'nl')?.value).toEqual({ street: 'Stationsweg', description: 'kruising stationsweg/parallelweg' });
    expect(findPlaceInText('ik sta op de hoek en de boom ligt op de weg', 'nl')).toBeUndefined();
    expect(found('date', 'kan ik ff een afspraak maken voor een nieuwe id kaart, vrijdg?')).toBe('2026-03-13');
    expect(found('date', 'afspraak morgn')).toBeNull();
  });

  it('finds the street, number and postcode of a report', () => {
    const text = 'de lantaarnpaal bij Kerkstraat 12 in 1234 AB is kapot';
    expect(findInText('address', text, ctx())).toEqual({ value: { street: 'Kerkstraat', number: 12, postcode: '1234 AB' }, display: 'Kerkstraat 12, 1234 AB' });
    expect(found('postcode', text)).toBe('1234 AB');
    expect(found('housenumber', text)).toEqual({ number: 12 });
    expect(found('choice', text, { options: categories })).toBe('verlichting');
    expect(found('date', text)).toBeNull();
    expect(found('time', text)).toBeNull();
  });

  it('finds a street without a street word where a place is named ("aan de Vogelzang 2"), not a shop', () => {
    expect(found('address', 'de glijbaan in de speeltuin aan de Vogelzang 2 is kapot')).toEqual({ street: 'Vogelzang', number: 2 });
    expect(found('address', 'the swing at Kalverdijkje 4 is broken')).toEqual({ street: 'Kalverdijkje', number: 4 });
    expect(found('address', 'bij de Albert Heijn 2 weken geleden')).toBeNull();
    expect(found('address', 'There is a dead swan next to Havenstraat 3, I want to report it')).toEqual({ street: 'Havenstraat', number: 3 });
  });

  it('reads "9 uur" right after a day as a time, not as a duration', () => {
    expect(found('time', 'Afspraak paspoort vrijdag 13 maart 9 uur')).toBe('09:00');
    expect(found('time', 'afspraak morgen 10 uur')).toBe('10:00');
    expect(found('time', 'mijn afspraak van maandag duurde 2 uur')).toBeNull();
  });

  it('finds a part of the day as a clause of its own, or said so that it means nothing else', () => {
    expect(found('time', 'maandag 23 maart, in de voormiddag')).toBe('09:30');
    expect(found('time', 'tuesday, in the afternoon please')).toBe('14:00');
    expect(found('time', "Ik wil de eerste dinsdag van april 's ochtends vroeg een afspraak voor een paspoort")).toBe('09:30');
    expect(found('time', 'Kan ik over twee weken rond lunchtijd langskomen voor een nieuw paspoort?')).toBe('12:30');
    expect(found('time', 'de middag was gezellig')).toBeNull();
    expect(found('time', 'ik wil een afspraak voor een paspoort, de ochtend van mijn vlucht is het te laat')).toBeNull();
  });

  it('reads a short weekday before a day and month only when they agree ("do 12/3" is a Thursday)', () => {
    expect(found('date', 'afspraak paspoort do 12/3 11:15')).toBe('2026-03-12');
    expect(found('date', 'passport, thu 12/3 after lunch')).toBe('2026-03-12');
    expect(found('date', 'afspraak paspoort ma 12/3')).toBeNull();
    expect(found('time', 'need an appointment for a passport, thu 12/3 after lunch')).toBe('14:00');
  });

  it('reads a short weekday in a sentence only before a time ("afspraak paspoort do 14u"; "zo" and "ma" are words too)', () => {
    expect(found('date', 'afspraak paspoort do 14u')).toBe('2026-03-12');
    expect(found('time', 'afspraak paspoort do 14u')).toBe('14:00');
    expect(found('date', 'wo om 9 uur graag')).toBe('2026-03-11');
    expect(found('date', 'zo 10 uur')).toBeNull();
    expect(found('date', 'ma 3 kinderen')).toBeNull();
  });

  it('finds the day, time and product of an appointment', () => {
    const text = 'ik wil morgen om 10 uur een afspraak voor een paspoort';
    expect(findInText('date', text, ctx())).toEqual({ value: '2026-03-11', display: 'woensdag 11 maart 2026' });
    expect(found('time', text)).toBe('10:00');
    expect(found('choice', text, { options: products })).toBe('paspoort');
    expect(found('number', text)).toBeNull();
    expect(found('address', text)).toBeNull();
  });

  it.each([
    ['kan ik morgen om half 11 langskomen voor een id kaart', '2026-03-11', '10:30', 'id-kaart'],
    ['Ik kom dinsdag 14-3 om 14.30 uur voor mijn identiteitskaart', '2026-03-14', '14:30', 'id-kaart'],
    ['volgende week vrijdag rond 3 uur voor een paspoort', '2026-03-20', '15:00', 'paspoort'],
    ['op 16 maart om kwart over 2', '2026-03-16', '14:15', null],
  ])('%s', (text, date, time, product) => {
    expect(found('date', text)).toBe(date);
    expect(found('time', text)).toBe(time);
    expect(found('choice', text, { options: products })).toBe(product);
  });

  it.each([
    ['de lantaarnpaal bij Kerkstraat 12 is kapot', { street: 'Kerkstraat', number: 12 }],
    ['Bij Kerkstraat 12a ligt afval', { street: 'Kerkstraat', number: 12, addition: 'A' }],
    ['de Laan van Meerdervoort 100 is donker', { street: 'Laan van Meerdervoort', number: 100 }],
    ['er ligt vuil voor Kerkstraat 12, 1234 AB Voorbeeld', { street: 'Kerkstraat', number: 12, postcode: '1234 AB', city: 'Voorbeeld' }],
    ['postcode 1234AB huisnummer 12, de stoep is kapot', { number: 12, postcode: '1234 AB' }],
    ['bij 1234 AB 5 ligt een tak', { number: 5, postcode: '1234 AB' }],
    ['de lamp op de hoek van de dorpsstraat 3 is stuk', { street: 'Dorpsstraat', number: 3 }],
  ])('finds the address in %j', (text, address) => {
    expect(found('address', text)).toEqual(address);
  });

  it.each([
    ['mijn postcode is 1234 ab', '1234 AB'],
    ['het is in 1234AB', '1234 AB'],
    ['het is in 1234-ab', '1234 AB'],
    ['Het gaat om 1234 AB', '1234 AB'],
  ])('finds the postcode in %j', (text, postcode) => {
    expect(found('postcode', text)).toBe(postcode);
  });

  it('finds contact details', () => {
    expect(found('email', 'mail mij op Jan@Example.nl graag')).toBe('jan@example.nl');
    expect(found('phone', 'bel me op 06-12345678 na vijven')).toBe('+31612345678');
    expect(found('number', 'mijn rijbewijs is bijna verlopen en ik ben 80')).toBe(80);
    expect(found('number', 'ik ben tachtig jaar')).toBe(80);
  });
});

describe('findInText: an hour said roughly', () => {
  it('is a time of day, in the evening when the message says so; a duration stays one', () => {
    expect(found('time', 'Liefst donderdagavond na het werk, 7 uur ofzo')).toBe('19:00');
    expect(found('time', 'morgen, 10 uur ongeveer')).toBe('10:00');
    expect(found('time', 'de lamp is al 3 uur ofzo uit')).toBeNull();
  });
});

describe('findInText: no false positives', () => {
  it.each([
    ['date', 'Goedemorgen, ik wil een afspraak maken'],
    ['date', 'goede morgen'],
    ['date', "ik ben 's morgens thuis"],
    ['date', 'de lamp is al 3 dagen kapot'],
    ['date', 'Kerkstraat 12-2 is donker'],
    ['date', 'ik maak me zorgen'],
    ['date', 'ik woon op 12-2'],
    ['date', 'ik heb het in een week drie keer gemeld'],
    ['time', 'de lamp is al 3 uur uit'],
    ['time', 'over een uur ben ik thuis'],
    ['time', 'om 10 lantaarnpalen te melden'],
    ['time', 'het kost 10.30 euro'],
    ['time', 'ik heb een half jaar gewacht'],
    ['time', 'ik ben 24 uur per dag bereikbaar'],
    ['postcode', 'in 2024 op straat gezet'],
    ['postcode', 'sinds 2019 en nog steeds'],
    ['postcode', 'er liggen 1500 tegels los'],
    ['housenumber', 'ik ben 45 jaar'],
    ['housenumber', 'de lamp is 12 dagen kapot'],
    ['address', 'ik woon al 12 jaar in de Kerkstraat'],
    ['address', 'ik ben onderweg 10 minuten'],
    ['address', 'de vergadering 3 keer verzet'],
    ['address', 'in de Kerkstraat 3 lantaarnpalen kapot'],
    ['address', 'de lamp in Amsterdam 12 is kapot'],
    ['address', 'op de snelweg 3 auto s'],
    ['address', 'mijn paspoort is kwijt'],
    ['address', 'het antwoord 42 klopt niet'],
    ['address', 'ik ben er over een kwartier 2 keer geweest'],
    ['address', 'ik ga naar de supermarkt 2 straten verder'],
    ['email', 'mijn e-mailadres weet ik niet'],
    ['phone', 'mijn nummer is 12345'],
    ['phone', 'het kenteken is 12-ABC-3'],
    ['number', 'de lantaarnpaal bij Kerkstraat 12 is kapot'],
    ['number', 'ik heb een vraag over afval'],
    ['number', 'ik ben 80 en mijn vrouw 78'],
    ['number', 'de lamp is al 3 dagen kapot'],
    ['number', 'mijn postcode is 1234 AB'],
    ['number', 'bel 06 12345678'],
    ['number', 'op 14 maart om 10 uur'],
  ] as [SlotType, string][])('%s in %j', (type, text) => {
    expect(found(type, text)).toBeNull();
  });

  it('needs an option named word for word, and only one', () => {
    expect(found('choice', 'ik wil iets melden', { options: categories })).toBeNull();
    expect(found('choice', 'alweer ligt die stoeptegel los', { options: categories })).toBeNull(); // "stoeptegel" is not "stoep"
    expect(found('choice', 'er ligt vuil op de stoep', { options: categories })).toBeNull(); // two options
    expect(found('choice', 'de lantarenpaal is kapot', { options: categories })).toBeNull(); // no typos in a sentence
    expect(found('choice', 'ik wil 2 dingen melden', { options: categories })).toBeNull(); // no places in a sentence
  });

  it('returns null for types it does not look for', () => {
    for (const type of ['yesno', 'text', 'location', 'attachment'] as SlotType[]) {
      expect(findInText(type, 'ja, Kerkstraat 12, morgen om 10 uur, 52.37, 4.89', ctx())).toBeNull();
    }
  });

  it('returns null when the value fails the step checks', () => {
    expect(found('date', 'het is gisteren kapot gegaan', { validate: { future: true } })).toBeNull();
    expect(found('date', 'het is sinds maandag kapot', { validate: { future: true } })).toBeNull();
    expect(found('date', 'kan ik zaterdag komen', { validate: { weekdays_only: true } })).toBeNull();
    expect(found('number', 'ik ben 12', { validate: { min: 16 } })).toBeNull();
    expect(found('date', 'kan ik morgen komen', { validate: { future: true } })).toBe('2026-03-11');
  });

  it('returns null for empty or strange text', () => {
    for (const type of ['date', 'time', 'postcode', 'housenumber', 'address', 'email', 'phone', 'choice', 'number'] as SlotType[]) {
      expect(findInText(type, '', ctx({ options: categories }))).toBeNull();
      expect(findInText(type, '🙂🙂🙂', ctx({ options: categories }))).toBeNull();
      expect(findInText(type, 'مرحبا، أريد موعدا', ctx({ options: categories }))).toBeNull();
    }
  });
});
