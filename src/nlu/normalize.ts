/** Lower case, no accents (é → e), emoji and punctuation as spaces: the form keywords and duplicates are compared in. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}@.\-/:+]+/gu, ' ')
    .replace(/(?<!\d)[.:/](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
