import { randomInt } from 'node:crypto';

/**
 * Reference numbers residents get and read back (`AFS-7K3M9Q`): a prefix per kind of case and a code in letters and
 * digits that nobody confuses when reading it aloud or over the phone (no 0/O, 1/I).
 */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 6;

/** A new code like `AFS-7K3M9Q`. Uniqueness is the caller's job (it knows the table). */
export function newReference(prefix: string): string {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${prefix}-${code}`;
}
