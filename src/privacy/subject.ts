/**
 * A resident's access and erasure requests (AVG articles 15 and 17): everything Loket holds about them, found by a
 * reference (AFS-…, MLD-…, TBV-…, a case prefix), a conversation id, or an e-mail address or phone number, and then
 * every conversation those lead to.
 */
import { unlink } from 'node:fs/promises';
import { findEmail, findPhone } from '../slots/contact';
import type { Sql } from '../storage';
import { botScope, filesIn, keptIn, scrub, sqlOf, tablesIn, type Holdings, type Tables } from './holdings';
import { PERSONAL_TABLES, type PersonalTable } from './register';

export type Subject = { reference: string } | { conversation: string } | { email: string } | { phone: string };

/** What a resident typed or an officer was given: a reference, an e-mail address, a phone number, else a conversation id. */
export function subjectOf(text: string): Subject {
  const t = text.trim();
  if (/^[A-Za-z]{2,4}[-\s]?[A-Za-z0-9]{6}$/.test(t)) return { reference: t.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^([A-Z]{2,4})([A-Z0-9]{6})$/, '$1-$2') };
  const email = t.includes('@') ? findEmail(t) : undefined;
  if (email) return { email };
  const phone = /^[+\d][\d\s().-]{7,}$/.test(t) ? findPhone(t) : undefined;
  if (phone) return { phone };
  return { conversation: t };
}

/** Everything held: per table the rows (with their children), and the files they link to. */
export interface Findings {
  bot: string;
  subject: Subject;
  conversations: string[];
  references: string[];
  tables: Record<string, Record<string, unknown>[]>;
  files: string[];
}

interface Match { where: string; params: unknown[] }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The ways a contact detail is written in stored text: as typed, and for a phone number in national form. */
function spellings(s: { email?: string; phone?: string }): string[] {
  if (s.email) return [s.email.toLowerCase()];
  if (!s.phone) return [];
  return s.phone.startsWith('+31') ? [s.phone, `0${s.phone.slice(3)}`] : [s.phone];
}

/** The rows of a table that belong to the subject: by conversation, reference or contact column. */
function matchOf(t: PersonalTable, botId: string, tables: Tables, conversations: string[], references: string[], contacts: string[]): Match | undefined {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (t.conversation) {
    const stored = conversations.map((c) => t.conversation!.stored(c, botId)).filter((v): v is string => v !== undefined);
    if (stored.length) parts.push(`${t.conversation.column} IN (${list(stored.length)})`), params.push(...stored);
  }
  if (t.reference && references.length) parts.push(`${t.reference} IN (${list(references.length)})`), params.push(...references);
  for (const c of t.contact ?? []) if (contacts.length) parts.push(`LOWER(${c}) IN (${list(contacts.length)})`), params.push(...contacts.map((x) => x.toLowerCase()));
  if (!parts.length) return undefined;
  const scope = botScope(t, botId, tables);
  return { where: `(${parts.join(' OR ')})${scope.sql}`, params: [...params, ...scope.params] };
}

async function present(h: Holdings): Promise<{ table: PersonalTable; sql: Sql; tables: Tables }[]> {
  const found: { table: PersonalTable; sql: Sql; tables: Tables }[] = [];
  for (const place of ['shared', 'bot'] as const) {
    const sql = sqlOf(h, place);
    const tables = await tablesIn(sql);
    for (const t of PERSONAL_TABLES) if (keptIn(t, place) && tables.has(t.table)) found.push({ table: t, sql, tables });
  }
  return found;
}

/**
 * The conversations and references that belong to the subject: the given ones, those of records with the contact
 * detail or reference, and conversations whose text mentions the contact detail.
 */
async function resolve(h: Holdings, subject: Subject): Promise<{ conversations: string[]; references: string[]; contacts: string[] }> {
  const contacts = spellings(subject as { email?: string; phone?: string });
  const conversations = new Set<string>();
  const references = new Set<string>('reference' in subject ? [subject.reference] : []);
  if ('conversation' in subject) for (const key of await conversationKeys(h, subject.conversation)) conversations.add(key);
  // A WhatsApp conversation is the resident's number without the plus.
  if ('phone' in subject) conversations.add(`whatsapp:${subject.phone.replace(/^\+/, '')}`);
  for (const { table: t, sql, tables } of await present(h)) {
    // Records of the conversations bring their references: the e-mail about a melding has only its reference.
    const match = matchOf(t, h.botId, tables, [...conversations], [...references], contacts);
    if (match) {
      const cols = [t.conversation?.column, t.reference].filter(Boolean).join(', ');
      if (cols) for (const row of await sql.all<Record<string, string | null>>(`SELECT ${cols} FROM ${t.table} WHERE ${match.where}`, match.params)) {
        if (t.conversation && row[t.conversation.column]) conversations.add(t.conversation.key(row[t.conversation.column]!, h.botId));
        if (t.reference && row[t.reference]) references.add(row[t.reference]!);
      }
    }
    if (!contacts.length || !t.conversation || !t.mentions) continue;
    const scope = botScope(t, h.botId, tables);
    const like = t.mentions.map((m) => `LOWER(${m}) LIKE ? ESCAPE '\\'`).join(' OR ');
    for (const spelling of contacts) {
      const rows = await sql.all<Record<string, string>>(`SELECT ${t.conversation.column} AS c FROM ${t.table} WHERE (${like})${scope.sql}`, [...t.mentions.map(() => `%${escapeLike(spelling.toLowerCase())}%`), ...scope.params]);
      for (const r of rows) if (r.c) conversations.add(t.conversation.key(r.c, h.botId));
    }
  }
  const mentioned = await handoverMentions(h, contacts);
  for (const c of mentioned) conversations.add(c);
  return { conversations: [...conversations], references: [...references], contacts };
}

/** Conversations whose handover messages mention a contact detail (the messages are a child table). */
async function handoverMentions(h: Holdings, contacts: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const sql of [h.bot, h.shared]) {
    if (!contacts.length || !(await tablesIn(sql)).has('handover_messages')) continue;
    for (const spelling of contacts) {
      const rows = await sql.all<{ c: string }>("SELECT DISTINCT t.conversation AS c FROM handover_tickets t JOIN handover_messages m ON m.ticket = t.id WHERE t.bot = ? AND LOWER(m.text) LIKE ? ESCAPE '\\'", [h.botId, `%${escapeLike(spelling.toLowerCase())}%`]);
      found.push(...rows.map((r) => r.c));
    }
  }
  return found;
}

/** A conversation id as an officer has it: Loket's key (`directline:abc`), or the channel's id (`abc`). */
async function conversationKeys(h: Holdings, id: string): Promise<string[]> {
  const keys = new Set([id]);
  for (const { table: t, sql, tables } of await present(h)) {
    if (!t.conversation || t.table === 'storage') continue;
    const scope = botScope(t, h.botId, tables);
    const rows = await sql.all<{ c: string }>(`SELECT ${t.conversation.column} AS c FROM ${t.table} WHERE (${t.conversation.column} = ? OR ${t.conversation.column} LIKE ? ESCAPE '\\')${scope.sql}`, [id, `%:${escapeLike(id)}`, ...scope.params]);
    for (const r of rows) keys.add(t.conversation.key(r.c, h.botId));
  }
  const prefix = `loket/${h.botId}/conversations/`;
  if ((await tablesIn(h.shared)).has('storage')) {
    const rows = await h.shared.all<{ key: string }>("SELECT key FROM storage WHERE key = ? OR key LIKE ? ESCAPE '\\'", [`${prefix}${id}`, `${escapeLike(prefix)}%:${escapeLike(id)}`]);
    for (const r of rows) keys.add(r.key.slice(prefix.length));
  }
  return [...keys];
}

/** How much was found: rows in all tables, and files. */
export function sizeOf(found: Findings[]): { records: number; files: number } {
  return {
    records: found.reduce((n, f) => n + Object.values(f.tables).reduce((m, rows) => m + rows.length, 0), 0),
    files: found.reduce((n, f) => n + f.files.length, 0),
  };
}

/** The JSON document for the answer to a resident, as `loket privacy` writes it and the agent console downloads it. */
export function answerDocument(found: Findings[], erased: boolean, now = new Date()): { generatedAt: string; erased?: true; bots: Findings[] } {
  return { generatedAt: now.toISOString(), ...(erased ? { erased: true as const } : {}), bots: found };
}

/** Everything Loket holds about the subject (article 15), as rows per table and the files they link to. */
export async function find(h: Holdings, subject: Subject): Promise<Findings> {
  const { conversations, references, contacts } = await resolve(h, subject);
  const tables: Findings['tables'] = {};
  for (const { table: t, sql, tables: existing } of await present(h)) {
    const match = matchOf(t, h.botId, existing, conversations, references, contacts);
    if (!match) continue;
    const rows = await sql.all<Record<string, unknown>>(`SELECT * FROM ${t.table} WHERE ${match.where}`, match.params);
    if (rows.length) tables[t.table] = rows;
    for (const c of t.children ?? []) {
      if (!existing.has(c.table) || !rows.length) continue;
      const children = await sql.all<Record<string, unknown>>(`SELECT * FROM ${c.table} WHERE ${c.column} IN (SELECT ${c.parent} FROM ${t.table} WHERE ${match.where})`, match.params);
      if (children.length) tables[c.table] = children;
    }
  }
  const files = filesIn(JSON.stringify(tables), h);
  return { bot: h.botId, subject, conversations, references, tables, files };
}

/**
 * Erases everything held about the subject (article 17): conversations, handovers, callbacks, routes and files are
 * deleted; meldingen, cases and appointments keep only what statistics need. SQLite files are rewritten after, so
 * no copy is left in them (see `scrub`). Returns what was found before.
 */
export async function erase(h: Holdings, subject: Subject): Promise<Findings> {
  const found = await find(h, subject);
  for (const place of ['shared', 'bot'] as const) {
    const sql = sqlOf(h, place);
    await sql.transaction(async (tx) => {
      const tables = await tablesIn(tx);
      for (const t of PERSONAL_TABLES) {
        if (!keptIn(t, place) || !tables.has(t.table)) continue;
        const match = matchOf(t, h.botId, tables, found.conversations, found.references, spellings(subject as { email?: string; phone?: string }));
        if (!match) continue;
        if (t.anonymise) {
          await tx.run(`UPDATE ${t.table} SET ${t.anonymise} WHERE ${match.where}`, match.params);
          continue;
        }
        for (const c of t.children ?? []) {
          if (tables.has(c.table)) await tx.run(`DELETE FROM ${c.table} WHERE ${c.column} IN (SELECT ${c.parent} FROM ${t.table} WHERE ${match.where})`, match.params);
        }
        await tx.run(`DELETE FROM ${t.table} WHERE ${match.where}`, match.params);
      }
    });
    await scrub(sql, true);
  }
  for (const file of found.files) await unlink(file).catch(() => undefined);
  return found;
}
