import { setFlagsFromString } from 'node:v8';

/**
 * V8 compiles a regular expression when it first runs: to bytecode, then to machine code when it runs again. For the
 * content's keyword patterns (hundreds, long, case-insensitive) the bytecode step was most of the cost: all 727 of the
 * example bot took 0.6 s as bytecode and 0.2 s more as machine code, against 0.2 s for machine code at once
 * (`--no-regexp-tier-up`). The first residents of a fresh instance paid for it. Set before any command's modules load,
 * so every run compiles (and caches, see compileCache) under the same flags.
 */
export function tuneV8(): void {
  setFlagsFromString('--no-regexp-tier-up');
}
