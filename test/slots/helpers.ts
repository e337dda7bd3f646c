import { findInText, parseSlot } from '../../src/slots';
import type { ParseContext, ParseResult, SlotInput, SlotType, SlotValue } from '../../src/slots/types';

/** Tuesday 10 March 2026, 10:00 in Amsterdam. */
export const NOW = new Date('2026-03-10T10:00:00+01:00');

export function ctx(extra: Partial<ParseContext> = {}): ParseContext {
  return { now: NOW, lang: 'nl', ...extra };
}

export function parse(type: SlotType, input: string | SlotInput, extra: Partial<ParseContext> = {}): ParseResult {
  return parseSlot(type, typeof input === 'string' ? { text: input } : input, ctx(extra));
}

/** The parsed value, or the error code as a string prefixed with "!" so one `toEqual` covers both. */
export function valueOf(type: SlotType, input: string | SlotInput, extra: Partial<ParseContext> = {}): SlotValue | string {
  const r = parse(type, input, extra);
  return r.ok ? r.value : `!${r.error}`;
}

export function displayOf(type: SlotType, input: string | SlotInput, extra: Partial<ParseContext> = {}): string {
  const r = parse(type, input, extra);
  return r.ok ? r.display : `!${r.error}`;
}

export function found(type: SlotType, text: string, extra: Partial<ParseContext> = {}): SlotValue | null {
  return findInText(type, text, ctx(extra))?.value ?? null;
}
