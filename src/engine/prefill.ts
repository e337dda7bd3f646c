import { inLanguage, isAsk, type AskStep, type Entity, type Step } from '../content/types';
import { earliestDate, findInText, findPlaceInText } from '../slots';
import type { Lang } from '../slots/types';
import { stripApostrophes } from '../text';
import { noTimePreference } from './repair';
import type { Understanding } from './types';

export interface Prefill { slot: string; value: unknown; display: string }

/** "ik wil een melding maken over een tak" asks; "er ligt een grote tak op het fietspad" tells what is wrong. */
const ASKS = /\b(?:melden|melding|meld|report|reporting|doorgeven|ik wil|ik wou|ik zou|wil graag|kan ik|hoe kan|waar kan|i want|i would like|id like|i wish|can i|how do i)\b/i;
const DESCRIBES_MIN_WORDS = 5;

/** The first message offered as the answer to a text question with `prefill: message`, when it describes. */
export function suggestion(step: AskStep, text: string): string | undefined {
  if (step.prefill !== 'message' || step.type !== 'text') return undefined;
  // "I would like to report that a tree is leaning": the request, then what is wrong.
  const that = REPORT_THAT.exec(text)?.[1]?.trim();
  if (that && wordCount(that) >= DESCRIBES_MIN_WORDS - 1) return that;
  if (describes(text) && !CONTACT.test(text)) return text.trim();
  // "ik wil een melding maken over de speeltuin. De schommel is kapot", "ik wou iets melden want de lamp is stuk":
  // the parts that are not the request, nor the resident's e-mail address or a bare postcode (asked for apart).
  // "want" is Dutch for because, unless "I want" or "we want" says it in English. A dot or colon inside a word
  // ("rob.mulder@example.nl", "10:30") splits nothing.
  const parts = text.split(/[,;!?\n]+|[.:](?=\s|$)|(?<!\b(?:i|we|you|they)\s+)\bwant\b|\b(?:omdat|aangezien|because|since)\b/i).map((c) => c?.trim()).filter(Boolean);
  const told = parts.filter((c) => !ASKS.test(stripApostrophes(c)) && !GREETING.test(c) && !CONTACT.test(c) && !BARE_POSTCODE.test(c) && !FORM_LABEL.test(c));
  const rest = told.join(', ');
  return told.length < parts.length && wordCount(rest) >= DESCRIBES_MIN_WORDS - 1 ? rest : undefined;
}

const CONTACT = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const BARE_POSTCODE = /^[1-9]\d{3}\s?[a-z]{2}$/i;
/** A message typed as a form ("Soort: graffiti", "Adres: …"): the labels say nothing. */
const FORM_LABEL = /^(?:soort|categorie|adres|plek|locatie|waar|wat|naam|e-?mail|mail|telefoon|type|category|address|location|place|name|phone)$/i;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const GREETING = /^(?:hoi|hallo|hey|hi|hello|goedemorgen|goedemiddag|goedenavond|goeiedag|goeiemorgen|dag|beste|geachte .*|good (?:morning|afternoon|evening)|dear .*|melding|report|u spreekt met .*|met .*|this is .*|you are speaking (?:to|with) .*)$/i;

const REPORT_THAT = /\b(?:melden|doorgeven|report|let you know|tell you)\s+(?:dat|that)\s+(.+)$/is;

/** Five words or more, and not only the request to report: the message says what is wrong. */
export function describes(text: string): boolean {
  const t = text.trim();
  return t.split(/\s+/).length >= DESCRIBES_MIN_WORDS && !ASKS.test(stripApostrophes(t));
}

const SOON = /\b(?:zo (?:snel|spoedig|vlug|gauw) (?:als )?mogelijk|zsm|asap|as soon as possible)\b/i;

/** "een afspraak voor een uittreksel, zo snel mogelijk graag": the day question is answered with the first free day. */
function soonest(step: AskStep, text: string, ctx: { now: Date; lang: Lang }): { value: unknown; display: string } | undefined {
  return step.type === 'date' && SOON.test(text) ? earliestDate({ ...ctx, validate: step.validate }) : undefined;
}

/** "een ID-kaart, zo snel mogelijk, tijd maakt me niet uit": the optional time question is answered: no wish. */
function noTimeWish(step: AskStep, text: string): { value: unknown; display: string } | undefined {
  return step.type === 'time' && step.optional && noTimePreference(text) ? { value: null, display: '' } : undefined;
}

/** "graffiti op het bushokje bij de Stationsweg, tegenover de Albert Heijn": the place, without a house number. */
function pinnedPlace(step: AskStep, text: string, lang: Lang): { value: unknown; display: string } | undefined {
  return step.type === 'address' ? findPlaceInText(text, lang) : undefined;
}

/**
 * Answers the resident already gave in the message that started the flow ("de lantaarnpaal bij Kerkstraat 12 is
 * kapot"): from NLU entities (`entity:`) and from values found in the text (`prefill: true`).
 */
export function prefillSlots(steps: readonly Step[], found: Understanding['entities'], text: string, ctx: { now: Date; lang: Lang }, entities: Map<string, Entity>): Prefill[] {
  const out: Prefill[] = [];
  for (const step of steps.filter(isAsk)) {
    if (out.some((p) => p.slot === step.ask)) continue;
    const fromEntity = step.entity ? found.find((e) => e.entity === step.entity) : undefined;
    const option = fromEntity && step.options?.find((o) => o.value === fromEntity.value);
    if (option) {
      out.push({ slot: step.ask, value: option.value, display: inLanguage(option.label, ctx.lang) });
      continue;
    }
    if (fromEntity && !step.options && entities.has(step.entity!)) {
      out.push({ slot: step.ask, value: fromEntity.value, display: fromEntity.value });
      continue;
    }
    if (step.prefill === 'message') continue; // offered, not filled in: see suggestion()
    if (step.prefill && text) {
      const options = step.options?.map((o) => ({ value: o.value, label: typeof o.label === 'string' ? o.label : o.label.nl, synonyms: o.synonyms }));
      const found = findInText(step.type, text, { ...ctx, options, validate: step.validate }) ?? soonest(step, text, ctx) ?? noTimeWish(step, text) ?? pinnedPlace(step, text, ctx.lang);
      if (found) out.push({ slot: step.ask, value: found.value, display: found.display });
    }
  }
  return out;
}
