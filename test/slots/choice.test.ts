import type { ChoiceOption } from '../../src/slots/types';
import { displayOf, valueOf } from './helpers';

const categories: ChoiceOption[] = [
  { value: 'verlichting', label: 'Straatverlichting', synonyms: ['lantaarnpaal', 'lamp', 'licht'] },
  { value: 'afval', label: 'Afval', synonyms: ['vuil', 'vuilnis', 'container', 'prullenbak'] },
  { value: 'bestrating', label: 'Weg of stoep', synonyms: ['stoep', 'tegel', 'weg', 'gat'] },
  { value: 'groen', label: 'Bomen en groen', synonyms: ['boom', 'tak', 'gras', 'onkruid'] },
  { value: 'overig', label: 'Iets anders' },
];
const products: ChoiceOption[] = [
  { value: 'paspoort', label: 'Paspoort' },
  { value: 'id-kaart', label: 'ID-kaart', synonyms: ['identiteitskaart', 'idkaart', 'id kaart', 'id'] },
  { value: 'rijbewijs', label: 'Rijbewijs' },
  { value: 'uittreksel-brp', label: 'Uittreksel BRP', synonyms: ['uittreksel', 'brp', 'gba'] },
];
const reasons: ChoiceOption[] = [
  { value: 'verlopen', label: 'Het is verlopen', synonyms: ['verlopen', 'vervallen', 'ongeldig'] },
  { value: 'bijna_verlopen', label: 'Het verloopt binnenkort', synonyms: ['binnenkort', 'bijna'] },
  { value: 'kwijt', label: 'Ik ben het kwijt', synonyms: ['kwijt', 'verloren', 'vermist'] },
];
const times: ChoiceOption[] = [
  { value: '2026-03-11T10:00', label: 'wo 11 maart 10:00' },
  { value: '2026-03-11T10:30', label: 'wo 11 maart 10:30' },
  { value: '2026-03-11T11:00', label: 'wo 11 maart 11:00' },
];

describe('choice: by name', () => {
  it.each([
    ['Afval', 'afval'],
    ['afval', 'afval'],
    ['AFVAL!', 'afval'],
    ['afval', 'afval'],
    ['lantaarnpaal', 'verlichting'],
    ['de lamp is kapot', 'verlichting'],
    ['straatverlichting', 'verlichting'],
    ['iets anders', 'overig'],
    ['overig', 'overig'],
    ['Weg of stoep', 'bestrating'],
    ['er ligt vuilnis', 'afval'],
    // More of one option's words than of another's: "gras" and "tak" against "stoep".
    ['de tak ligt over het gras en half op de stoep', 'groen'],
  ])('%s → %s', (text, value) => {
    expect(valueOf('choice', text, { options: categories })).toBe(value);
  });

  it.each([
    ['ID-kaart', 'id-kaart'],
    ['id kaart', 'id-kaart'],
    ['idkaart', 'id-kaart'],
    ['identiteitskaart', 'id-kaart'],
    ['Uittreksel BRP', 'uittreksel-brp'],
    ['een uittreksel', 'uittreksel-brp'],
    ['paspoort', 'paspoort'],
  ])('%s → %s', (text, value) => {
    expect(valueOf('choice', text, { options: products })).toBe(value);
  });

  it('prefers the option named with more words', () => {
    expect(valueOf('choice', 'Het verloopt binnenkort', { options: reasons })).toBe('bijna_verlopen');
    expect(valueOf('choice', 'bijna verlopen', { options: reasons })).toBe('bijna_verlopen');
    expect(valueOf('choice', 'het is verlopen', { options: reasons })).toBe('verlopen');
    expect(valueOf('choice', 'verloren', { options: reasons })).toBe('kwijt');
  });

  it('matches accents and case loosely', () => {
    const options: ChoiceOption[] = [{ value: 'cafe', label: 'Café' }, { value: 'hotel', label: 'Hotel' }];
    expect(valueOf('choice', 'cafe', { options })).toBe('cafe');
    expect(valueOf('choice', 'CAFÉ', { options })).toBe('cafe');
  });

  it('shows the label', () => {
    expect(displayOf('choice', 'lamp', { options: categories })).toBe('Straatverlichting');
  });
});

describe('choice: typos', () => {
  it.each([
    ['lantarenpaal', 'verlichting'], // 12 letters, two edits
    ['straatverlichtng', 'verlichting'],
    ['contianer', 'afval'],
    ['vuilnsi', 'afval'], // 7 letters, one swap
    ['paspoor', 'paspoort'],
    ['rijbewys', 'rijbewijs'],
  ])('%s → %s', (text, value) => {
    const options = [...categories, ...products];
    expect(valueOf('choice', text, { options })).toBe(value);
  });

  it('does not allow typos in short words', () => {
    expect(valueOf('choice', 'gas', { options: categories })).toBe('!not_understood'); // not "gat" or "gras"
    expect(valueOf('choice', 'tek', { options: categories })).toBe('!not_understood'); // not "tak"
  });

  it('keeps a four-letter word its length: "lang" is not "langs", "lmap" is "lamp"', () => {
    const how: ChoiceOption[] = [
      { value: 'online', label: 'Online met DigiD', synonyms: ['online', 'digid'] },
      { value: 'balie', label: 'Aan de balie', synonyms: ['balie', 'langs', 'langskomen'] },
    ];
    expect(valueOf('choice', 'hoe lang moet ik dan wachten voordat ik het nieuwe heb', { options: how })).toBe('!not_understood');
    expect(valueOf('choice', 'lmap', { options: categories })).toBe('verlichting');
    expect(valueOf('choice', 'onlien', { options: how })).toBe('online');
  });
});

describe('choice: part of a label', () => {
  const edits = [
    { value: 'categorie', label: 'Soort melding' },
    { value: 'locatie', label: 'Plek' },
    { value: 'email', label: 'E-mailadres' },
  ];
  it('takes "de soort" for "Soort melding": the words that matter', () => {
    expect(valueOf('choice', 'de soort', { options: edits })).toBe('categorie');
    expect(valueOf('choice', 'het', { options: edits })).toBe('!not_understood');
  });
});

describe('choice: by place in the list', () => {
  it.each([
    ['2', 'afval'],
    ['2.', 'afval'],
    ['optie 3', 'bestrating'],
    ['nummer 1', 'verlichting'],
    ['de tweede', 'afval'],
    ['tweede', 'afval'],
    ['de 2e', 'afval'],
    ['de laatste', 'overig'],
    ['vier', 'groen'],
  ])('%s → %s', (text, value) => {
    expect(valueOf('choice', text, { options: categories })).toBe(value);
  });

  it.each([['de eerstte', 'verlichting'], ['tweeede', 'afval'], ['de laatst', 'overig']])('reads a place typed with a slip: %j → %s', (text, value) => {
    expect(valueOf('choice', text, { options: categories })).toBe(value);
  });

  it('does not choose an option said not to be wanted', () => {
    const how = [{ value: 'online', label: 'Online met DigiD', synonyms: ['online', 'digid'] }, { value: 'balie', label: 'Aan de balie', synonyms: ['balie'] }];
    expect(valueOf('choice', 'liever aan de baalie ik heb geen digid', { options: how })).toBe('balie');
    expect(valueOf('choice', 'niet online maar aan de balie', { options: how })).toBe('balie');
    expect(valueOf('choice', 'met digid graag', { options: how })).toBe('online');
  });

  it('reads English places', () => {
    expect(valueOf('choice', 'the frist one', { options: categories, lang: 'en' })).toBe('verlichting');
    expect(valueOf('choice', 'the second', { options: categories, lang: 'en' })).toBe('afval');
    expect(valueOf('choice', 'option 1', { options: categories, lang: 'en' })).toBe('verlichting');
  });

  it.each([
    ['Dan neem ik graag de eerste tijd die u noemt', 'verlichting'],
    ['Doet u maar de eerste, dat is goed', 'verlichting'],
    ['eerste pls', 'verlichting'],
    ['I will take the last one please', 'overig'],
  ])('reads a place named in a sentence: %j → %s', (text, value) => {
    expect(valueOf('choice', text, { options: categories })).toBe(value);
  });

  it.each(['ik zag het de eerste keer vorige week', 'de eerste en de tweede', 'de eerste 3'])('does not take an ordinal in a story as a place: %j', (text) => {
    expect(valueOf('choice', text, { options: categories })).toBe('!not_understood');
  });

  it('knows no place beyond the list', () => {
    expect(valueOf('choice', '6', { options: categories })).toBe('!not_understood');
    expect(valueOf('choice', '0', { options: categories })).toBe('!not_understood');
  });
});

describe('choice: buttons and time slots', () => {
  it('takes a pressed button by its value', () => {
    expect(valueOf('choice', { choice: 'afval' }, { options: categories })).toBe('afval');
    expect(valueOf('choice', { choice: 'AFVAL' }, { options: categories })).toBe('afval');
  });

  it('reads a button title typed back', () => {
    expect(valueOf('choice', 'wo 11 maart 10:30', { options: times })).toBe('2026-03-11T10:30');
    expect(displayOf('choice', 'wo 11 maart 10:30', { options: times })).toBe('wo 11 maart 10:30');
  });

  it('reads part of one label', () => {
    expect(valueOf('choice', '10:30', { options: times })).toBe('2026-03-11T10:30');
    expect(valueOf('choice', '11:00', { options: times })).toBe('2026-03-11T11:00');
  });

  it('reads a time said in a sentence or in words as the one label at that time', () => {
    expect(valueOf('choice', '11:00 is prima', { options: times })).toBe('2026-03-11T11:00');
    expect(valueOf('choice', '11 uur is prima', { options: times })).toBe('2026-03-11T11:00');
    expect(valueOf('choice', 'half 11 graag', { options: times })).toBe('2026-03-11T10:30');
    expect(valueOf('choice', '10 am works', { options: times })).toBe('2026-03-11T10:00');
    expect(valueOf('choice', 'om 12 uur', { options: times })).toBe('!not_understood');
  });
});

describe('choice: not understood', () => {
  it.each([
    ['', categories],
    ['qwerty', categories],
    ['afval bij de lamp', categories], // two options named equally
    ['boom op de stoep', categories],
    ['maart', times], // in every label
    ['is', reasons],
    ['het', reasons],
    ['afval', []],
    ['🗑️', categories],
  ] as [string, ChoiceOption[]][])('%j', (text, options) => {
    expect(valueOf('choice', text, { options })).toBe('!not_understood');
  });

  it('is not understood when two options have the same label', () => {
    const options: ChoiceOption[] = [{ value: 'a', label: 'Balie' }, { value: 'b', label: 'Balie' }];
    expect(valueOf('choice', 'balie', { options })).toBe('!not_understood');
  });

  it('is not understood without options', () => {
    expect(valueOf('choice', 'afval')).toBe('!not_understood');
  });
});
