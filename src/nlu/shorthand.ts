/**
 * Chat shorthand and regional spellings written out before classifying, in training and in use alike, so "mn rb is
 * verlopen", "mien riebewies is verloupe" and "mijn rijbewijs is verlopen" share their features: an example written
 * one way teaches the other. Only words with one reading that are no standard Dutch or English word ("kin", "ken",
 * "hoes", "mok", "kunde", "bin", "mins" and "ouch" stay as they are). Entities see the message as typed.
 */
import { withoutEmails } from '../slots/contact';

const SHORTHAND: Record<string, string> = {
  mn: 'mijn', zn: 'zijn', ff: 'even', effe: 'even', efkes: 'even',
  pls: 'alstublieft', plz: 'alstublieft', aub: 'alstublieft', avb: 'alstublieft',
  ipv: 'in plaats van', idd: 'inderdaad', wrm: 'waarom', wnr: 'wanneer', hvl: 'hoeveel', gwn: 'gewoon',
  sws: 'sowieso', wss: 'waarschijnlijk', iem: 'iemand', nie: 'niet', k: 'ik', t: 'het', tis: 'het is',
  kheb: 'ik heb', kwil: 'ik wil', kben: 'ik ben', kweet: 'ik weet', kmoet: 'ik moet', kga: 'ik ga', kzou: 'ik zou',
  kwou: 'ik wou', kzit: 'ik zit', kzal: 'ik zal',
  vnv: 'vanavond', vnd: 'vandaag', vndg: 'vandaag', mrg: 'morgen', mrgn: 'morgen',
  rb: 'rijbewijs', rbw: 'rijbewijs', rijbew: 'rijbewijs', rijbewys: 'rijbewijs', rybewijs: 'rijbewijs', rybewys: 'rijbewijs', nr: 'nummer', str: 'straat',
  rijpas: 'rijbewijs', rijpasje: 'rijbewijs', rijpapieren: 'rijbewijs', rijdocument: 'rijbewijs',
  // Limburgs, Brabants, Gronings, Drents, Twents, Achterhoeks, Zeeuws and spoken Hollands: the common words.
  ich: 'ik', mich: 'mij', mien: 'mijn', miene: 'mijn', mienen: 'mijn', mit: 'met', neet: 'niet', nait: 'niet',
  nich: 'niet', nit: 'niet', bun: 'ben', hef: 'heeft', hebbe: 'hebben', hebbn: 'hebben', mot: 'moet',
  motte: 'moeten', mottu: 'moet je', hedde: 'heb je', zedde: 'ben je', wiej: 'wij', oons: 'ons', oonze: 'onze',
  zölf: 'zelf', zulf: 'zelf', groag: 'graag', geern: 'graag', wor: 'waar', wuur: 'waar', worum: 'waarom',
  emes: 'iemand', iemes: 'iemand', niemes: 'niemand', ummes: 'iemand', mìns: 'mens', minsen: 'mensen',
  proaten: 'praten', proatn: 'praten', proate: 'praten', prate: 'praten', belle: 'bellen', geböld: 'gebeld',
  trök: 'terug', trug: 'terug', veur: 'voor', kwaod: 'kwaad', kwoad: 'kwaad', neudig: 'nodig', nödig: 'nodig',
  kwiet: 'kwijt', kwied: 'kwijt', doon: 'doen', kriegn: 'krijgen', kriegen: 'krijgen', krieg: 'krijg',
  kriege: 'krijgen', nieje: 'nieuwe', nuuj: 'nieuwe', nuje: 'nieuwe', nij: 'nieuw', nije: 'nieuwe',
  verloupe: 'verlopen', verlopn: 'verlopen', aanvraoge: 'aanvragen', anvroagen: 'aanvragen', anvragen: 'aanvragen',
  anvroag: 'aanvraag', gemeinte: 'gemeente', gemiente: 'gemeente', gemeinde: 'gemeente', gemainte: 'gemeente',
  huus: 'huis', hoés: 'huis', stroat: 'straat', straot: 'straat', sjtraot: 'straat', riebewies: 'rijbewijs',
  riejbewies: 'rijbewijs', rijbewies: 'rijbewijs', riebewijs: 'rijbewijs', braand: 'brand', steet: 'staat',
  stiet: 'staat', langskomme: 'langskomen', kômme: 'komen', komme: 'komen',
  hae: 'hij', nörges: 'nergens', nurgens: 'nergens', kiend: 'kind', kiendje: 'kindje', sloagt: 'slaat', minske: 'mens',
  sprekke: 'spreken', sprèke: 'spreken', ain: 'een', uch: 'u', moand: 'maand', kloar: 'klaar', ophoalen: 'ophalen',
  vörrege: 'vorige', opbelle: 'opbellen',
  // More of the same, from Limburg, Groningen, Twente and the Achterhoek: words that are no standard Dutch word, or are
  // one nobody writes to a municipality (a "kier", "gain" and "moot" stay as they are).
  iech: 'ik', 'wannieë': 'wanneer', wannie: 'wanneer', bie: 'bij', vur: 'voor', nao: 'naar',
  gaon: 'gaan', koume: 'komen', langskoume: 'langskomen', vraoge: 'vragen', pesjke: 'pasje', kaertsje: 'kaartje',
  vernuje: 'vernieuwen', autorije: 'autorijden', waat: 'wat', dao: 'daar', sjtaon: 'staan', staon: 'staan',
  rouk: 'rook', oet: 'uit', bieste: 'beesten', sjuur: 'schuur', wuurt: 'wordt', greun: 'groen',
  opgehaold: 'opgehaald', 'ós': 'ons', sjteit: 'staat', steit: 'staat', sleit: 'slaat', zitte: 'zitten',
  boave: 'boven', klach: 'klacht', indiene: 'indienen', euver: 'over', onbeleef: 'onbeleefd', aaj: 'oude',
  moder: 'moeder', sjtoond: 'stond', kriesje: 'huilen', kepot: 'kapot', versjtorve: 'gestorven', ligk: 'ligt',
  kirkhof: 'kerkhof', blomme: 'bloemen', lampke: 'lampje', verdrage: 'verdragen', 'höb': 'heb', 'höbbe': 'hebben',
  gepreebeerd: 'geprobeerd', versjteis: 'verstaat', gewoen: 'gewoon', zorreg: 'zorg', allein: 'alleen',
  gemeentehoes: 'gemeentehuis', mekoar: 'elkaar', kinnen: 'kunnen',
  langskommen: 'langskomen', kommen: 'komen', lopt: 'loopt', noabers: 'buren', noaber: 'buurman', 'dörf': 'durf',
  slaopen: 'slapen', slaope: 'slapen', allenig: 'alleen', olde: 'oude', omzaagd: 'omgezaagd', waor: 'waar',
  speulden: 'speelden', 'vörrige': 'vorige', kieken: 'kijken', nargens: 'nergens', vraog: 'vraag',
  helemaol: 'helemaal', hailemoal: 'helemaal', mout: 'moet', ainlieks: 'eigenlijk', hoast: 'bijna', haost: 'bijna',
  haos: 'bijna', nieman: 'niemand', nemes: 'niemand', jonkje: 'jongetje', gaait: 'gaat',
  veul: 'veel', 'löp': 'loopt', kank: 'kan ik', moek: 'moet ik', zeun: 'zoon', deure: 'deur', daer: 'daar',
  aenvraege: 'aanvragen', jaor: 'jaar', boaven: 'boven', kearl: 'kerel', noe: 'nu', egaon: 'gegaan', heur: 'haar',
  proat: 'praat', kump: 'komt', kumt: 'komt', geet: 'gaat', sjoen: 'mooi', jao: 'ja', 'gemèènte': 'gemeente',
  heuzen: 'huizen', huuske: 'huisje', sjtoep: 'stoep', stoepe: 'stoep', lanteern: 'lantaarn',
  lanteerepaol: 'lantaarnpaal', paol: 'paal', vuulnis: 'vuilnis', dinge: 'dingen',
};

/** "m'n", "z’n", "'k" and "'t" lose their apostrophe first, then match like the rest. */
const WORD = /(?<![\p{L}\p{N}])['’‘`´]?[\p{L}]+(?:['’‘`´][\p{L}]+)?(?![\p{L}\p{N}])/gu;

/** A message that is one letter ("k", "t") is an answer like "ok", not "ik" or "het". */
const ONE_LETTER = /^[^\p{L}]*\p{L}[^\p{L}]*$/u;

/** Names for the driving licence in more than one word: "mijn roze kaart", "die roze pas", "het B-pasje". */
const PHRASES: [RegExp, string][] = [[/\broze (?:kaart|kaartje|pas|pasje|pasjes|rijpas)\b|\bb-?pas(?:je)?\b/giu, 'rijbewijs']];

/**
 * An e-mail address says who, not what: "p.hermans@example.com" split into "p", "hermans", "example" and "com" tipped
 * an appointment request towards moving one. The classifier reads the message without it (no example has one).
 */
export function expandShorthand(text: string): string {
  if (ONE_LETTER.test(text)) return text;
  const words = withoutEmails(text).replace(WORD, (word) => SHORTHAND[word.replace(/['’‘`´]/g, '').toLowerCase()] ?? word);
  return PHRASES.reduce((t, [re, to]) => t.replace(re, to), words);
}
