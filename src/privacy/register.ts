/**
 * The register of personal data: every table Loket keeps, where it lives, how long its rows are kept and how they
 * are found for a resident's access or erasure request. One place, so the processing register in docs/privacy.md,
 * the purge and `loket privacy export|erase` cannot drift apart; a test fails for a table that is in neither list.
 */
import type { DataKind } from './retention';

/** The bot's own SQLite file, or the server's store (state.sqlite, or PostgreSQL shared by every instance). */
export type Place = 'bot' | 'shared';

/** How a table stores a conversation: Loket's key (`directline:abc`, `whatsapp:3161…`) is kept in another form. */
export interface ConversationColumn {
  column: string;
  /** The stored value for a conversation key; undefined when this table cannot hold that conversation. */
  stored(key: string, botId: string): string | undefined;
  /** Loket's key for a stored value. */
  key(stored: string, botId: string): string;
}

export interface PersonalTable {
  table: string;
  place: Place;
  /** What is in it and why, as the processing register says. */
  holds: string;
  /** The retention that applies, or a fixed number of milliseconds for technical data. */
  kept: DataKind | { fixedMs: number };
  /** A second retention for some of its rows: the second parameter in `expired`. */
  keptToo?: DataKind;
  /** Rows past retention; the parameter is the cutoff (an ISO time, or a YYYY-MM-DD date with `cutoffDate`), two with `keptToo`. */
  expired: string;
  cutoffDate?: boolean;
  /** Kept for statistics with these columns cleared (an UPDATE's SET clause); without it rows are deleted. */
  anonymise?: string;
  /** Only this bot's rows, in a table several bots share. */
  botColumn?: string;
  /** Rows of the bot in a table keyed by a prefix (botbuilder's storage). */
  botPrefix?: (botId: string) => { column: string; prefix: string };
  conversation?: ConversationColumn;
  reference?: string;
  /** Columns that hold exactly an e-mail address or a phone number (E.164). */
  contact?: string[];
  /** Text columns searched for a contact detail (transcripts, descriptions, JSON). */
  mentions?: string[];
  /** Rows in other tables that belong to one row here, deleted and exported with it. */
  children?: { table: string; column: string; parent: string }[];
}

const same: Pick<ConversationColumn, 'stored' | 'key'> = { stored: (k) => k, key: (v) => v };
const column = (name: string): ConversationColumn => ({ column: name, ...same });
const DIRECT_LINE = 'directline:';
const WHATSAPP = 'whatsapp:';
/** A WhatsApp conversation is stored as the resident's wa_id (their number). */
const whatsAppNumber: ConversationColumn = { column: 'wa_id', stored: (k) => (k.startsWith(WHATSAPP) ? k.slice(WHATSAPP.length) : undefined), key: (v) => `${WHATSAPP}${v}` };
const storageKey = (botId: string) => `loket/${botId}/conversations/`;

export const PERSONAL_TABLES: PersonalTable[] = [
  // ---- the server's store (shared by every instance on PostgreSQL)
  {
    table: 'conversation_state', place: 'shared', kept: 'conversations', botColumn: 'bot_id',
    holds: 'conversation state with the transcript (last 200 lines) and the answers given (slots)',
    expired: 'updated_at < ?', conversation: column('conversation_id'), mentions: ['state'],
  },
  {
    table: 'storage', place: 'shared', kept: 'conversations',
    holds: 'conversation state with the transcript and answers, on SQLite (botbuilder Storage)',
    expired: 'updated_at < ?', botPrefix: (b) => ({ column: 'key', prefix: storageKey(b) }),
    conversation: { column: 'key', stored: (k, b) => `${storageKey(b)}${k}`, key: (v, b) => v.slice(storageKey(b).length) }, mentions: ['value'],
  },
  {
    table: 'directline_conversations', place: 'shared', kept: 'conversations', botColumn: 'bot_id',
    holds: 'web chat conversations (Direct Line): the resident\'s chosen user id and name, and every activity',
    expired: 'COALESCE(updated_at, created_at) < ?',
    conversation: { column: 'id', stored: (k) => (k.startsWith(DIRECT_LINE) ? k.slice(DIRECT_LINE.length) : undefined), key: (v) => `${DIRECT_LINE}${v}` },
    children: [{ table: 'directline_activities', column: 'conversation_id', parent: 'id' }, { table: 'directline_inbox', column: 'conversation_id', parent: 'id' }],
  },
  // ---- the bot's own database
  {
    table: 'conversation_routes', place: 'bot', kept: 'conversations', botColumn: 'bot_id',
    holds: 'how to reach a conversation again (channel account ids, such as a WhatsApp number)',
    expired: 'updated_at < ?', conversation: column('conversation'),
  },
  {
    table: 'whatsapp_conversations', place: 'bot', kept: 'conversations', botColumn: 'bot_id',
    holds: 'per WhatsApp number: when the resident last wrote (the 24-hour window), the options shown, messages waiting for the window',
    expired: 'updated_at < ?',
    conversation: whatsAppNumber,
    mentions: ['pending_json'],
  },
  {
    table: 'reports', place: 'bot', kept: 'reports', botColumn: 'bot_id',
    holds: 'meldingen: category, place, description, photo link, name, e-mail, phone',
    expired: "created_at < ? AND (description <> '' OR name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR photo_json IS NOT NULL)",
    anonymise: "description = '', location_json = 'null', photo_json = NULL, name = NULL, email = NULL, phone = NULL, conversation_id = NULL",
    conversation: column('conversation_id'), reference: 'reference', contact: ['email', 'phone'], mentions: ['description', 'name', 'location_json'],
  },
  {
    table: 'cases', place: 'bot', kept: 'cases', botColumn: 'bot_id',
    holds: 'cases such as grofvuil: the answers of the flow (often an address and contact details)',
    expired: "created_at < ? AND answers_json <> '{}'", anonymise: "answers_json = '{}', conversation_id = NULL",
    conversation: column('conversation_id'), reference: 'reference', mentions: ['answers_json'],
  },
  {
    table: 'calendar_appointments', place: 'bot', kept: 'appointments', botColumn: 'bot_id',
    holds: 'desk appointments: product, day and time, name and e-mail of who booked',
    expired: 'date < ? AND (name IS NOT NULL OR email IS NOT NULL)', cutoffDate: true, anonymise: 'name = NULL, email = NULL',
    reference: 'reference', contact: ['email'], mentions: ['name'],
  },
  {
    table: 'qmatic_appointments', place: 'bot', kept: 'appointments', botColumn: 'bot_id',
    holds: 'appointments booked in Qmatic: which Qmatic appointment a reference is, product, day and time, name and e-mail of who booked',
    expired: 'date < ? AND (name IS NOT NULL OR email IS NOT NULL)', cutoffDate: true, anonymise: 'name = NULL, email = NULL',
    reference: 'reference', contact: ['email'], mentions: ['name'],
  },
  {
    table: 'callback_tasks', place: 'bot', kept: 'callbacks', botColumn: 'bot',
    holds: 'callback requests: name, phone number, preferred moment, why the bot wanted a person',
    expired: 'COALESCE(closed_at, created_at) < ?', conversation: column('conversation'), reference: 'reference', contact: ['phone'], mentions: ['name', 'summary'],
  },
  {
    table: 'handover_tickets', place: 'bot', kept: 'handover', botColumn: 'bot',
    holds: 'conversations handed to a person: reasons, answers so far, and every message with the agents',
    expired: "status NOT IN ('pending', 'assigned') AND closed_at < ?", conversation: column('conversation'), mentions: ['slots'],
    children: [{ table: 'handover_messages', column: 'ticket', parent: 'id' }, { table: 'handover_log', column: 'ticket', parent: 'id' }],
  },
  {
    table: 'chatwoot_conversations', place: 'bot', kept: 'handover', botColumn: 'bot_id',
    holds: 'which Chatwoot conversation belongs to which Loket conversation',
    expired: "status = 'closed' AND updated_at < ?", conversation: column('conversation_id'),
  },
  {
    table: 'outbox', place: 'bot', kept: 'emails', botColumn: 'bot_id',
    holds: 'messages for other systems waiting, sent, given up or handled by hand: e-mails (address, name, details), meldingen, cases, with an employee\'s note',
    // Sent and handled rows after `emails`; given-up rows wait for an employee up to `undelivered` days.
    expired: "(status IN ('sent', 'handled') AND COALESCE(done_at, created_at) < ?) OR (status = 'failed' AND COALESCE(done_at, created_at) < ?)",
    keptToo: 'undelivered', reference: 'reference', mentions: ['payload_json', 'note'],
  },
  {
    // Rows go as soon as their turn is done; one left over (a message given up) goes with the ids' hashes.
    table: 'whatsapp_inbox', place: 'bot', kept: { fixedMs: 8 * 86_400_000 }, botColumn: 'bot_id',
    holds: 'WhatsApp messages accepted but not yet answered (the message and the contact\'s profile name), so a turn lost with its instance is run after all',
    expired: 'received_at < ?',
    conversation: whatsAppNumber,
    mentions: ['message_json', 'profile_name'],
  },
  {
    // A day beyond the 7 days a WhatsApp message is accepted at all (channels/whatsapp/processed.ts).
    table: 'whatsapp_processed', place: 'bot', kept: { fixedMs: 8 * 86_400_000 }, botColumn: 'bot_id',
    holds: 'hashes of handled WhatsApp message ids, so a message sent again is not handled twice (no personal data)',
    expired: 'received_at < ?',
  },
];

/** Tables with no resident's data, and why: the register test accepts them. */
export const OTHER_TABLES: Record<string, string> = {
  schema_migrations: 'which schema steps ran',
  directline_activities: 'part of directline_conversations',
  directline_inbox: 'part of directline_conversations',
  handover_messages: 'part of handover_tickets',
  handover_log: 'part of handover_tickets',
  agent_accounts: 'KCC employees\' accounts (name, password hash): kept until `loket agent remove`',
  agent_sessions: 'employees\' sessions (token hashes), ended at sign-out or expiry',
  agent_signin_failures: 'failed sign-ins (address and user name) for throttling, forgotten after the throttling window',
  handover_presence: 'which employees have the agent console open (user names), gone when they close it',
  chatwoot_pseudonym_key: 'the key for residents\' pseudonyms in Chatwoot',
  sqlite_sequence: 'SQLite\'s counters',
};
