/** What the console's API sends about tickets and callback tasks, and the outcomes an agent can choose. */
import type { CallbackTask, QueueMessage, QueueTicket } from '../handover';
import { maskIdentifiers } from '../privacy';

/** Closing a conversation: one of these, with an optional note ("anders" needs one). */
export const TICKET_OUTCOMES = ['opgelost', 'doorverwezen', 'terugbelafspraak', 'anders'] as const;
/** Closing a callback request. */
export const CALLBACK_OUTCOMES = ['teruggebeld', 'niet bereikt', 'doorverwezen', 'anders'] as const;
const MAX_NOTE = 400;

export interface TicketView {
  id: number;
  status: QueueTicket['status'];
  priority: QueueTicket['priority'];
  reasons: QueueTicket['reasons'];
  /** What the bot saw: per reason the signal, the words and how sure the classifier was. */
  evidence: NonNullable<QueueTicket['evidence']>;
  channel: string;
  lang: string;
  flow?: string;
  flowTitle?: string;
  slots: Record<string, string>;
  createdAt: string;
  /** Seconds since the handover by the server's clock; the page counts on from there. */
  waitingSeconds: number;
  assignedAt?: string;
  agent?: string;
  mine: boolean;
  closedAt?: string;
  outcome?: string;
  lastResidentAt?: string;
  /** The resident's last words, shortened: enough to choose which conversation to take. */
  preview?: string;
}

export function ticketView(t: QueueTicket, messages: QueueMessage[], me: string, now: Date, flowTitle?: string): TicketView {
  const last = [...messages].reverse().find((m) => m.from === 'resident');
  return {
    id: t.id, status: t.status, priority: t.priority, reasons: t.reasons, evidence: t.evidence ?? [], channel: t.channel, lang: t.lang,
    ...(t.flow ? { flow: t.flow } : {}), ...(flowTitle ? { flowTitle } : {}), slots: t.slots, createdAt: t.createdAt,
    waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(t.createdAt)) / 1000)),
    ...(t.assignedAt ? { assignedAt: t.assignedAt } : {}), ...(t.agent ? { agent: t.agent.name } : {}), mine: t.agent?.username === me,
    ...(t.closedAt ? { closedAt: t.closedAt } : {}), ...(t.outcome ? { outcome: t.outcome } : {}),
    ...(t.lastResidentAt ? { lastResidentAt: t.lastResidentAt } : {}), ...(last ? { preview: shorten(last.text, 140) } : {}),
  };
}

export function callbackView(t: CallbackTask): Omit<CallbackTask, 'botId' | 'conversationId'> {
  const { botId: _bot, conversationId: _conversation, ...view } = t;
  return view;
}

/**
 * The outcome as stored: the choice, then the note. Returns an error text (Dutch) when the choice is not one of
 * `choices` or "anders" comes without a note.
 */
export function outcomeText(choices: readonly string[], outcome: unknown, note: unknown): { text: string } | { error: string } {
  if (typeof outcome !== 'string' || !choices.includes(outcome)) return { error: `Kies een uitkomst: ${choices.join(', ')}.` };
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE)) return { error: `Een toelichting heeft hoogstens ${MAX_NOTE} tekens.` };
  // A BSN, IBAN or card number has no place in a note either.
  const clean = maskIdentifiers((note ?? '').replace(/\s+/g, ' ').trim()).text;
  if (outcome === 'anders' && !clean) return { error: 'Beschrijf bij "anders" kort de uitkomst.' };
  return { text: clean ? `${outcome}: ${clean}` : outcome };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
