import { randomInt } from 'node:crypto';
import type { Database } from '../storage/sqlite';

/** Letters and digits a resident cannot confuse when reading a code aloud or over the phone (no 0/O, 1/I). */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 6;

/** A new code like `AFS-7K3M9Q`. Uniqueness is the caller's job (it knows the table). */
export function newReference(prefix: string): string {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${prefix}-${code}`;
}

/**
 * A new reference not yet in `table` (which has a `reference` column). Call it inside the write transaction that
 * inserts the row, so no other writer can take the same code in between.
 */
export function unusedReference(db: Database, table: string, prefix: string): string {
  const exists = db.prepare(`SELECT 1 FROM ${table} WHERE reference = ?`);
  for (let i = 0; i < 20; i++) {
    const reference = newReference(prefix);
    if (!exists.get(reference)) return reference;
  }
  throw new Error(`${table}: could not find an unused reference`); // ~1e9 codes: only if the table is absurdly full
}

/**
 * Brings what a resident typed back to the stored form: `afs 7k3m9q`, `AFS7K3M9Q` and
 * ` Afs-7K3M 9Q ` all become `AFS-7K3M9Q`. Returns undefined when it cannot be one of ours.
 */
export function normalizeReference(input: unknown, prefix: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!compact.startsWith(prefix)) return undefined;
  const code = compact.slice(prefix.length);
  if (code.length !== REFERENCE_LENGTH) return undefined;
  return `${prefix}-${code}`;
}
