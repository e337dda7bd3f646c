/**
 * WhatsApp answers are often one emoji. Before classifying, the friendly ones become the words they stand for, so
 * "👍" is thanks, not "not understood". Angry or sad emoji are left alone: one emoji is too little to hand over on.
 */
const EMOJI_WORDS: [RegExp, string][] = [
  [/👍|👌|🙏|✅|✔️?|💪|🤝/gu, ' bedankt '],
  [/😊|🙂|☺️?|😀|😃|😄|😁|❤️?|😍|🥰/gu, ' fijn '],
  [/👋/gu, ' hoi '],
];

export function emojiToWords(text: string): string {
  let out = text;
  for (const [re, word] of EMOJI_WORDS) out = out.replace(re, word);
  return out;
}
