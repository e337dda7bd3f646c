import type { Lang } from '../slots/types';

const EN = new Set(['the', 'i', 'my', 'is', 'a', 'an', 'to', 'you', 'what', 'how', 'can', 'do', 'want', 'need', 'please', 'hello', 'hi',
  'thanks', 'thank', 'where', 'when', 'of', 'for', 'with', 'it', 'am', 'are', 'have', 'would', 'like', 'someone', 'person', 'your', 'this', 'there', 'speak', 'talk', 'appointment', 'driving', 'licence', 'license', 'street', 'broken',
  'report', 'problem', 'pls', 'book', 'renew', 'passport', 'lost', 'stolen', 'expired', 'rubbish', 'trash', 'garbage', 'road', 'pavement',
  'sidewalk', 'pothole', 'hey', 'about', 'just', 'got', 'any', 'which', 'will', 'should', 'could', 'something', 'anything', 'yes']);
/** English words Dutch residents use too: alone they say nothing about the language. */
const LOANS = new Set(['hi', 'hey', 'pls', 'is', 'yes', 'of']);
const NL = new Set(['de', 'het', 'een', 'ik', 'mijn', 'mn', 'is', 'wil', 'je', 'u', 'wat', 'hoe', 'kan', 'kun', 'graag', 'hallo', 'hoi',
  'bedankt', 'dank', 'waar', 'wanneer', 'van', 'voor', 'met', 'er', 'ben', 'zijn', 'heb', 'moet', 'niet', 'en', 'op', 'in', 'aan', 'dat', 'die', 'te', 'ook', 'nog', 'al', 'maar', 'om', 'bij', 'uw', 'jullie', 'ligt', 'staat',
  'goedemorgen', 'goedemiddag', 'goedenavond', 'meneer', 'mevrouw', 'geachte', 'alstublieft', 'geen', 'wel', 'mag', 'hij', 'wij', 'ons', 'onze', 'hebben', 'kunnen']);

/** Words only a Dutch message has: "afspraak paspoort do 14u" is Dutch, whatever "do" is in English. */
const NL_CONTENT = new Set(['afspraak', 'paspoort', 'rijbewijs', 'gemeente', 'melding', 'melden', 'verlengen', 'aanvragen', 'uittreksel',
  'kapot', 'verlopen', 'lantaarnpaal', 'straatlantaarn', 'stoep', 'vuilnis', 'afval', 'graag', 'morgen', 'maandag', 'dinsdag', 'woensdag',
  'donderdag', 'vrijdag', 'uur', 'kwijt', 'gestolen', 'idkaart', 'identiteitskaart']);

/**
 * English when the message is clearly English (more English than Dutch function words) and the bot speaks it; Dutch
 * when it has Dutch words; undefined when it has neither ("Parklaan 3", an e-mail address): the conversation's
 * language stays.
 */
export function detectLanguage(tokens: string[], supported: readonly Lang[]): Lang | undefined {
  if (!supported.includes('en')) return supported[0];
  let en = 0;
  let nl = 0;
  for (const t of tokens) {
    if (EN.has(t)) en++;
    if (NL.has(t)) nl++;
  }
  if (en === 0 && nl === 0) return undefined;
  // "Report something", "Pothole Kerkstraat 5": English words and no Dutch ones. "yes", "hi": loans say nothing.
  if (nl === 0 && en <= 1 && tokens.some((t) => NL_CONTENT.has(t))) return supported.includes('nl') ? 'nl' : supported[0];
  if (nl === 0) return tokens.some((t) => EN.has(t) && !LOANS.has(t)) ? 'en' : undefined;
  return en >= 2 && en > nl * 1.5 ? 'en' : supported.includes('nl') ? 'nl' : supported[0];
}

/**
 * A message in the middle of a flow changes the conversation's language only when it is plainly the other language
 * ("the bins weren't emptied this week"); short answers ("ok", "Parklaan 3", "skip") never do.
 */
export function plainly(tokens: string[], lang: Lang): boolean {
  const en = tokens.filter((t) => EN.has(t) && !NL.has(t)).length;
  const nl = tokens.filter((t) => NL.has(t) && !EN.has(t)).length;
  return lang === 'en' ? en >= 2 && nl === 0 : nl >= 3 && en === 0;
}

/**
 * Words of the languages residents most often write in besides Dutch and English (Turkish, Polish, German, French,
 * Spanish, Portuguese, Italian, Romanian), as `normalize` leaves them (without accents). None is a Dutch or English
 * word: Flemish "nie", "ne" and "merci", German "die" and "das", French "je", "pas" and "la", Italian "ciao" are left out.
 */
const OTHER = new Set([
  // Turkish
  'merhaba', 'selam', 'icin', 'istiyorum', 'istiyoruz', 'almak', 'randevu', 'nasil', 'nerede', 'lutfen', 'tesekkurler', 'tesekkur', 'ederim',
  'evet', 'hayir', 'yardim', 'bir', 've', 'benim', 'bu', 'var', 'yok', 'mi', 'iyi', 'gunler', 'kimlik', 'ehliyet', 'sokak', 'bozuk', 'cok', 'gibi', 'sonra',
  // Polish
  'dzien', 'dobry', 'chcialbym', 'chcialabym', 'chciałbym', 'chciałabym', 'prosze', 'sie', 'jest', 'czy', 'moge', 'wizyte', 'wizyta', 'sprawie', 'dziekuje',
  'dzieki', 'jak', 'mam', 'moj', 'moja', 'mojego', 'gdzie', 'kiedy', 'bardzo', 'paszport', 'dowod', 'dowodu', 'jazdy', 'ulicy', 'pomoc', 'zepsuta',
  // German
  'ich', 'mochte', 'einen', 'einem', 'eine', 'ein', 'fur', 'guten', 'bitte', 'danke', 'nicht', 'und', 'mein', 'meinen', 'meine', 'habe', 'haben', 'konnen',
  'brauche', 'sehr', 'geehrte', 'geehrter', 'reisepass', 'ausweis', 'fuhrerschein', 'strasse', 'kaputt', 'ist', 'auch', 'mit', 'zu',
  // French
  'bonjour', 'bonsoir', 'voudrais', 'veux', 'pour', 'mon', 'mes', 'une', 'un', 'suis', 'avec', 'rendez', 'vous', 'les', 'et', 'sil', 'plait', 'besoin', 'jai',
  'carte', 'identite', 'permis', 'conduire', 'rue', 'lampadaire', 'aidez', 'comment', 'quand', 'le', 'du', 'est',
  // Spanish, Portuguese, Italian
  'hola', 'quiero', 'una', 'cita', 'para', 'por', 'favor', 'gracias', 'necesito', 'el', 'los', 'las', 'que', 'como', 'donde', 'buenos', 'dias', 'tengo',
  'ayuda', 'calle', 'pasaporte', 'licencia', 'conducir', 'puedo', 'ola', 'obrigado', 'obrigada', 'quero', 'preciso', 'voce', 'bom', 'dia', 'com', 'nao',
  'sim', 'posso', 'marcar', 'passaporte', 'buongiorno', 'vorrei', 'grazie', 'sono', 'il', 'della', 'dove', 'appuntamento', 'patente',
  'passaporto', 'rinnovare',
  // Romanian
  'buna', 'vreau', 'multumesc', 'pentru', 'sunt', 'si', 'este', 'programare', 'pasaport',
]);

/**
 * Written in a language the bot does not speak: mostly in another script (Arabic, Cyrillic, Chinese, …), or with the
 * words of another language and hardly a Dutch or English one. Such a message is not "not for us": the resident
 * should hear which languages the bot reads.
 */
export function foreignLanguage(text: string, tokens: string[]): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (letters >= 4 && latin < letters / 2) return true;
  let other = 0;
  let ours = 0;
  for (const t of tokens) {
    if (OTHER.has(t)) other++;
    if (NL.has(t) || EN.has(t) || NL_CONTENT.has(t)) ours++;
  }
  return other >= 2 && other >= 3 * ours && other * 4 >= tokens.length;
}
