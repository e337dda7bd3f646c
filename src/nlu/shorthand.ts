/**
 * Chat shorthand written out before classifying, in training and in use alike, so "mn rb is verlopen" and "mijn
 * rijbewijs is verlopen" share their features: an example written one way teaches the other. Only abbreviations
 * with one reading. Entities see the message as typed.
 */
const SHORTHAND: Record<string, string> = {
  mn: 'mijn', zn: 'zijn', ff: 'even', effe: 'even', efkes: 'even',
  pls: 'alstublieft', plz: 'alstublieft', aub: 'alstublieft', avb: 'alstublieft',
  ipv: 'in plaats van', idd: 'inderdaad', wrm: 'waarom', wnr: 'wanneer', hvl: 'hoeveel', gwn: 'gewoon',
  sws: 'sowieso', wss: 'waarschijnlijk', iem: 'iemand', nie: 'niet', k: 'ik', t: 'het', tis: 'het is',
  kheb: 'ik heb', kwil: 'ik wil', kben: 'ik ben', kweet: 'ik weet', kmoet: 'ik moet', kga: 'ik ga', kzou: 'ik zou',
  kwou: 'ik wou', kzit: 'ik zit', kzal: 'ik zal',
  vnv: 'vanavond', vnd: 'vandaag', vndg: 'vandaag', mrg: 'morgen', mrgn: 'morgen',
  rb: 'rijbewijs', nr: 'nummer', str: 'straat',
};

/** "m'n", "z’n", "'k" and "'t" lose their apostrophe first, then match like the rest. */
const WORD = /(?<![\p{L}\p{N}])['’‘`´]?[\p{L}]+(?:['’‘`´][\p{L}]+)?(?![\p{L}\p{N}])/gu;

/** A message that is one letter ("k", "t") is an answer like "ok", not "ik" or "het". */
const ONE_LETTER = /^[^\p{L}]*\p{L}[^\p{L}]*$/u;

export function expandShorthand(text: string): string {
  if (ONE_LETTER.test(text)) return text;
  return text.replace(WORD, (word) => SHORTHAND[word.replace(/['’‘`´]/g, '').toLowerCase()] ?? word);
}
