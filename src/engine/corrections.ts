/**
 * "nee, het is Dorpsstraat 5", "mijn achternaam is Janssen", "niet dinsdag maar woensdag", or a bare value that fits
 * an earlier question and not this one: the earlier answer changes, what depended on it is done again, and the
 * resident is back where they were. A correction naming what to change without a new value asks that question again.
 */
import { isAsk, type AskStep, type Step } from '../content/types';
import { findInText, findStreetName, formatAddress, parseSlot } from '../slots';
import type { Address, HouseNumber, Lang, SlotValue } from '../slots/types';
import { skipsByName } from './commands';
import type { Turn } from './context';
import { fillAhead } from './fill';
import { advance, replay } from './flow';
import { answerType, options, parseContext, slotInput, takesAnyText } from './question';
import { answerVariants, correctedName, names, readCorrection, RECOGNISABLE, staleAfter } from './repair';
import type { Frame, Input } from './types';

type NewValue = { value: SlotValue; display: string };

/** Whether the message corrected an earlier answer (and the flow went on from there). */
export async function correct(t: Turn, f: Frame, step: Step, input: Input, text: string): Promise<boolean> {
  const c = readCorrection(text);
  if (!c.rest && !c.mentioned) return false;
  const open = f.waiting === 'answer' && isAsk(step) ? step : undefined;
  // "no tin foto, overslaan" to the photo question skips it; it corrects nothing.
  if (open?.optional && skipsByName(text)) return false;
  if (c.mentioned && open && names(c.mentioned, open)) return false;
  const editable = f.waiting === 'confirm' && step.kind === 'confirm' ? step.edit ?? [] : [];
  const earlier = t.flow(f.flow).steps
    .map((s, i) => ({ s, i }))
    // Earlier questions only: a value kept for a later question is not corrected before it is asked.
    .filter((x): x is { s: AskStep; i: number } => isAsk(x.s) && x.i !== f.step && x.i < Math.max(f.step, f.returnTo ?? -1) && (answered(f, x.s.ask) || editable.includes(x.s.ask)))
    .reverse();
  const explicit = c.marked || c.mentioned !== undefined;
  // At the summary no question is open: "Het is Marktplein 5, niet 3. Verder klopt het." corrects, however long.
  if (!explicit && !(editable.length && !open) && fitsHere(t, open, input, text)) return false;
  // "Actually it's at Stationsplein 3" to the address question is that question's answer, said with a sigh.
  if (!c.mentioned && open && !takesAnyText(open) && fitsHere(t, open, input, text)) return false;
  // "My address is e.whitfield@kpnmail.nl": with an e-mail address in it, "adres" names no place.
  const mail = findInText('email', text, { now: t.deps.now(), lang: t.state.lang }) !== null;
  const candidates = c.mentioned
    ? earlier.filter(({ s }) => names(c.mentioned!, s) && !(mail && s.type === 'address'))
    : earlier.filter(({ s }) => RECOGNISABLE.has(s.type) || (c.marked && ['choice', 'number'].includes(s.type)));
  const source = explicit ? c.rest : text;
  for (const { s, i } of candidates) {
    const value = correctedValue(t, f, s, source, c.mentioned, explicit);
    if (value === 'ask') {
      await askAgain(t, f, s, i);
      return true;
    }
    if (!value || JSON.stringify(value.value) === JSON.stringify(f.slots[s.ask])) continue;
    // Unannounced, only a full address counts: "tak ligt op de Stationsweg" describes, it does not correct.
    if (!explicit && s.type === 'address' && (value.value as { number?: number }).number === undefined) continue;
    await applyCorrection(t, f, s, i, value, text);
    return true;
  }
  return false;
}

function answered(f: Frame, slot: string): boolean {
  return f.slots[slot] !== undefined && f.slots[slot] !== null;
}

/** Without correction words, a message stays with the open question when it answers it (or could: a description). */
function fitsHere(t: Turn, open: AskStep | undefined, input: Input, text: string): boolean {
  if (!open || takesAnyText(open)) return text.trim().split(/\s+/).length > 5;
  return parseSlot(answerType(open, input), slotInput(input), parseContext(t, open, options(t, open))).ok;
}

/** The new value for an earlier question; 'ask' when it was named but no value can be read. */
function correctedValue(t: Turn, f: Frame, s: AskStep, source: string, mentioned: string | undefined, explicit: boolean): NewValue | 'ask' | undefined {
  if (takesAnyText(s)) {
    if (!mentioned) return undefined;
    const old = String(f.slots[s.ask]);
    const name = /naam|name/.test(mentioned) ? correctedName(old, source, mentioned) : source.trim();
    const parsed = name ? parseSlot(s.type, { text: name }, parseContext(t, s, [])) : undefined;
    return parsed?.ok ? { value: parsed.value, display: parsed.display } : 'ask';
  }
  // Unannounced, only a value in a clear form counts ("om 10 uur", not a bare "1"); "Marktplein 5, niet 3" without
  // what it negates.
  if (!explicit) {
    const context = parseContext(t, s, options(t, s));
    for (const v of [source, ...answerVariants(source)]) {
      const found = findInText(s.type, v, context);
      if (found) return found;
    }
    return undefined;
  }
  const parsed = source ? parseSlot(s.type, { text: source }, parseContext(t, s, options(t, s))) : undefined;
  if (parsed?.ok) return { value: parsed.value, display: parsed.display };
  // "nee sorry, het is nummer 15", "het is niet 14, tegenover nummer 41": only the house number changes.
  for (const v of s.type === 'address' && source ? [source, ...answerVariants(source)] : []) {
    const moved = renumber(f.slots[s.ask], v, t.state.lang) ?? restreet(f.slots[s.ask], v, t.state.lang);
    if (moved) return moved;
  }
  return mentioned ? 'ask' : undefined;
}

/**
 * The corrected answer, what depended on it done again, and from `message` the answers to the questions after it
 * ("het is eigenlijk een ID-kaart. En dan graag donderdag": the day too).
 */
export async function applyCorrection(t: Turn, f: Frame, s: AskStep, index: number, v: NewValue, message?: string): Promise<void> {
  const flow = t.flow(f.flow);
  const here = Math.max(f.step, f.returnTo ?? 0);
  t.setSlot(f, s.ask, v.value, v.display);
  if (!f.corrected?.includes(s.ask)) (f.corrected ??= []).push(s.ask);
  for (const slot of staleAfter(flow, index, here, s.ask)) {
    delete f.slots[slot];
    delete f.shown[slot];
  }
  t.say(t.botText('corrected', { what: t.text(s.label) || s.ask, value: v.display }));
  f.waiting = undefined;
  f.retries = 0;
  f.step = index;
  if (message) fillAhead(t, f, message);
  await replay(t);
}

/** "mijn naam klopt niet": that question again, then back to where the resident was. */
async function askAgain(t: Turn, f: Frame, s: AskStep, index: number): Promise<void> {
  f.returnTo ??= f.step;
  delete f.slots[s.ask];
  delete f.shown[s.ask];
  f.waiting = undefined;
  f.retries = 0;
  f.step = index;
  await advance(t);
}

/**
 * "het is het Merelplein, niet de Merelstraat": a place told in words ("in de speeltuin aan de Merelstraat") on another
 * street; the resident's words stay, with the street put right. Only a street named alone, without a number.
 */
function restreet(old: unknown, text: string, lang: Lang): NewValue | undefined {
  const a = old as Address | undefined;
  const street = findStreetName(text);
  if (!a?.street || !a.description || a.number !== undefined || !street || /\d/.test(text) || !a.description.includes(a.street)) return undefined;
  const value: Address = { ...a, street, description: a.description.replace(a.street, street) };
  return { value, display: formatAddress(value, lang) };
}

/** The address with a new house number, when the text holds only a number ("nummer 15", "15a"). */
function renumber(old: unknown, text: string, lang: Lang): NewValue | undefined {
  const a = old as Address | undefined;
  // A street or a postcode ("3456 EF, huisnummer 2") keeps its place; only the number changes.
  const n = (a?.street || a?.postcode) && /^\D{0,20}\d/.test(text) ? parseSlot('housenumber', { text }, { now: new Date(0), lang }) : undefined;
  if (!a || !n?.ok) return undefined;
  const { number, addition } = n.value as HouseNumber;
  const value: Address = { ...a, number, ...(addition ? { addition } : {}) };
  if (!addition) delete value.addition;
  delete value.description;
  return { value, display: formatAddress(value, lang) };
}
