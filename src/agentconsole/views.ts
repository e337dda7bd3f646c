/** What the console's API sends about tickets, callback tasks and undelivered messages, and the outcomes an agent can choose. */
import type { CallbackTask, QueueMessage, QueueTicket } from '../handover';
import type { OutboxItem } from '../outbox';
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
  const clean = cleanNote(note);
  if (typeof clean !== 'string') return clean;
  if (outcome === 'anders' && !clean) return { error: 'Beschrijf bij "anders" kort de uitkomst.' };
  return { text: clean ? `${outcome}: ${clean}` : outcome };
}

/** A note on one line, identifiers masked (a BSN, IBAN or card number has no place in it either); '' when absent. */
function cleanNote(note: unknown): string | { error: string } {
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE)) return { error: `Een toelichting heeft hoogstens ${MAX_NOTE} tekens.` };
  return maskIdentifiers((note ?? '').replace(/\s+/g, ' ').trim()).text;
}

/** "Afgehandeld" needs a note: what the employee did instead, for whoever looks at the message later. */
export function handledNote(note: unknown): { text: string } | { error: string } {
  const clean = cleanNote(note);
  if (typeof clean !== 'string') return clean;
  return clean ? { text: clean } : { error: 'Schrijf kort op wat u zelf hebt gedaan, bijvoorbeeld "inwoner gebeld".' };
}

/**
 * A message for another system that was given up, as a task: what it was and why it failed in plain words. Never the
 * payload or the raw error, which may hold the resident's address or details.
 */
export interface UndeliveredView {
  id: number;
  what: string;
  reference?: string;
  createdAt: string;
  failedAt?: string;
  attempts: number;
  reason: string;
}

const WHAT: Record<string, string> = {
  'email/appointment_booked': 'E-mail aan de inwoner: bevestiging van een afspraak',
  'email/appointment_rescheduled': 'E-mail aan de inwoner: afspraak verzet',
  'email/appointment_cancelled': 'E-mail aan de inwoner: afspraak geannuleerd',
  'email/report_received': 'E-mail aan de inwoner: ontvangst van een melding',
  'email/callback_requested': 'E-mail aan de inwoner: bevestiging van een terugbelverzoek',
  'signalen/melding': 'Melding naar Signalen',
  'zgw/zaak': 'Zaak naar het zaaksysteem',
  'qmatic/delete': 'Afspraak in Qmatic verwijderen',
};
const TOPIC: Record<string, string> = { email: 'E-mail aan de inwoner', signalen: 'Melding naar Signalen', zgw: 'Zaak naar het zaaksysteem', qmatic: 'Afspraak in Qmatic' };

export function undeliveredView(item: OutboxItem): UndeliveredView {
  return {
    id: item.id, what: WHAT[`${item.topic}/${item.kind}`] ?? TOPIC[item.topic] ?? `Bericht naar ${item.topic}`,
    ...(item.reference ? { reference: item.reference } : {}), createdAt: item.createdAt, ...(item.doneAt ? { failedAt: item.doneAt } : {}),
    attempts: item.attempts, reason: plainReason(item.topic, item.lastError ?? ''),
  };
}

/** Why it failed, for a KCC employee: the kind of failure, read from the error the worker kept. */
export function plainReason(topic: string, error: string): string {
  if (/not reachable|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET|timed? ?out|Greeting never received|Connection closed/i.test(error)) return 'Het systeem was niet bereikbaar, ook niet na herhaald proberen.';
  if (/no Signalen category/i.test(error)) return 'Voor deze soort melding is geen categorie in Signalen ingesteld.';
  if (/place of this melding cannot be found/i.test(error)) return 'De plek van de melding is niet te vinden en er is geen standaardplek ingesteld.';
  if (/answered 40[13]\b|Invalid login|\b535\b/i.test(error)) return 'Het systeem weigerde de inlog van Loket. Laat de beheerder de instellingen nakijken.';
  if (topic === 'email' && /recipient|\b55[0-3]\b/i.test(error)) return 'De mailserver weigert het e-mailadres van de inwoner.';
  if (topic === 'email' && /\b5\d\d\b/.test(error)) return 'De mailserver weigerde het bericht.';
  if (/answered 4\d\d\b/i.test(error)) return 'Het systeem weigerde de gegevens zoals ze waren.';
  if (/answered 5\d\d\b/i.test(error)) return 'Het systeem had een storing, ook na herhaald proberen.';
  return 'Het afleveren lukte niet.';
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
