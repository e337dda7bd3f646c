import { daysBetween, today, weekday } from './calendar';
import type { ParseContext, ParseError, SlotType, SlotValue } from './types';

/** The editor's `validate:` checks on a parsed value; undefined when it passes. */
export function validate(type: SlotType, value: SlotValue, ctx: ParseContext): ParseError | undefined {
  const v = ctx.validate;
  if (!v) return undefined;
  if (type === 'date' && typeof value === 'string') return validateDate(value, ctx);
  if (type === 'number' && typeof value === 'number') {
    if (v.min !== undefined && value < v.min) return 'too_small';
    // "geboren in 1950" when asked for an age: a year, not a count that is too big.
    if (v.max !== undefined && value > v.max) return v.max < 1900 && value >= 1900 && value <= new Date(ctx.now).getFullYear() ? 'a_year' : 'too_large';
  }
  if ((type === 'text' || type === 'name') && typeof value === 'string') return validateText(value, ctx);
  return undefined;
}

function validateDate(date: string, ctx: ParseContext): ParseError | undefined {
  const v = ctx.validate!;
  const ahead = daysBetween(today(ctx.now), date);
  if (v.future && ahead < 0) return 'in_past';
  if (v.past && ahead > 0) return 'in_future';
  if (v.max_days_ahead !== undefined && ahead > v.max_days_ahead) return 'too_far';
  const day = weekday(date);
  if (v.weekdays_only && (day === 0 || day === 6)) return 'weekend';
  if (v.weekdays_only && ctx.holidays?.includes(date)) return 'holiday';
  return undefined;
}

function validateText(text: string, ctx: ParseContext): ParseError | undefined {
  const v = ctx.validate!;
  const length = [...text].length; // emoji count as one character
  if (v.min_length !== undefined && length < v.min_length) return 'too_short';
  if (v.max_length !== undefined && length > v.max_length) return 'too_long';
  if (v.pattern && !matches(v.pattern, text)) return 'no_match';
  return undefined;
}

/** Content validation reports a broken pattern; at run time it must not stop the conversation. */
function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function matches(pattern: string, text: string): boolean {
  return compile(pattern)?.test(text) ?? true;
}

/**
 * The part of a sentence that matches a whole-answer pattern: "mijn nummer is AFS-SBB9ND" for `^AFS-…$`. The anchors
 * become word edges, so a reference inside a word does not count.
 */
export function matchInside(pattern: string, text: string): string | undefined {
  const inner = pattern.replace(/^\^(?:\\s\*)?/, '').replace(/(?:\\s\*)?\$$/, '');
  if (inner === pattern) return undefined;
  const re = compile(`(?<![\\p{L}\\p{N}])(?:${inner})(?![\\p{L}\\p{N}])`);
  return re?.exec(text)?.[0].trim() || undefined;
}
