/**
 * Privacy by design (AVG): how long each kind of personal data is kept (bot.yaml `privacy:`), the purge that
 * enforces it, a resident's access and erasure requests, and identifiers (BSN, IBAN, card numbers) masked in what
 * residents type. What is kept where is listed in register.ts; docs/privacy.md is its description for the privacy
 * officer.
 */
import type { Logger } from 'pino';
import { purge, type PurgeCounts } from './purge';
import type { Holdings } from './holdings';

export { DATA_KINDS, DEFAULT_RETENTION, retentionOf, retentionProblem, type DataKind, type Retention } from './retention';
export { PERSONAL_TABLES, OTHER_TABLES, type PersonalTable } from './register';
export { purge, type PurgeCounts } from './purge';
export { answerDocument, erase, find, sizeOf, subjectOf, type Findings, type Subject } from './subject';
export { holdingsOf, tablesIn, type Holdings } from './holdings';
export { isBsn, isIban, maskIdentifiers, passesLuhn, type IdentifierKind, type Masked } from './identifiers';

const EVERY_MS = 3_600_000;

/**
 * Purges every bot now and then every hour. Counts are logged, never what was purged. Returns the call that stops it
 * and waits for a purge that is running.
 */
export function schedulePurge(holdings: Holdings[], log: Logger, now: () => Date = () => new Date(), everyMs = EVERY_MS): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      for (const h of holdings) {
        const counts: PurgeCounts = await purge(h, now()).catch((e: Error) => {
          log.error({ bot: h.botId, err: e.message }, 'privacy purge failed');
          return {};
        });
        if (Object.keys(counts).length) log.info({ bot: h.botId, purged: counts }, 'privacy purge');
      }
    });
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
