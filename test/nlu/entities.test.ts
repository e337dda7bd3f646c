import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import type { Entity } from '../../src/content/types';
import { EntityIndex } from '../../src/nlu/entities';
import { PACKAGE_ROOT } from '../../src/paths';
import { editDistance, normalize } from '../../src/text';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());
const entities = [...content.entities.values()];
const data = join(PACKAGE_ROOT, 'test', 'data');
// The frozen sets stay unread: a difference would print their messages.
const messages = readdirSync(data).filter((f) => f.endsWith('.jsonl') && !f.startsWith('frozen')).flatMap((f) =>
  readFileSync(join(data, f), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text));
const tokensOf = (text: string) => normalize(text).split(' ').filter(Boolean);

/** Every synonym against every token, as the NLU looked for entities before it had an index: the reference. */
function compareAll(list: Entity[]): (tokens: string[]) => { entity: string; value: string }[] {
  const synonyms = list.flatMap((e) => (e.values ?? []).flatMap((v) => [v.value, ...(v.synonyms ?? [])].map((s) => ({ entity: e.id, value: v.value, words: normalize(s).split(' ').filter(Boolean) }))))
    .filter((s) => s.words.length).sort((a, b) => b.words.join(' ').length - a.words.join(' ').length);
  const matches = (t: string, w: string) => t === w || (w.length >= 6 && Math.abs(t.length - w.length) <= 1 && editDistance(t, w, { max: 1 }) <= 1);
  return (tokens) => {
    const phrase = (words: string[]) => tokens.some((_, i) => i + words.length <= tokens.length && words.every((w, j) => matches(tokens[i + j], w)));
    const found: { entity: string; value: string }[] = [];
    for (const typos of [false, true]) {
      for (const s of synonyms) {
        if (found.some((f) => f.entity === s.entity)) continue;
        const joined = (w: string) => w.length >= 6 && tokens.some((t, i) => t + (tokens[i + 1] ?? '') === w && i + 1 < tokens.length);
        const hit = s.words.length > 1 ? phrase(s.words) : tokens.some((t) => (typos ? matches(t, s.words[0]) : t === s.words[0])) || (!typos && joined(s.words[0]));
        if (hit) found.push({ entity: s.entity, value: s.value });
      }
    }
    return found;
  };
}

describe('EntityIndex', () => {
  const index = new EntityIndex(entities);

  it('finds on every message of the test sets exactly what comparing with every synonym finds', () => {
    expect(messages.length).toBeGreaterThan(1000);
    const reference = compareAll(entities);
    const differ = messages.filter((m) => JSON.stringify(index.find(tokensOf(m))) !== JSON.stringify(reference(tokensOf(m))));
    expect(differ).toEqual([]);
    expect(messages.filter((m) => index.find(tokensOf(m)).length > 0).length).toBeGreaterThan(200);
  });

  it('prefers exact words to typos, and a longer synonym to a shorter one', () => {
    const list = [
      { id: 'status', values: [{ value: 'verlopen', synonyms: [] }, { value: 'kwijt', synonyms: ['verloren'] }] },
      { id: 'product', values: [{ value: 'id-kaart', synonyms: ['id kaart'] }, { value: 'kaart', synonyms: [] }] },
    ] as unknown as Entity[];
    const small = new EntityIndex(list);
    // "verloren" is a word of its own, not a typo of "verlopen"; "id kaart" beats "kaart".
    expect(small.find(tokensOf('mijn id kaart is verloren'))).toEqual([{ entity: 'status', value: 'kwijt' }, { entity: 'product', value: 'id-kaart' }]);
    expect(small.find(tokensOf('mijn kaart is verlpen'))).toEqual([{ entity: 'product', value: 'kaart' }, { entity: 'status', value: 'verlopen' }]);
  });

  it('reads two swapped letters as one typo, and a word split in two as that word', () => {
    const list = [
      { id: 'status', values: [{ value: 'verlopen', synonyms: [] }] },
      { id: 'product', values: [{ value: 'uittreksel', synonyms: [] }] },
    ] as unknown as Entity[];
    const small = new EntityIndex(list);
    expect(small.find(tokensOf('mijn pas is verlopne'))).toEqual([{ entity: 'status', value: 'verlopen' }]);
    expect(small.find(tokensOf('een af spraak voor een uit treksel'))).toEqual([{ entity: 'product', value: 'uittreksel' }]);
    expect(small.find(tokensOf('ik wil uit de trein'))).toEqual([]);
  });

  it('spells the content\'s long words right for keywords, only where the slip is not a word the bot knows', () => {
    const list = [
      { id: 'product', values: [{ value: 'rijbewijs', synonyms: ['rijbeweis', 'rijbewys'] }, { value: 'paspoort', synonyms: [] }] },
      { id: 'status', values: [{ value: 'verlopen', synonyms: [] }, { value: 'verloren', synonyms: [] }] },
    ] as unknown as Entity[];
    const small = new EntityIndex(list);
    const known = new Set(['regels', 'verloopt']);
    const spell = (text: string) => small.spell(tokensOf(text), (t) => known.has(t)).join(' ');
    expect(spell('mijn rijbewies is klaar')).toBe('mijn rijbewijs is klaar');
    expect(spell('mijn rijbeweis is gestolen')).toBe('mijn rijbewijs is gestolen');
    expect(spell('paspoorrt ophalen')).toBe('paspoort ophalen');
    // Known words stay; a slip one letter from two values ("verlopen", "verloren") is left alone.
    expect(spell('de regels en het verloopt')).toBe('de regels en het verloopt');
    expect(spell('het is verlopren')).toBe('het is verlopren');
    const same = tokensOf('niets te verbeteren hier');
    expect(small.spell(same, () => false)).toBe(same);
  });
});
