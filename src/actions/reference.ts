import { randomInt } from 'node:crypto';

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
