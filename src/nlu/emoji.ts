/**
 * WhatsApp answers are often one emoji. Before classifying, the friendly ones become the words they stand for, so
 * "👍" is thanks, not "not understood". Angry or sad emoji are left alone: one emoji is too little to hand over on.
 * A row of them ("🙏🏽🙏🏽", "😊 😊") is one word: repeated, it would outweigh the request it decorates ("ik wil een
 * afspraak 🙏🙏" is a request, not thanks). Skin tones and emoji presentation marks belong to the emoji before them.
 */
const EMOJI_WORDS: [RegExp, string][] = [
  [/(?:(?:👍|👌|🙏|✅|✔|💪|🤝)[\u{1F3FB}-\u{1F3FF}\uFE0F]*\s*)+/gu, ' bedankt '],
  [/(?:(?:😊|🙂|☺|😀|😃|😄|😁|❤|😍|🥰)[\u{1F3FB}-\u{1F3FF}\uFE0F]*\s*)+/gu, ' fijn '],
  [/(?:👋[\u{1F3FB}-\u{1F3FF}\uFE0F]*\s*)+/gu, ' hoi '],
];

export function emojiToWords(text: string): string {
  let out = text;
  for (const [re, word] of EMOJI_WORDS) out = out.replace(re, word);
  return out;
}
