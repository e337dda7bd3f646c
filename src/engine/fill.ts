/** One message that answers more than the open question: the questions after it (fill ahead) or before it (fill behind). */
import { isAsk, type AskStep, type Step } from '../content/types';
import { findInText } from '../slots';
import { saysNoMail, saysNoPhoto } from './commands';
import type { Turn } from './context';
import { prefillSlots } from './prefill';
import { noTimePreference, RECOGNISABLE, staleAfter } from './repair';
import type { Frame } from './types';

/** "dinsdag om 10 uur" to the day question also answers the time question after it; returns how many it filled. */
export function fillAhead(t: Turn, f: Frame, text: string, opts: { choices?: boolean } = {}): number {
  if (!text) return 0;
  const steps = t.flow(f.flow).steps;
  const step = steps[f.step];
  if (step?.kind === 'ask' && step.type === 'date') anyTime(t, f, step.ask, text);
  const ctx = { now: t.deps.now(), lang: t.state.lang };
  // Prefill steps, e-mail or phone questions ("ja graag, naar an@example.nl") and fixed choices ("52, en het liefst
  // online"): their values are clear in a sentence. A text question never takes another answer's words.
  const later = steps
    .slice(f.step + 1)
    .filter(isAsk)
    .filter((s) => s.type !== 'text' && (s.prefill || ['email', 'phone'].includes(s.type) || s.options) && !(s.ask in f.slots) && (opts.choices !== false || s.type !== 'choice'));
  const filled = prefillSlots(later.map((s) => ({ ...s, prefill: true })), [], text, ctx, t.content.entities);
  for (const p of filled) {
    t.setSlot(f, p.slot, p.value, p.display);
    impliedYes(t, f, later.find((s) => s.ask === p.slot)!);
  }
  return filled.length + noPhotoAhead(t, f, steps.slice(f.step + 1), text) + noMailAhead(t, f, steps.slice(f.step + 1), text);
}

/** "de lamp knippert, geen foto, geen mail nodig": no to the question whose yes asks for the e-mail address. */
function noMailAhead(t: Turn, f: Frame, later: readonly Step[], text: string): number {
  if (!saysNoMail(text)) return 0;
  const asks = later.filter(isAsk);
  const gate = asks.find((s) => s.type === 'yesno' && !(s.ask in f.slots) && asks.some((e) => e.type === 'email' && gateOf(e) === s.ask));
  if (!gate) return 0;
  t.setSlot(f, gate.ask, false, t.state.lang === 'en' ? 'No' : 'Nee');
  return 1;
}

/** "de lamp is al een week uit, geen foto, en mail mag naar …": the photo question after it is answered too. */
function noPhotoAhead(t: Turn, f: Frame, later: readonly Step[], text: string): number {
  const photo = later.filter(isAsk).find((s) => s.type === 'attachment' && s.optional && !(s.ask in f.slots));
  if (!photo || !saysNoPhoto(text)) return 0;
  t.setSlot(f, photo.ask, null, '');
  return 1;
}

/**
 * "heb ik niet" to "U schreef al: …. Klopt dat?": a skip that does not fit the offer answers the next optional
 * question (the photo), which the resident expected instead.
 */
export function skipNextOptional(t: Turn, f: Frame): void {
  const next = t.flow(f.flow).steps.slice(f.step + 1).filter(isAsk).find((s) => !(s.ask in f.slots));
  if (next?.optional) t.setSlot(f, next.ask, null, '');
}

/** "donderdag, het tijdstip maakt niet uit": the optional time question after the day is answered too. */
export function anyTime(t: Turn, f: Frame, dateSlot: string, text: string): void {
  if (!noTimePreference(text)) return;
  const steps = t.flow(f.flow).steps;
  const time = steps.slice(f.step + 1).filter(isAsk).find((s) => s.type === 'time' && s.optional && !(s.ask in f.slots));
  if (time && steps.findIndex((s) => isAsk(s) && s.ask === dateSlot) === f.step) t.setSlot(f, time.ask, null, '');
}

/** An answer to the question that only comes after a yes ("ja" to e-mail, then the address) gives that yes. */
function impliedYes(t: Turn, f: Frame, filled: AskStep): void {
  const gate = gateOf(filled);
  const step = gate && t.flow(f.flow).steps.find((s) => isAsk(s) && s.ask === gate && s.type === 'yesno');
  if (step && !(gate in f.slots)) t.setSlot(f, gate, true, t.state.lang === 'en' ? 'Yes' : 'Ja');
}

/**
 * "vandaag na 2 uur" to the time question also changes the day given before, when nothing depends on that day yet
 * (with free times already shown, a new day is a correction of its own).
 */
export function fillBehind(t: Turn, f: Frame, text: string): void {
  const flow = t.flow(f.flow);
  const ctx = { now: t.deps.now(), lang: t.state.lang };
  flow.steps.slice(0, f.step).forEach((s, i) => {
    if (!isAsk(s) || !s.prefill || !RECOGNISABLE.has(s.type) || f.slots[s.ask] === undefined || staleAfter(flow, i, f.step, s.ask).length) return;
    const found = findInText(s.type, text, { ...ctx, validate: s.validate });
    if (!found || JSON.stringify(found.value) === JSON.stringify(f.slots[s.ask])) return;
    t.setSlot(f, s.ask, found.value, found.display);
    if (!f.corrected?.includes(s.ask)) (f.corrected ??= []).push(s.ask);
    t.say(t.botText('corrected', { what: t.text(s.label) || s.ask, value: found.display }));
  });
}

/** The yes/no question a step depends on (`when: "contact == true"`). */
export function gateOf(step: AskStep): string | undefined {
  return /^\s*(\w+)\s*==\s*true\s*$/.exec(step.when ?? '')?.[1];
}
