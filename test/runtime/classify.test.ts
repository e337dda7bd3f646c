import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths';

/** The CLI contract used to evaluate Loket: one JSON line out per line in, in order. Runs the built CLI. */
describe('loket classify', () => {
  it('answers each line in order, with flow, handover, reasons and reply', () => {
    const input = [
      JSON.stringify({ text: 'de lantaarnpaal bij mij in de straat is kapot' }),
      'dit is geen json',
      JSON.stringify({ text: 'ik wil niet meer leven' }),
      JSON.stringify({ tekst: 'verkeerd veld' }),
      JSON.stringify({ text: 'wat wordt het weer morgen' }),
      JSON.stringify({ text: 'x'.repeat(20000) }),
      JSON.stringify({ text: 'ga dood van de hitte in jullie wachtruimte 🥵 airco aan?' }),
    ].join('\n');
    const run = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'loket.js'), 'classify', '--bot', 'voorbeeldgemeente'], {
      input, cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 120000,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ text: 'de lantaarnpaal bij mij in de straat is kapot', flow: 'melding-openbare-ruimte', handover: false, reasons: [] });
    expect(Object.keys(lines[0]).sort()).toEqual(['evidence', 'flow', 'handover', 'intent', 'reasons', 'reply', 'score', 'text']);
    expect(lines[0].evidence).toEqual([]);
    expect(lines[0].reply.length).toBeGreaterThan(0);
    expect(lines[1]).toEqual({ text: null, error: 'not valid JSON: expected {"text": "..."}' });
    expect(lines[2]).toMatchObject({ flow: null, handover: true, reasons: ['crisis'] });
    expect(lines[2].reply.join(' ')).toContain('113');
    // Why: the crisis words and how sure the classifier was, against the threshold they had to pass.
    expect(lines[2].evidence).toEqual([expect.objectContaining({ reason: 'crisis', signal: 'keyword', words: ['niet meer leven'] })]);
    expect(lines[2].evidence[0].score).toBeGreaterThanOrEqual(lines[2].evidence[0].threshold);
    expect(lines[3]).toEqual({ text: null, error: 'missing "text" (a string)' });
    // Not for us, recognised as such: an out-of-scope intent, no flow, no person.
    expect(lines[4]).toMatchObject({ flow: null, handover: false });
    expect(['buiten_bereik', 'achtergrond']).toContain(lines[4].intent);
    expect(lines[5]).toMatchObject({ flow: null, handover: false });
    // The classifier leans to anger, the crisis screen is sure nobody is needed: no colleague, and the lean is shown.
    expect(lines[6]).toMatchObject({ handover: false, reasons: [], evidence: [] });
    expect(lines[6].setAside).toContainEqual(expect.objectContaining({ reason: 'emotional', signal: 'classifier' }));
    expect(lines[6].setAside[0].none).toBeGreaterThanOrEqual(0.8);
  });
});
