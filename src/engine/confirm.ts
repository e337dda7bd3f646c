/** The summary at the end of a flow: "Klopt dat?", and after a no, "Wat wilt u aanpassen?". */
import { conditionRefs, parseCondition } from '../content/conditions';
import { isAsk, type AskStep, type ConfirmStep } from '../content/types';
import { defaultErrorMessage, parseSlot } from '../slots';
import type { ChoiceOption } from '../slots/types';
import { words } from '../text';
import { digress } from './answer';
import type { Turn } from './context';
import { applyCorrection } from './corrections';
import { gateOf } from './fill';
import { advance } from './flow';
import { describes } from './prefill';
import { options, parseContext, slotInput } from './question';
import { readCorrection, slotWords } from './repair';
import type { Button, Frame, Input, Understanding } from './types';

/** The summary, corrected answers marked. */
export function summaryText(t: Turn, step: ConfirmStep): string {
  t.marking = true;
  try {
    return t.text(step.confirm);
  } finally {
    t.marking = false;
  }
}

export async function answerConfirm(t: Turn, f: Frame, step: ConfirmStep, input: Input, u: Understanding | undefined): Promise<void> {
  const parsed = parseSlot('yesno', slotInput(input), { now: t.deps.now(), lang: t.state.lang });
  if (!parsed.ok && u && input.type === 'text' && (await digress(t, f, step, u, input.text))) return;
  if (!parsed.ok) {
    t.say(`${defaultErrorMessage('not_understood', 'yesno', t.state.lang)}\n\n${t.text(step.confirm)}`, t.yesNo());
    return;
  }
  f.waiting = undefined;
  if (parsed.value === true) {
    t.goNext(f, step);
    return advance(t);
  }
  if (input.type === 'text' && noMailAfterAll(t, f, input.text)) return advance(t);
  if (input.type === 'text' && (await correctDescription(t, f, step, input.text))) return;
  if (step.on_no) {
    f.step = t.indexOf(f.flow, step.on_no);
    return advance(t);
  }
  if (step.edit?.length) {
    f.waiting = 'edit';
    return t.say(t.botText('what_to_change'), editButtons(t, f, step));
  }
  t.state.frame = undefined;
  t.say(t.botText('cancelled'), t.menu());
}

/** "nee toch geen e-mail, ik zie zelf wel" to the summary: no to the question that asked for it. */
const NO_MAIL_AFTER_ALL = /\b(?:geen|no|zonder|without|hoeft geen) (?:e-?mail|mail|mailtje|updates?)\b|\b(?:e-?mail|mail) (?:hoeft|is) (?:toch )?niet\b/i;

/** The e-mail address leaves the summary, the yes before it becomes a no, and the summary is shown again. */
function noMailAfterAll(t: Turn, f: Frame, text: string): boolean {
  if (!NO_MAIL_AFTER_ALL.test(text)) return false;
  const asks = t.flow(f.flow).steps.filter(isAsk);
  const mail = asks.find((s) => s.type === 'email' && s.ask in f.slots && gateOf(s));
  const gate = mail && gateOf(mail);
  if (!mail || !gate || f.slots[gate] !== true) return false;
  t.setSlot(f, gate, false, t.state.lang === 'en' ? 'No' : 'Nee');
  delete f.slots[mail.ask];
  delete f.shown[mail.ask];
  (f.corrected ??= []).push(gate);
  return true;
}

function editChoices(t: Turn, f: Frame, step: ConfirmStep): ChoiceOption[] {
  const asks = t.flow(f.flow).steps.filter(isAsk);
  return (step.edit ?? []).map((slot) => {
    const ask = asks.find((s) => s.ask === slot)!;
    // "the description", "het adres": what residents call a question besides its label, in either language.
    return { value: slot, label: t.text(ask.label) || slot, synonyms: slotWords(ask) };
  });
}

export function editButtons(t: Turn, f: Frame, step: ConfirmStep): Button[] {
  return editChoices(t, f, step).map((c) => ({ title: c.label, value: c.label }));
}

/** Which answer to change: that question again (and the one that decides whether it is asked), then back here. */
export async function answerEdit(t: Turn, f: Frame, step: ConfirmStep, input: Input): Promise<void> {
  const parsed = parseSlot('choice', slotInput(input), { now: t.deps.now(), lang: t.state.lang, options: editChoices(t, f, step) });
  // "ja zo klopt het", "niks": nothing to change after all, so the summary stands (not a new description).
  if (!parsed.ok && input.type === 'text' && nothingToChange(input.text)) {
    f.waiting = undefined;
    t.goNext(f, step);
    return advance(t);
  }
  if (!parsed.ok && (await editByValue(t, f, step, input))) return;
  if (!parsed.ok) return t.say(t.botText('what_to_change'), editButtons(t, f, step));
  const slot = String(parsed.value);
  const steps = t.flow(f.flow).steps;
  const askIndex = (name: string) => steps.findIndex((s) => isAsk(s) && s.ask === name);
  const target = askIndex(slot);
  const when = steps[target].when;
  // "E-mailadres" after saying no to e-mail: the question that decides whether it is asked comes back first.
  const gate = when && !t.cond(when) ? conditionRefs(parseCondition(when)).map((p) => p[0]) : [];
  for (const s of [slot, ...gate]) {
    delete f.slots[s];
    delete f.shown[s];
  }
  f.returnTo = f.step;
  f.step = Math.min(target, ...gate.map(askIndex).filter((i) => i >= 0));
  f.waiting = undefined;
  await advance(t);
}

const NOTHING_TO_CHANGE = /\b(?:klopt|is goed|goed zo|prima zo|zo is het goed|niks|niets|nothing|no changes?|it'?s (?:fine|correct|right)|that'?s (?:fine|correct|right))\b/i;
const STILL_WRONG = /\b(?:klopt (?:nog )?niet|niet (?:goed|klopt)|is (?:nog )?(?:fout|verkeerd)|not (?:right|correct)|wrong)\b/i;
const NOTHING_MAX_WORDS = 6;

function nothingToChange(text: string): boolean {
  return text.trim().split(/\s+/).length <= NOTHING_MAX_WORDS && NOTHING_TO_CHANGE.test(text) && !STILL_WRONG.test(text);
}

/** The description question a resident can correct in their own words: a text question filled from a message. */
function describedAsk(t: Turn, f: Frame, step: ConfirmStep): { index: number; ask: AskStep } | undefined {
  const steps = t.flow(f.flow).steps;
  const described = (step.edit ?? []).flatMap((slot) => {
    const index = steps.findIndex((s) => isAsk(s) && s.ask === slot);
    const ask = steps[index];
    return isAsk(ask) && ask.type === 'text' && ask.prefill === 'message' ? [{ index, ask }] : [];
  });
  return described.length === 1 ? described[0] : undefined;
}

/**
 * "nee, het is het voorrangsbord dat plat ligt, niet het stopbord" to the summary: a no that says the description
 * right, recognised by a word it shares with the old one (so "nee, ik wil nog iets aanpassen" is no description).
 */
async function correctDescription(t: Turn, f: Frame, step: ConfirmStep, text: string): Promise<boolean> {
  const target = describedAsk(t, f, step);
  const { rest } = readCorrection(text);
  if (!target || !describes(rest)) return false;
  const long = (s: string) => words(s).filter((w) => w.length >= 5);
  const old = new Set(long(String(f.slots[target.ask.ask] ?? '')));
  // The whole message: the word shared may be in the old value it denies ("…, niet het stopbord").
  if (!long(text).some((w) => old.has(w))) return false;
  const parsed = parseSlot('text', { text: rest }, parseContext(t, target.ask, []));
  if (!parsed.ok) return false;
  await applyCorrection(t, f, target.ask, target.index, { value: parsed.value, display: parsed.display });
  return true;
}

/**
 * "weg of stoep eigenlijk" to "Wat wilt u aanpassen?": the new answer itself, when it fits one choice to change. A
 * whole new description ("an old mattress, a fridge and bin bags next to the container") is the new description.
 */
async function editByValue(t: Turn, f: Frame, step: ConfirmStep, input: Input): Promise<boolean> {
  const steps = t.flow(f.flow).steps;
  const editable = (step.edit ?? []).flatMap((slot) => {
    const index = steps.findIndex((s) => isAsk(s) && s.ask === slot);
    const ask = steps[index];
    return isAsk(ask) ? [{ index, ask }] : [];
  });
  const fits = editable.flatMap(({ ask, index }) => {
    if (ask.type !== 'choice' || !ask.options) return [];
    const parsed = parseSlot('choice', slotInput(input), parseContext(t, ask, options(t, ask)));
    return parsed.ok && parsed.value !== f.slots[ask.ask] ? [{ ask, index, value: parsed.value, display: parsed.display }] : [];
  });
  const text = input.type === 'text' ? input.text.trim() : '';
  const described = describedAsk(t, f, step);
  if (fits.length === 0 && described && describes(text)) {
    const { ask, index } = described;
    const parsed = parseSlot('text', { text }, parseContext(t, ask, []));
    if (parsed.ok) fits.push({ ask, index, value: parsed.value, display: parsed.display });
  }
  if (fits.length !== 1) return false;
  const [fit] = fits;
  await applyCorrection(t, f, fit.ask, fit.index, fit);
  return true;
}
