/** A question of a flow: how it is asked, its options, and the context its answers are parsed in. */
import type { AskStep, Option } from '../content/types';
import { findStreetName } from '../slots';
import type { ParseContext, SlotInput, SlotType } from '../slots/types';
import type { Turn } from './context';
import type { Frame, Input } from './types';

/** How much of an offered first message the prompt quotes. */
const SUGGEST_LENGTH = 160;
/** How many of the resident's last messages may name the street a bare house number belongs to. */
const STREET_MEMORY = 4;

export function prompt(t: Turn, step: AskStep, f: Frame, prefix?: string): void {
  f.waiting = 'answer';
  // Only offer what the channel can do: the web chat has no button to share a location.
  const hint = step.type === 'address' && t.deps.sharesLocation ? t.botText('share_location') : '';
  const offered = f.declined?.includes(step.ask) ? undefined : f.suggested?.[step.ask];
  const suggest = offered ? t.botText('suggest', { text: offered.length > SUGGEST_LENGTH ? `${offered.slice(0, SUGGEST_LENGTH)}…` : offered }) : '';
  const text = [prefix, [t.text(step.prompt), hint].filter(Boolean).join(' '), suggest].filter(Boolean).join('\n\n');
  const buttons = step.type === 'choice' ? options(t, step).map((o) => ({ title: o.label, value: o.label })) : [];
  if (offered) buttons.push(t.yesNo()[0]);
  if (step.type === 'yesno') buttons.push(...t.yesNo());
  if (step.optional) buttons.push({ title: t.state.lang === 'en' ? 'Skip' : 'Overslaan', value: t.state.lang === 'en' ? 'skip' : 'overslaan' });
  t.say(text, buttons);
}

type Labelled = Option & { label: string };

/**
 * A question's options from the content, as last made: a turn reads them at several points (the answer, whether it
 * corrects an earlier one, what the message fills ahead), and making them anew each time, with an entity's
 * synonyms, was a fiftieth of what a turn allocated. Made again when a label reads differently (a language, a slot).
 */
const made = new WeakMap<AskStep, { labels: string[]; list: readonly Labelled[] }>();

/** A choice's options; with `entity:`, an option also answers to that entity's synonyms ("een losse stoeptegel"). */
export function options(t: Turn, step: AskStep): readonly Labelled[] {
  if (step.options) {
    const labels = step.options.map((o) => t.text(o.label));
    const known = made.get(step);
    if (known?.labels.every((l, i) => l === labels[i])) return known.list;
    const entity = step.entity ? t.content.entities.get(step.entity) : undefined;
    const more = (value: string) => entity?.values?.find((v) => v.value === value)?.synonyms ?? [];
    const list = step.options.map((o, i) => ({ ...o, label: labels[i], synonyms: [...(o.synonyms ?? []), ...more(o.value)] }));
    made.set(step, { labels, list });
    return list;
  }
  const list = step.options_from ? t.get(step.options_from.split('.')) : undefined;
  if (!Array.isArray(list)) return [];
  return list.map((x: { id?: unknown; value?: unknown; label?: unknown }) => ({ value: String(x.id ?? x.value), label: String(x.label ?? x.id) }));
}

export function parseContext(t: Turn, step: AskStep, opts: readonly Labelled[]): ParseContext {
  const holidays = t.content.bot.handover.office_hours?.holidays;
  const street = step.type === 'address' ? streetNamed(t) : undefined;
  const again = step.type === 'address' && (t.state.frame?.retries ?? 0) > 0;
  const question = step.type === 'yesno' ? t.text(step.prompt) : undefined;
  return { now: t.deps.now(), lang: t.state.lang, validate: step.validate, ...(holidays ? { holidays } : {}), ...(street ? { street } : {}), ...(again ? { again } : {}), ...(question ? { question } : {}), options: opts.map((o) => ({ value: o.value, label: o.label, synonyms: o.synonyms })) };
}

/** The street the resident named lately without a number ("een boom in de Meidoornstraat"). */
function streetNamed(t: Turn): string | undefined {
  const lines = t.state.transcript.filter((l) => l.from === 'resident').slice(-STREET_MEMORY).reverse();
  for (const l of lines) {
    const street = findStreetName(l.text);
    if (street) return street;
  }
  return undefined;
}

/** A question whose answer is free text (a description, a name): any words answer it, only a clear question digresses. */
export function takesAnyText(step: AskStep): boolean {
  return step.type === 'text' || step.type === 'name';
}

/** An address question also takes a shared location: residents on a phone often send that instead. */
export function answerType(step: AskStep, input: Input): SlotType {
  return step.type === 'address' && input.type === 'location' ? 'location' : step.type;
}

export function slotInput(input: Input): SlotInput {
  if (input.type === 'text') return { text: input.text };
  if (input.type === 'location') return { location: input.location };
  if (input.type === 'attachment') return { attachment: input.attachment, text: input.text };
  return {};
}

/** Phrased as a question: a question mark, or a question word first. */
/** A question anywhere in the message: "ff vragen tot hoe laat zijn jullie open? ben wat later". */
export function asksSomething(text: string): boolean {
  return text.includes('?') || isQuestion(text);
}

export function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || QUESTION_WORD_FIRST.test(text) || VERB_THEN_SUBJECT.test(text);
}

/** "Wat een storm vannacht" exclaims. */
const QUESTION_WORD_FIRST = /^\s*(?:hoe|wat(?! een\b)|wanneer|waar|waarom|welke|wie|how|what|when|where|why|which|who)\b/i;
/** "Is het …", "Kan ik …", "Do you …": a verb, then who or what it is about. "Is gestolen uit mijn auto" tells. */
const VERB_THEN_SUBJECT = /^\s*(?:kan|kun|kunt|mag|moet|is|zijn|heeft|hebben|wordt|can|may|do|does|is|are)\s+(?:ik|je|jij|u|we|wij|jullie|hij|zij|ze|het|er|dit|dat|de|een|mijn|men|iemand|i|you|we|it|there|this|that|the|a|my)\b/i;
