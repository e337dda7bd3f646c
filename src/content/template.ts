/** `{slot}`, `{slot.field}`, `{facts.name}` and `{bot.name}` in texts. */
const PLACEHOLDER = /\{([A-Za-z_][\w.]*)\}/g;

export function templateRefs(text: string): string[][] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1].split('.'));
}

/**
 * Fills in placeholders; `show` turns a value into resident-facing text (unknown values become empty). A value that
 * starts like a sentence ("'s Ochtends", a button label) is written "'s ochtends" in the middle of one.
 */
export function render(text: string, show: (path: string[]) => string | undefined): string {
  return text.replace(PLACEHOLDER, (_, ref: string, at: number) => {
    const value = show(ref.split('.')) ?? '';
    return midSentence(text, at) ? value.replace(/^(['’]s )(\p{Lu})/u, (_m, s: string, c: string) => s + c.toLowerCase()) : value;
  });
}

function midSentence(text: string, at: number): boolean {
  return !/(?:^|[.!?:\n])\s*$/.test(text.slice(0, at));
}

/** `{slot}` alone passes the raw value (an object stays an object) when filling action arguments. */
export function resolveArg(value: unknown, get: (path: string[]) => unknown, show: (path: string[]) => string | undefined): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\{([A-Za-z_][\w.]*)\}$/.exec(value);
  if (whole) return get(whole[1].split('.'));
  return render(value, show);
}
