import { newReference, REFERENCE_LENGTH } from '../slots/reference';
import type { Sql } from '../storage';

/**
 * A new reference not yet in `table` (which has a `reference` column). Call it inside the transaction that inserts
 * the row; the table's key refuses the rare code another instance took in between.
 */
export async function unusedReferenceIn(sql: Sql, table: string, prefix: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const reference = newReference(prefix);
    if (!(await sql.get(`SELECT 1 FROM ${table} WHERE reference = ?`, [reference]))) return reference;
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
