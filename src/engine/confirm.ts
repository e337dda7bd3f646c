/** The summary at the end of a flow: "Klopt dat?", and after a no, "Wat wilt u aanpassen?". */
import { conditionRefs, parseCondition } from '../content/conditions';
import { isAsk, type ConfirmStep } from '../content/types';
import { defaultErrorMessage, parseSlot } from '../slots';
import type { ChoiceOption } from '../slots/types';
import { digress } from './answer';
import type { Turn } from './context';
import { applyCorrection } from './corrections';
import { advance } from './flow';
import { describes } from './prefill';
import { options, parseContext, slotInput } from './question';
import { slotWords } from './repair';
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
  const described = editable.filter(({ ask }) => ask.type === 'text' && ask.prefill === 'message');
  if (fits.length === 0 && described.length === 1 && describes(text)) {
    const { ask, index } = described[0];
    const parsed = parseSlot('text', { text }, parseContext(t, ask, []));
    if (parsed.ok) fits.push({ ask, index, value: parsed.value, display: parsed.display });
  }
  if (fits.length !== 1) return false;
  const [fit] = fits;
  await applyCorrection(t, f, fit.ask, fit.index, fit);
  return true;
}
