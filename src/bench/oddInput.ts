/**
 * Long and odd messages at every question of the example bot's flows: runs of one character, one endless word, other
 * scripts, dates and addresses over and over. A pattern that goes over a run again from each position inside it
 * turns such a message into seconds or minutes of blocked process; this prints the slowest answers, never asserts.
 */
import type { Loket } from '../runtime';

/** Each walk's messages, in order; the odd message is sent instead of each in turn, and after the last. */
const WALKS: Record<string, string[]> = {
  'afspraak-maken': ['ik wil een afspraak maken', 'paspoort', 'volgende week dinsdag', '10:00', '1', 'Jan Jansen', 'jan@example.nl', '0612345678', 'ja'],
  'melding-openbare-ruimte': ['ik wil iets melden', 'Afval', 'Kerkstraat 5', 'er ligt afval', 'overslaan', 'nee', 'ja'],
  'rijbewijs-verlengen': ['ik wil mijn rijbewijs verlengen', 'hij verloopt volgende maand', 'ik ben 45', 'ja', 'ja'],
  'afspraak wijzigen': ['ik wil mijn afspraak verzetten', 'AFS-123456', 'ja'],
};

const RUN = 40_000;
const ODD: Record<string, string> = {
  spaces: `a${' '.repeat(RUN)}b`, dots: '.'.repeat(RUN), commas: ','.repeat(RUN), dashes: '-'.repeat(RUN), ellipses: '…'.repeat(RUN),
  'one long word': `${'a'.repeat(RUN)} straat`, digits: '1234567890'.repeat(RUN / 10), 'at signs': '@'.repeat(RUN), 'a@a@…': 'a@'.repeat(RUN / 2),
  Arabic: 'مرحبا أريد موعد '.repeat(400), Cyrillic: 'Здравствуйте хочу записаться '.repeat(250), Chinese: '你好我想预约护照'.repeat(800), Hindi: 'नमस्ते मुझे अपॉइंटमेंट चाहिए '.repeat(250),
  'accented Dutch': 'één café naïve '.repeat(500), dates: '12-12-2024 10:00 morgen om half 3 '.repeat(200), addresses: 'Kerkstraat 5 1234 AB Voorbeeld '.repeat(200),
  'e-mail addresses': 'jan.jansen@example.nl, '.repeat(300), 'corrections': '.. nee, bedoel ik '.repeat(500),
};

export async function benchOddInput(bot: Loket): Promise<void> {
  const times: { ms: number; where: string }[] = [];
  let n = 0;
  for (const [flow, walk] of Object.entries(WALKS)) {
    for (let step = 0; step <= walk.length; step++) {
      for (const [kind, text] of Object.entries(ODD)) {
        const id = `odd-${n++}`;
        for (const m of walk.slice(0, step)) await bot.handle(id, { type: 'text', text: m });
        const t0 = process.hrtime.bigint();
        await bot.handle(id, { type: 'text', text });
        times.push({ ms: Number(process.hrtime.bigint() - t0) / 1e6, where: `${kind} at step ${step + 1} of ${flow}` });
      }
    }
  }
  times.sort((a, b) => b.ms - a.ms);
  console.log(`Long and odd messages (up to ${RUN.toLocaleString('en')} characters) at every question of the flows: ${times.length} answers`);
  console.log(`  over 100 ms: ${times.filter((t) => t.ms > 100).length}; slowest:`);
  for (const t of times.slice(0, 3)) console.log(`    ${t.ms.toFixed(0).padStart(6)} ms  ${t.where}`);
  console.log();
}
