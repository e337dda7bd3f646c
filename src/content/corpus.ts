/**
 * The crisis corpus: messages residents wrote (or that were written as residents would), each marked crisis or not and
 * whether a colleague was needed at all, for the crisis screen beside the intent classifier (src/nlu/crisisScreen.ts). JSON Lines, not YAML: tens of
 * thousands of short lines, which the YAML parser reads about twenty times slower, and which are added by copying
 * lines from a labelled set rather than written by hand.
 *
 *   {"text": "er komt rook onder de deur van de buren door", "crisis": true, "handover": true, "set": "dev193"}
 *   {"text": "ik ga dood van de hitte in jullie wachtruimte", "crisis": false, "handover": false, "set": "dev200"}
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from './diagnostics';

export interface CorpusMessage {
  text: string;
  crisis: boolean;
  /** A colleague was needed, for any reason (a crisis always needs one). */
  handover: boolean;
  /** The set it came from: cross-validation leaves whole sets out, as a new author's messages would be. */
  set?: string;
}

/** Longer lines are no chat message; they would weigh on training without teaching anything. */
const MAX_TEXT = 4000;
const NOT_AN_OBJECT = 'not a JSON object: each line is {"text": "…", "crisis": true|false, "handover": true|false}';
/**
 * Line errors reported one by one; the rest are counted. A corpus of the seventeenth session's format (no "handover")
 * would otherwise give tens of thousands of lines that all say the same.
 */
const MAX_LINE_ERRORS = 20;

/** Reads and checks the corpus; every line that is not a message is reported with its line number. */
export function readCorpus(path: string, display: string): { messages: CorpusMessage[]; hash: string; diagnostics: Diagnostic[] } {
  const data = readFileSync(path);
  const messages: CorpusMessage[] = [];
  const diagnostics: Diagnostic[] = [];
  let more = 0;
  const fail = (line: number, message: string) => {
    if (diagnostics.length < MAX_LINE_ERRORS) diagnostics.push({ file: display, line, col: 1, severity: 'error', message });
    else more++;
  };
  data
    .toString('utf8')
    // A byte-order mark, as some Windows editors write one, is no part of the first message.
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      const line = i + 1;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return void fail(line, NOT_AN_OBJECT);
      }
      const m = value as Partial<CorpusMessage> | null;
      if (typeof m !== 'object' || m === null || Array.isArray(m)) return void fail(line, NOT_AN_OBJECT);
      if (typeof m.text !== 'string' || !m.text.trim() || m.text.length > MAX_TEXT) return void fail(line, `"text" must be a message of 1 to ${MAX_TEXT} characters`);
      if (typeof m.crisis !== 'boolean') return void fail(line, '"crisis" must be true or false');
      if (typeof m.handover !== 'boolean') return void fail(line, '"handover" must be true or false (was a colleague needed, for any reason?)');
      if (m.crisis && !m.handover) return void fail(line, 'a crisis always needs a colleague: "handover" must be true');
      if (m.set !== undefined && typeof m.set !== 'string') return void fail(line, '"set" must be a name');
      messages.push({ text: m.text, crisis: m.crisis, handover: m.handover, ...(m.set ? { set: m.set } : {}) });
    });
  if (more > 0) diagnostics.push({ file: display, line: 1, col: 1, severity: 'error', message: `${more} more lines with errors like those above (npm run corpus writes every line in the right form)` });
  if (diagnostics.length === 0 && !messages.some((m) => m.crisis)) fail(1, 'the corpus has no crisis message: the screen cannot learn what danger looks like');
  if (diagnostics.length === 0 && messages.every((m) => m.crisis)) fail(1, 'the corpus has only crisis messages: the screen cannot learn what is not a crisis');
  return { messages, hash: createHash('sha256').update(data).digest('hex').slice(0, 16), diagnostics };
}
