/** Thanks and goodbyes at the end of a message: what the resident says when they are done. */
const THANKS = 'bedankt|dank (?:je|u)(?: wel)?|dankjewel|dankuwel|thanks|thank you|thx|merci';

/** The message ends with thanks: "ok top, bedankt", "ja, dank je". */
export const THANKED = new RegExp(`\\b(?:${THANKS})[\\s.!]*$`, 'i');

/**
 * Thanks or a goodbye, and nothing else asked: "ok top, bedankt", "Helder, dan bel ik daar. Fijne dag!". It ends the
 * message ("hoor", "a lot" or an emoji may follow), so "bedankt, maar de lamp is nog steeds kapot" is not one.
 */
const CLOSING = new RegExp(
  `\\b(?:${THANKS}|fijne dag(?: nog)?|tot ziens|doei|groetjes|bye|have a (?:nice|good) day)(?: (?:hoor|a lot|so much|very much|verder|alvast))?[\\s.!\\p{Extended_Pictographic}]*$`,
  'iu',
);
const CLOSING_MAX_WORDS = 10;

export function closing(text: string): boolean {
  return CLOSING.test(text) && !text.includes('?') && text.trim().split(/\s+/).length <= CLOSING_MAX_WORDS;
}

/** "oke dankjewel hoor", "top, bedankt": an acknowledgement with thanks, which is no "yes" to "Bedoelt u …?". */
const ACKNOWLEDGING = /^\W*(?:ok[eéa]?y?|top|prima|super|helder|fijn|mooi|great|cool|perfect)\b/i;

export function acknowledgement(text: string): boolean {
  return ACKNOWLEDGING.test(text) && closing(text);
}
