import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTestFile } from '../../src/testing/conversations';

const root = resolve(__dirname, '../..');

describe('conversation tests', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loket-convtest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a failed test its transcript up to the failing step, and a passed one none', async () => {
    const file = join(dir, 'two.yaml');
    writeFileSync(file, [
      'bot: voorbeeldgemeente',
      'now: "2026-03-10T10:00:00+01:00"',
      'tests:',
      '  - name: passes',
      '    steps:',
      '      - user: iets melden',
      '        flow: melding-openbare-ruimte',
      '  - name: fails',
      '    steps:',
      '      - user: iets melden',
      '      - user: afval',
      '        bot: dit zegt de bot nooit',
      '      - user: Kerkstraat 1',
    ].join('\n'));
    const [passed, failed] = await runTestFile(file, root);
    expect(passed).toEqual({ file: expect.any(String), name: 'passes' });
    expect(failed.failure).toMatch(/^step 2 \("afval"\)/);
    expect(failed.transcript).toEqual(['user: iets melden', 'bot:  Waar gaat uw melding over?', 'user: afval', expect.stringMatching(/^bot: {2}Waar is het\?/)]);
    // On a fresh clone this trains the model first (20–30 s alone, more beside other suites).
  }, 180_000);
});
