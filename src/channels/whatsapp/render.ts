import type { Activity, CardAction } from 'botbuilder-core';

/**
 * Loket's outgoing activities (src/channels/activity.ts outputsToActivities) as WhatsApp Cloud API messages: text,
 * reply buttons (1-3), a list (4-10) or numbered lines (more than 10). Pure: no I/O, no state.
 */

export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttonTitle: 20,
  buttonId: 256,
  buttons: 3,
  listButton: 20,
  listRows: 10,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  sectionTitle: 24,
} as const;

export type TextMessage = { type: 'text'; text: { body: string; preview_url: boolean } };
export type ButtonMessage = {
  type: 'interactive';
  interactive: { type: 'button'; body: { text: string }; action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] } };
};
export type ListMessage = {
  type: 'interactive';
  interactive: {
    type: 'list';
    body: { text: string };
    action: { button: string; sections: { title: string; rows: { id: string; title: string; description?: string }[] }[] };
  };
};
export type TemplateMessage = { type: 'template'; template: { name: string; language: { code: string } } };
/** One message body without the envelope (messaging_product, recipient_type, to). */
export type WhatsAppMessage = TextMessage | ButtonMessage | ListMessage | TemplateMessage;

export interface Rendered {
  messages: WhatsAppMessage[];
  /** Values of numbered options (more than 10 buttons): a reply "2" means values[1]. */
  numbered?: string[];
}

const LIST_BUTTON = 'Kies';
const SECTION_TITLE = 'Opties';
const SHORT_BODY = 'Kies een van deze mogelijkheden:';
const EMPTY_BODY = 'Maak een keuze.';

/** Shortens to at most `max` characters, ending in … when something was cut. Code points, not UTF-16 units. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** "[title](url)" → "title: url": WhatsApp shows bare URLs as links (preview_url), not markdown. */
export function plainLinks(text: string): string {
  return text.replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, '$1: $2');
}

/**
 * Splits a long text into pieces of at most `max` characters: at a blank line, a line break or the end of a sentence
 * when there is one in the second half of a piece, else at a space, else anywhere.
 */
export function splitText(text: string, max: number = LIMITS.text): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const min = Math.floor(max / 2);
    let cut = -1;
    for (const re of [/\n\n/g, /\n/g, /[.!?…](?=\s)/g, /\s/g]) {
      let m: RegExpExecArray | null;
      let last = -1;
      while ((m = re.exec(window))) last = m.index + (/\s/.test(m[0][0]) ? 0 : m[0].length);
      if (last >= min) {
        cut = last;
        break;
      }
    }
    if (cut <= 0) {
      cut = max;
      // never split a surrogate pair
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() || parts.length === 0) parts.push(rest);
  return parts.filter((p, i) => p.length > 0 || i === 0);
}

function textMessages(text: string): TextMessage[] {
  if (!text.trim()) return [];
  return splitText(text).map((body) => ({ type: 'text', text: { body, preview_url: true } }));
}

interface Choice { title: string; value: string }

function choicesOf(actions: CardAction[] | undefined): Choice[] {
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const a of actions ?? []) {
    const value = String(a.value ?? a.title ?? '').trim();
    const title = String(a.title ?? a.value ?? '').trim();
    if (!value || seen.has(value)) continue; // WhatsApp wants unique reply ids
    seen.add(value);
    out.push({ title: title || value, value });
  }
  return out;
}

/** The body of an interactive message: the text itself when short enough, else the text first as plain messages. */
function interactiveBody(text: string): { before: TextMessage[]; body: string } {
  if (!text.trim()) return { before: [], body: EMPTY_BODY };
  if (text.length <= LIMITS.interactiveBody) return { before: [], body: text };
  return { before: textMessages(text), body: SHORT_BODY };
}

/** One activity as WhatsApp messages. Activities that are not messages (typing, trace, delay) give none. */
export function renderActivity(activity: Partial<Activity>): Rendered {
  if (activity.type !== undefined && activity.type !== 'message') return { messages: [] };
  const text = plainLinks(activity.text ?? '');
  const choices = choicesOf(activity.suggestedActions?.actions);
  if (choices.length === 0) return { messages: textMessages(text) };

  if (choices.length <= LIMITS.buttons) {
    const { before, body } = interactiveBody(text);
    return {
      messages: [
        ...before,
        {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: body },
            action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.value.slice(0, LIMITS.buttonId), title: truncate(c.title, LIMITS.buttonTitle) } })) },
          },
        },
      ],
    };
  }

  if (choices.length <= LIMITS.listRows) {
    const { before, body } = interactiveBody(text);
    const rows = choices.map((c) => {
      const title = truncate(c.title, LIMITS.rowTitle);
      return { id: c.value.slice(0, LIMITS.rowId), title, ...(title !== c.title ? { description: truncate(c.title, LIMITS.rowDescription) } : {}) };
    });
    return {
      messages: [...before, { type: 'interactive', interactive: { type: 'list', body: { text: body }, action: { button: LIST_BUTTON, sections: [{ title: SECTION_TITLE, rows }] } } }],
    };
  }

  const lines = choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
  const numbered = `${text.trim() ? `${text.trim()}\n\n` : ''}${lines}\n\nTyp het nummer van uw keuze.`;
  return { messages: textMessages(numbered), numbered: choices.map((c) => c.value) };
}

export function templateMessage(name: string, language = 'nl'): TemplateMessage {
  return { type: 'template', template: { name, language: { code: language } } };
}
