import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths';
import { readRepairFile, REPAIR_KINDS, runRepairs, type RepairResult } from '../../src/testing/repairs';

describe('every repair at every question of every flow, in Dutch and English', () => {
  let results: RepairResult[];

  beforeAll(async () => {
    results = await runRepairs(readRepairFile(join(PACKAGE_ROOT, 'test', 'repairs.yaml'), PACKAGE_ROOT), PACKAGE_ROOT);
  }, 120_000);

  it('covers each kind of repair in both languages in each of the three flows', () => {
    // Renewing a licence asks nothing where "no preference" is an answer (a reason, an age, online or at the desk).
    const kinds = (flow: string) => REPAIR_KINDS.filter((k) => k !== 'no_preference' || flow !== 'rijbewijs-verlengen');
    for (const flow of ['afspraak-maken', 'melding-openbare-ruimte', 'rijbewijs-verlengen']) {
      for (const lang of ['nl', 'en']) {
        const found = new Set(results.filter((r) => r.flow === flow && r.lang === lang).map((r) => r.kind));
        expect([flow, lang, [...found].sort()]).toEqual([flow, lang, [...kinds(flow)].sort()]);
      }
    }
    expect(results.length).toBeGreaterThanOrEqual(150);
  });

  it('ends every combination as the resident meant', () => {
    expect(results.filter((r) => r.failure)).toEqual([]);
  });
});
