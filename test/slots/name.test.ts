import { nameFrom } from '../../src/slots';
import { found, valueOf } from './helpers';

describe('name: the answer to "Wat is uw naam?"', () => {
  it.each([
    ['Jan de Vries', 'Jan de Vries'],
    ['mijn naam is Jan de Vries', 'Jan de Vries'],
    ['Ja hoor, ik ben Fatima Ouali', 'Fatima Ouali'],
    ['naam: Ria de Boer, graag', 'Ria de Boer'],
    ['ik heet Kees', 'Kees'],
    ["Hi, I'm Sam Carter, thanks", 'Sam Carter'],
    ['my name is Anna Baker', 'Anna Baker'],
    ['jan', 'jan'],
    // The e-mail address or phone number after it in the same answer is not part of the name.
    ['Jan de Vries, jan@example.nl', 'Jan de Vries'],
    ['markus weber komma markus apenstaartje example punt com', 'markus weber'],
    ['Markus Weber, markus apenstaartje example punt com, graag', 'Markus Weber'],
    ['Els Bos 06 12345678', 'Els Bos'],
  ])('%j → %j', (text, name) => {
    expect(valueOf('name', text)).toBe(name);
  });

  it('keeps the editor\'s length checks', () => {
    expect(valueOf('name', 'mijn naam is J', { validate: { min_length: 2 } })).toBe('!too_short');
    expect(valueOf('name', '   ')).toBe('!not_understood');
    expect(valueOf('name', 'ja')).toBe('!not_understood');
  });
});

describe('name: given before it is asked', () => {
  it('is found when it is announced, up to a comma, an e-mail address or the next clause', () => {
    expect(found('name', 'Graag een afspraak voor een paspoort woensdag, naam Ria de Boer, ria.deboer@example.nl')).toBe('Ria de Boer');
    expect(found('name', 'I need an ID card. My name is Anna Kowalski, email anna@example.com')).toBe('Anna Kowalski');
    expect(found('name', 'mijn naam is Jan van der Berg en mijn mail is jan@example.nl')).toBe('Jan van der Berg');
  });

  it('is found on a line of its own in a list', () => {
    expect(found('name', 'Paspoort\nDinsdag 17 maart om 13:30\nMarleen Visser\nmarleen.visser@example.com')).toBe('Marleen Visser');
  });

  it('is not found in words that only look like it', () => {
    expect(found('name', 'een afspraak op naam van mijn vader')).toBeNull();
    expect(found('name', 'ik ben 75 en mijn rijbewijs verloopt')).toBeNull();
    expect(found('name', 'Paspoort\nmorgen\nom 10 uur')).toBeNull();
  });
});

describe('name: a corrected name keeps its small words', () => {
  it('starts at the first capital and keeps "de", "van der"', () => {
    expect(nameFrom('het moet Ria de Boers zijn'.split(' '), new Set())).toBe('Ria de Boers');
    expect(nameFrom('Sorry het is Jan van der Berg'.split(' '), new Set(['sorry']))).toBe('Jan van der Berg');
  });
});
