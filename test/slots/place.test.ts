import { findPlaceInText } from '../../src/slots';
import { displayOf, valueOf } from './helpers';

describe('postcode', () => {
  it.each([
    ['1234 AB', '1234 AB'],
    ['1234ab', '1234 AB'],
    ['1234-AB', '1234 AB'],
    ['1234 - ab', '1234 AB'],
    [' 9999 zz ', '9999 ZZ'],
    ['mijn postcode is 1234 ab', '1234 AB'],
    ['1234 AB 12', '1234 AB'],
  ])('%s → %s', (text, postcode) => {
    expect(valueOf('postcode', text)).toBe(postcode);
    expect(displayOf('postcode', text)).toBe(postcode);
  });

  it.each(['0123 AB', '1234 SA', '1234 SD', '1234 ss', '123 AB', '12345 AB', '1234 A', '1234 ABC', '1234', 'AB 1234', '1234 AB of 5678 CD', '', 'postcode'])(
    '%j is not a postcode',
    (text) => {
      expect(valueOf('postcode', text)).toBe('!not_understood');
    },
  );
});

describe('house number', () => {
  it.each([
    ['12', { number: 12 }, '12'],
    ['12a', { number: 12, addition: 'A' }, '12a'],
    ['12 A', { number: 12, addition: 'A' }, '12a'],
    ['12-2', { number: 12, addition: '2' }, '12-2'],
    ['12 - 2', { number: 12, addition: '2' }, '12-2'],
    ['12 bis', { number: 12, addition: 'BIS' }, '12 bis'],
    ['12bis', { number: 12, addition: 'BIS' }, '12 bis'],
    ['12-II', { number: 12, addition: 'II' }, '12-II'],
    ['nr 12', { number: 12 }, '12'],
    ['nr. 12', { number: 12 }, '12'],
    ['huisnummer 12 a', { number: 12, addition: 'A' }, '12a'],
    ['Kerkstraat 12', { number: 12 }, '12'],
    ['1234 AB 12', { number: 12 }, '12'],
  ])('%s', (text, value, display) => {
    expect(valueOf('housenumber', text)).toEqual(value);
    expect(displayOf('housenumber', text)).toBe(display);
  });

  it.each(['', 'twaalf', '0', '012', 'geen', '12 en 14', 'abc', '123456'])('%j is not a house number', (text) => {
    expect(valueOf('housenumber', text)).toBe('!not_understood');
  });
});

describe('address', () => {
  it.each([
    ['Kerkstraat 12a', { street: 'Kerkstraat', number: 12, addition: 'A' }, 'Kerkstraat 12a'],
    ['kerkstraat 12', { street: 'Kerkstraat', number: 12 }, 'Kerkstraat 12'],
    ['Kerkstraat 12, 1234 AB Voorbeeld', { street: 'Kerkstraat', number: 12, postcode: '1234 AB', city: 'Voorbeeld' }, 'Kerkstraat 12, 1234 AB Voorbeeld'],
    ['Kerkstraat 12 1234AB', { street: 'Kerkstraat', number: 12, postcode: '1234 AB' }, 'Kerkstraat 12, 1234 AB'],
    ['1234AB 12', { number: 12, postcode: '1234 AB' }, '1234 AB, huisnummer 12'],
    ['1234 AB, 12 b', { number: 12, addition: 'B', postcode: '1234 AB' }, '1234 AB, huisnummer 12b'],
    ['12, 1234 AB', { number: 12, postcode: '1234 AB' }, '1234 AB, huisnummer 12'],
    ['1234 ab 12 voorbeeld', { number: 12, postcode: '1234 AB', city: 'Voorbeeld' }, '1234 AB Voorbeeld, huisnummer 12'],
    ['Laan van Meerdervoort 100', { street: 'Laan van Meerdervoort', number: 100 }, 'Laan van Meerdervoort 100'],
    ['het is bij de kerkstraat 12', { street: 'Kerkstraat', number: 12 }, 'Kerkstraat 12'],
    ['bij de Van Goghstraat 3', { street: 'Van Goghstraat', number: 3 }, 'Van Goghstraat 3'],
    ['Burgemeester de Withstraat 5', { street: 'Burgemeester de Withstraat', number: 5 }, 'Burgemeester de Withstraat 5'],
    ['Rokin 12', { street: 'Rokin', number: 12 }, 'Rokin 12'],
    ['Kerkstraat nr 12', { street: 'Kerkstraat', number: 12 }, 'Kerkstraat 12'],
    ['Kerkstraat 12, Den Haag', { street: 'Kerkstraat', number: 12, city: 'Den Haag' }, 'Kerkstraat 12, Den Haag'],
    ['Kerkstraat 12 in Voorbeeld', { street: 'Kerkstraat', number: 12, city: 'Voorbeeld' }, 'Kerkstraat 12, Voorbeeld'],
    ["Markt 1, 5211 JV 's-Hertogenbosch", { street: 'Markt', number: 1, postcode: '5211 JV', city: "'s-Hertogenbosch" }, "Markt 1, 5211 JV 's-Hertogenbosch"],
    // A capitalised article inside the sentence, or before a bare street noun, is part of the name.
    ['lamp kapot bij De Ruyterstraat 5', { street: 'De Ruyterstraat', number: 5 }, 'De Ruyterstraat 5'],
    ['De Dreef 4', { street: 'De Dreef', number: 4 }, 'De Dreef 4'],
    ['bij de Dreef 4', { street: 'Dreef', number: 4 }, 'Dreef 4'],
    ['De Kerkstraat 12', { street: 'Kerkstraat', number: 12 }, 'Kerkstraat 12'],
  ])('%s', (text, value, display) => {
    expect(valueOf('address', text)).toEqual(value);
    expect(displayOf('address', text)).toBe(display);
  });

  it('takes a shared location as the place', () => {
    const location = { latitude: 52.0907, longitude: 5.1214 };
    expect(valueOf('address', { location })).toEqual(location);
    expect(displayOf('address', { location })).toBe('52.0907, 5.1214');
  });

  it('shows the address in English', () => {
    expect(displayOf('address', '1234AB 12', { lang: 'en' })).toBe('1234 AB, house number 12');
  });

  it.each([
    ['op de hoek van de Kerkstraat en de Molenweg', 'Kerkstraat'],
    ['Stationsweg, tegenover de bakker', 'Stationsweg'],
    ['in de kerkstraat bij de bakker', 'Kerkstraat'],
  ])('%j is a place without a number, in the resident\'s words', (text, street) => {
    expect(valueOf('address', text)).toEqual({ street, description: text });
    expect(displayOf('address', text)).toBe(text);
  });

  it.each([
    ['Prof. v.d. Waalsstr. 9', { street: 'Prof. v.d. Waalsstr.', number: 9 }],
    ['Prof. van der Waalsstraat 9', { street: 'Prof. van der Waalsstraat', number: 9 }],
    ['J.P. Coenstraat 3', { street: 'J.P. Coenstraat', number: 3 }],
    ['bij de Kerkstr. 4', { street: 'Kerkstr.', number: 4 }],
    ['De lamp is kapot. Kerkstraat 5', { street: 'Kerkstraat', number: 5 }],
  ])('keeps abbreviations and small words in a street name: %j', (text, address) => {
    expect(valueOf('address', text)).toEqual(address);
  });

  it('reads a street typed in a hurry as the answer ("kerkwge", "lindelaaan"), not in a sentence', () => {
    expect(valueOf('address', 'kerkwge bij de kerk')).toEqual({ street: 'Kerkwge', description: 'kerkwge bij de kerk' });
    expect(valueOf('address', '7411 KT, bij het putje voor de flat')).toEqual({ postcode: '7411 KT', description: '7411 KT, bij het putje voor de flat' });
    expect(valueOf('address', '7411 KT')).toBe('!not_understood');
  });

  it('reads a street with small words before the number', () => {
    expect(valueOf('address', 'Dorpsstraat ter hoogte van nummer 14')).toEqual({ street: 'Dorpsstraat', number: 14 });
  });

  it('asks where on a street named alone, once; then takes it, or a spot on the street named before', () => {
    expect(valueOf('address', 'Kerkstraat')).toBe('!no_number');
    expect(valueOf('address', 'in de Kerkstraat')).toBe('!no_number');
    expect(valueOf('address', 'Kerkstraat', { again: true })).toEqual({ street: 'Kerkstraat', description: 'Kerkstraat' });
    expect(valueOf('address', 'bij de school', { street: 'Kerkstraat' })).toEqual({ street: 'Kerkstraat', description: 'Kerkstraat bij de school' });
    expect(valueOf('address', 'Kerkstraat bij de school')).toEqual({ street: 'Kerkstraat', description: 'Kerkstraat bij de school' });
  });

  it('reads a square written as a name ("aan de Markt", "de Grote Markt"), not the word "plein" in a sentence', () => {
    expect(valueOf('address', 'het bushokje tegenover de Albert Heijn aan de Markt')).toEqual({ street: 'Markt', description: 'het bushokje tegenover de Albert Heijn aan de Markt' });
    expect(valueOf('address', 'bij de kerk op de Grote Markt')).toEqual({ street: 'Markt', description: 'bij de kerk op de Grote Markt' });
    expect(valueOf('address', 'op de Markt')).toBe('!no_number');
    expect(valueOf('address', 'de lamp op het plein doet het niet')).toBe('!not_understood');
  });

  it('reads a number announced further on as the house number on the street before it', () => {
    expect(valueOf('address', 'Parklaan, ter hoogte van nummer 3')).toEqual({ street: 'Parklaan', number: 3 });
    expect(valueOf('address', 'on Wilhelminastraat near number 56a')).toEqual({ street: 'Wilhelminastraat', number: 56, addition: 'A' });
  });

  it('takes a spot told by its landmarks, without a street; one landmark alone only when asked again', () => {
    expect(valueOf('address', 'Het is op het fietspad langs de Vaart, tussen de brug en de kerk. Daar fiets ik elke week langs.')).toEqual({ description: 'Het is op het fietspad langs de Vaart, tussen de brug en de kerk' });
    expect(valueOf('address', 'fietsenrek bij het station, ingang noord')).toEqual({ description: 'fietsenrek bij het station, ingang noord' });
    expect(valueOf('address', 'bij de kerk', { again: true })).toEqual({ description: 'bij de kerk' });
    expect(valueOf('address', 'bij de glasbakken op het parkeerterrein van de sporthal')).toEqual({ description: 'bij de glasbakken op het parkeerterrein van de sporthal' });
    expect(valueOf('address', 'tussen de ophaalbrug en de kinderboerderij')).toEqual({ description: 'tussen de ophaalbrug en de kinderboerderij' });
    expect(valueOf('address', 'Er doen drie lampen het niet meer. Het is daar nu pikkedonker.', { again: true })).toBe('!not_understood');
  });

  it.each(['', '12', '1234 AB', 'bij de kerk', 'geen idee', 'Kerkstraat 12 en Dorpsstraat 4', '🏠', 'شارع 12'])(
    '%j is not an address',
    (text) => {
      expect(valueOf('address', text)).toBe('!not_understood');
    },
  );
});

describe('a place in a first message', () => {
  const place = (text: string) => findPlaceInText(text, 'nl')?.display;

  it('takes a street pinned by a landmark, a corner or a crossing, with the words that say where', () => {
    expect(place('Bij de glasbak op het Marktplein staan vuilniszakken naast de container')).toBe('Bij de glasbak op het Marktplein');
    expect(place('Gat in het wegdek op de Industrieweg, vlak na de rotonde. Auto’s wijken uit.')).toBe('in het wegdek op de Industrieweg, vlak na de rotonde');
    expect(place('na elke bui staat het kruispunt Torenstraat/Nieuwstraat blank')).toBe('kruispunt Torenstraat/Nieuwstraat');
  });

  it('takes no street alone, and no street word written as an ordinary word', () => {
    expect(place('er ligt afval in de Kerkstraat')).toBeUndefined();
    expect(place('de glijbaan bij de speeltuin is kapot')).toBeUndefined();
  });
});
