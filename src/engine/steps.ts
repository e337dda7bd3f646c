/**
 * One handler per kind of step. Each does its step and says whether the flow goes on with the next step in this turn
 * (false: it waits for the resident, handed over, or ended the flow).
 */
import { resolveArg } from '../content/template';
import type { ActionStep, AskStep, BranchStep, ConfirmStep, EndStep, GotoFlowStep, HandoverStep, SayStep, Step, StepKind, StepOf } from '../content/types';
import { summaryText } from './confirm';
import type { Turn } from './context';
import { startFlow } from './flow';
import { handOver } from './handoverTurn';
import { parseSlot } from '../slots';
import { options, parseContext, prompt } from './question';
import type { Frame } from './types';

type StepHandler<K extends StepKind> = (t: Turn, f: Frame, step: StepOf<K>) => boolean | Promise<boolean>;

const HANDLERS: { [K in StepKind]: StepHandler<K> } = {
  say,
  ask,
  branch,
  action,
  confirm,
  goto_flow: gotoFlow,
  handover,
  end,
};

export function runStep(t: Turn, f: Frame, step: Step): boolean | Promise<boolean> {
  return (HANDLERS[step.kind] as StepHandler<StepKind>)(t, f, step);
}

function say(t: Turn, f: Frame, step: SayStep): boolean {
  if (!t.replaying || !f.visited?.includes(f.step)) {
    for (const text of Array.isArray(step.say) ? step.say : [step.say]) t.say(t.text(text));
    t.links(step.links);
    visit(f);
  }
  t.goNext(f, step);
  return true;
}

/** Asks the question, unless it was answered before it came up (prefilled, or in an earlier turn). */
function ask(t: Turn, f: Frame, step: AskStep): boolean {
  if (!(step.ask in f.slots) && !pickedAhead(t, f, step)) {
    prompt(t, step, f);
    return false;
  }
  // Answered already: on to the next step, or to the one its option names.
  const goto = step.options?.find((o) => o.value === f.slots[step.ask])?.goto;
  if (goto) f.step = t.indexOf(f.flow, goto);
  else t.goNext(f, step);
  return true;
}

/** A place in the list said before the list came ("de eerste graag" to the time question): taken from it now. */
function pickedAhead(t: Turn, f: Frame, step: AskStep): boolean {
  const text = f.pick;
  if (text === undefined) return false;
  f.pick = undefined;
  if (step.type !== 'choice' || !step.options_from) return false;
  const opts = options(t, step);
  const parsed = parseSlot('choice', { text }, parseContext(t, step, opts));
  if (!parsed.ok) return false;
  t.setSlot(f, step.ask, parsed.value, parsed.display);
  return true;
}

function branch(t: Turn, f: Frame, step: BranchStep): boolean {
  const hit = step.branch.find((b) => ('if' in b ? t.cond(b.if) : true));
  const target = hit && ('if' in hit ? hit.goto : hit.else);
  if (target) f.step = t.indexOf(f.flow, target);
  else t.goNext(f, step);
  return true;
}

async function action(t: Turn, f: Frame, step: ActionStep): Promise<boolean> {
  // After a correction, an action runs again only when its result went stale.
  if (t.replaying && f.visited?.includes(f.step) && !(step.result && !(step.result in f.slots))) {
    t.goNext(f, step);
    return true;
  }
  visit(f);
  const backend = t.deps.action(step.action);
  const config = t.content.bot.actions?.[step.action] ?? {};
  const ctx = { ...t.deps.actionContext(t.state), config, lang: t.state.lang, now: t.deps.now() };
  const result = backend ? await backend.run(fillIn(t, step.with), ctx).catch((e: Error) => ({ ok: false as const, error: 'exception', detail: e.message })) : { ok: false as const, error: 'unknown_action' };
  if (result.ok) {
    if (step.result) f.slots[step.result] = result.data;
    t.goNext(f, step);
    return true;
  }
  if (step.result) f.slots[step.result] = { error: result.error };
  if (step.on_error) {
    f.step = t.indexOf(f.flow, step.on_error);
    return true;
  }
  t.say(t.botText('action_failed'));
  t.state.frame = undefined;
  return false;
}

function confirm(t: Turn, f: Frame, step: ConfirmStep): boolean {
  f.waiting = 'confirm';
  t.say(summaryText(t, step), t.yesNo());
  return false;
}

async function gotoFlow(t: Turn, f: Frame, step: GotoFlowStep): Promise<boolean> {
  await startFlow(t, t.flow(step.goto_flow), undefined, t.message, fillIn(t, step.with));
  // Kept so that a change of mind about how ("doe toch maar online met DigiD") can go back to it.
  const next = t.state.frame;
  if (next && next !== f) next.parent = f;
  return false;
}

function handover(t: Turn, _f: Frame, step: HandoverStep): boolean {
  handOver(t, [step.handover], 'normal');
  return false;
}

function end(t: Turn, _f: Frame, step: EndStep): boolean {
  if (step.end !== true) t.say(t.text(step.end));
  t.links(step.links);
  t.state.frame = undefined;
  return false;
}

/** Say and action steps are done once; replaying the flow after a correction does not repeat them. */
function visit(f: Frame): void {
  if (!f.visited?.includes(f.step)) (f.visited ??= []).push(f.step);
}

/** `with:` values with their placeholders filled in; `{slot}` alone passes the slot's value itself. */
function fillIn(t: Turn, values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, resolveArg(v, (p) => t.get(p), (p) => t.show(p))]));
}
