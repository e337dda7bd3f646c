import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';
import { runTestFile } from '../testing/conversations';
import { readRepairFile, runRepairs, summarize } from '../testing/repairs';

/** The generated repair test as figures: combinations and pass rate per kind of repair and language. */
export async function benchRepairs(): Promise<void> {
  const results = await runRepairs(readRepairFile(join(PACKAGE_ROOT, 'test', 'repairs.yaml'), PACKAGE_ROOT), PACKAGE_ROOT);
  const passed = results.filter((r) => !r.failure).length;
  console.log(`Conversation repairs (generated from test/repairs.yaml): ${passed}/${results.length} combinations end as the resident meant (${((passed / results.length) * 100).toFixed(1)}%)`);
  for (const row of summarize(results)) console.log(`  ${row.kind.padEnd(14)} ${row.lang}   ${String(row.passed).padStart(3)}/${row.total}`);
  for (const r of results.filter((x) => x.failure)) console.log(`  ✗ ${r.flow} (${r.lang}) at "${r.question}", ${r.kind}: ${r.failure}`);
  console.log('');
}

/**
 * Complete conversations written apart from this project (test/data/conversations-frozen*.yaml): how many reach the
 * outcome the resident wanted. Only the count is printed: reading the failures to fix them would spoil the set.
 */
export async function benchConversations(): Promise<void> {
  const sets = [
    { name: 'conversations-frozen177.yaml', what: 'FROZEN, written apart (part 2 of the brief, a busy month at the KCC), never looked at (first reading 47/50 on bb99039)' },
    { name: 'conversations-frozen172.yaml', what: 'FROZEN, written apart (part 2 of the brief, a representative week), never looked at (first reading 42/50 on 2a9279f, 43/50 on bb99039)' },
    { name: 'conversations-frozen135.yaml', what: 'FROZEN, written apart (part 2 of the brief, a month of residents), never looked at (first reading 46/50 on 7646ca6)' },
    { name: 'conversations-frozen131.yaml', what: 'FROZEN, written apart (part 2 of the brief: handovers, danger, other bodies), never looked at (first reading 44/50 on 8e7dd94)' },
    { name: 'conversations-frozen122.yaml', what: 'FROZEN, written apart, never looked at (first reading 49/50 on 9df7142 with the grief rule of the next commit)' },
    { name: 'conversations-frozen59.yaml', what: 'FROZEN, written apart, never looked at (first reading 46/50 on d280bc1, 48/50 after the eighth session)' },
    { name: 'conversations-frozen54.yaml', what: 'FROZEN, written apart, never looked at (first reading 49/50 on eaaac45)' },
    { name: 'conversations-frozen51.yaml', what: 'FROZEN, written apart, never looked at (first reading 47/50 on b1b1c7e)' },
    { name: 'conversations-frozen49.yaml', what: 'FROZEN, written apart, never looked at (first reading 45/50 on bc840e7)' },
    { name: 'conversations-frozen48.yaml', what: 'FROZEN, written apart, never looked at (first reading 45/50 on fb6c41a)' },
    { name: 'conversations-frozen44.yaml', what: 'FROZEN, written apart, never looked at (first reading 38/50 on c4eb931, second 42/50 on 4965b55)' },
    { name: 'conversations-frozen40.yaml', what: 'FROZEN, written apart, never looked at (first reading 47/50 on 55d31d8, second 48/50 on 8a14ce8)' },
    { name: 'conversations-frozen37.yaml', what: 'FROZEN, written apart, never looked at (first reading 45/50 on 27a1570, second 46/50 on c114d5e)' },
    { name: 'conversations-frozen36.yaml', what: 'FROZEN, written apart, never looked at (first reading 49/50 on 27a1570, second 49/50 on c114d5e)' },
    { name: 'conversations-frozen28.yaml', what: 'FROZEN, written apart, never looked at (first reading 48/50 on c8e83db and on cb856fc)' },
    { name: 'conversations-frozen27.yaml', what: 'FROZEN, written apart, never looked at (first reading 46/50 on c8e83db and on cb856fc)' },
    { name: 'conversations-frozen20.yaml', what: 'first reading 49/50 (cb856fc); development since its failures were seen' },
    { name: 'conversations-frozen19.yaml', what: 'first reading 44/50 (cb856fc); development since its failures were seen' },
    { name: 'conversations-frozen16.yaml', what: 'read twice unseen (34/50, 39/50); development from now' },
    { name: 'conversations-frozen15.yaml', what: 'read twice unseen (41/50, 46/50); development from now' },
    { name: 'conversations-frozen14.yaml', what: 'read twice (40/50, then 41/50); development from now' },
    { name: 'conversations-frozen13.yaml', what: 'read twice (34/50, then 37/50); development from now' },
    { name: 'conversations-frozen12.yaml', what: 'read twice (41/50, then 41/50); development from now' },
    { name: 'conversations-frozen11.yaml', what: 'read twice (44/50, then 44/50); development from now' },
    { name: 'conversations-frozen10.yaml', what: 'read twice (48/50, then 50/50); development from now' },
    { name: 'conversations-frozen9.yaml', what: 'read twice (47/50, then 46/50); development from now' },
    { name: 'conversations-frozen8.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-frozen7.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-frozen6.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-frozen5.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-frozen4.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-frozen3.yaml', what: 'development now (read, then tuned on)' },
    { name: 'conversations-dev38.yaml', what: 'written apart, first reading 34/50 (8bd3a38); development' },
    { name: 'conversations-dev39.yaml', what: 'written apart, first reading 49/50 (8bd3a38); development' },
    { name: 'conversations-dev41.yaml', what: 'written apart, first reading 39/50 (55d31d8); development' },
    { name: 'conversations-dev42.yaml', what: 'written apart, first reading 49/50 (2d5626c); development' },
    { name: 'conversations-dev43.yaml', what: 'written apart, first reading 48/50 (2d5626c); development' },
    { name: 'conversations-dev45.yaml', what: 'written apart, first reading 38/50 (acb6e16); development' },
    { name: 'conversations-dev46.yaml', what: 'written apart, first reading 42/50; development' },
    { name: 'conversations-dev50.yaml', what: 'written apart, first reading 44/50 (d524053); development' },
    { name: 'conversations-dev173.yaml', what: 'written apart (part 2: residents in a hurry), first reading 45/50 (cc0b1d8); development' },
    { name: 'conversations-dev174.yaml', what: 'written apart (part 2: side questions and follow-ups), first reading 46/50 (cc0b1d8); development' },
    { name: 'conversations-dev175.yaml', what: 'written apart (part 2: a person needed or not), first reading 48/50 (cc0b1d8); development' },
    { name: 'conversations-dev176.yaml', what: 'written apart (regional Dutch, letters, landmarks), first reading 43/50 (cc0b1d8); development' },
    { name: 'conversations-dev167.yaml', what: 'written apart (part 2: typed on the phone, WhatsApp style), first reading 41/50 (2a9279f); development' },
    { name: 'conversations-dev168.yaml', what: 'written apart (part 2: the week after a storm), first reading 43/50 (2a9279f); development' },
    { name: 'conversations-dev169.yaml', what: 'written apart (part 2: expats and labour migrants, half English), first reading 47/50 (2a9279f); development' },
    { name: 'conversations-dev170.yaml', what: 'written apart (part 2: written on behalf of someone else), first reading 44/50 (2a9279f); development' },
    { name: 'conversations-dev171.yaml', what: 'written apart (much at once, then corrections), first reading 40/50 (2a9279f); development' },
    { name: 'conversations-dev136.yaml', what: 'written apart (part 2: young people, Dutch as a second language), first reading 44/50 (59f139d); development' },
    { name: 'conversations-dev137.yaml', what: 'written apart (part 2: busy parents doing several things at once), first reading 44/50 (59f139d); development' },
    { name: 'conversations-dev132.yaml', what: 'written apart (part 2: older residents, letters and long stories), first reading 45/50 (7646ca6); development' },
    { name: 'conversations-dev133.yaml', what: 'written apart (part 2: annoyed and angry residents), first reading 48/50 (7646ca6); development' },
    { name: 'conversations-dev134.yaml', what: 'written apart (part 2: follow-up questions, other bodies), first reading 47/50 (7646ca6); development' },
    { name: 'conversations-dev128.yaml', what: 'written apart (part 2: detours, and a person needed halfway), first reading 42/50 (8e7dd94); development' },
    { name: 'conversations-dev129.yaml', what: 'written apart (part 2: a person needed or not, in everyday words), first reading 38/50 (8e7dd94); development' },
    { name: 'conversations-dev130.yaml', what: 'written apart (part 2: WhatsApp), first reading 43/50 (8e7dd94); development' },
    { name: 'conversations-dev126.yaml', what: 'written apart (a busy week: hurried, annoyed, chatty), first reading 50/50 (47a5696); development' },
    { name: 'conversations-dev127.yaml', what: 'written apart (reports of every kind, places said every way), first reading 49/50 (47a5696); development' },
    { name: 'conversations-dev123.yaml', what: 'written apart (all in English), first reading 47/50 (9e16b6e); development' },
    { name: 'conversations-dev124.yaml', what: 'written apart (changing one\'s mind, switching products), first reading 43/50 (9e16b6e); development' },
    { name: 'conversations-dev125.yaml', what: 'written apart (regional Dutch and many backgrounds), first reading 47/50 (9e16b6e); development' },
    { name: 'conversations-dev120.yaml', what: 'written apart (typed in pieces, dictated), first reading 48/50 (9df7142); development' },
    { name: 'conversations-dev121.yaml', what: 'written apart (the licence and the age in every form), first reading 43/50 (9df7142); development' },
    { name: 'conversations-dev117.yaml', what: 'written apart (digressions and second tries), first reading 50/50 (a696121); development' },
    { name: 'conversations-dev118.yaml', what: 'written apart (dates, times and picking a time), first reading 50/50 (a696121); development' },
    { name: 'conversations-dev119.yaml', what: 'written apart (much in one message), first reading 41/50 (a696121); development' },
    { name: 'conversations-dev114.yaml', what: 'written apart (WhatsApp shorthand, corrections), first reading 44/50 (a9dd100); development' },
    { name: 'conversations-dev115.yaml', what: 'written apart (full sentences, side questions), first reading 48/50 (a9dd100); development' },
    { name: 'conversations-dev116.yaml', what: 'written apart (the situation told first), first reading 49/50 (a9dd100); development' },
    { name: 'conversations-dev58.yaml', what: 'written apart, first reading 37/50 (2fc07ed); development' },
    { name: 'conversations-dev57.yaml', what: 'written apart, first reading 48/50 (5158cad); development' },
    { name: 'conversations-dev56.yaml', what: 'written apart, first reading 46/50 (8fa2a55); development' },
    { name: 'conversations-dev55.yaml', what: 'written apart, first reading 50/50 (a037458); development' },
    { name: 'conversations-dev53.yaml', what: 'written apart, first reading 49/50 (c4f2371); development' },
    { name: 'conversations-dev52.yaml', what: 'written apart, first reading 50/50 (2dc1bc1); development' },
    { name: 'conversations-dev47.yaml', what: 'written apart, first reading 48/50 (fb6c41a); development' },
    { name: 'conversations-dev34.yaml', what: 'written apart, first reading 48/50 (00202d4); development' },
    { name: 'conversations-dev35.yaml', what: 'written apart, first reading 49/50 (00202d4); development' },
    { name: 'conversations-dev31.yaml', what: 'written apart, first reading 38/50 (34e9399); development' },
    { name: 'conversations-dev32.yaml', what: 'written apart, first reading 44/50 (34e9399); development' },
    { name: 'conversations-dev33.yaml', what: 'written apart, first reading 47/50 (34e9399); development' },
    { name: 'conversations-dev29.yaml', what: 'written apart, first reading 50/50 (cb856fc); development' },
    { name: 'conversations-dev30.yaml', what: 'written apart, first reading 46/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev25.yaml', what: 'written apart, first reading 46/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev26.yaml', what: 'written apart, first reading 44/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev23.yaml', what: 'written apart, first reading 46/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev24.yaml', what: 'written apart, first reading 46/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev21.yaml', what: 'written apart, first reading 48/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev22.yaml', what: 'written apart, first reading 43/50 (cb856fc); development, tuned on' },
    { name: 'conversations-dev17.yaml', what: 'written apart, first reading 43/50; development, tuned on' },
    { name: 'conversations-dev18.yaml', what: 'written apart, first reading 41/50; development, tuned on' },
    { name: 'conversations-dev1.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev2.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev3.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev4.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev5.yaml', what: 'development (was frozen set 2), tuned on' },
    { name: 'conversations-dev6.yaml', what: 'development (was frozen set 1), tuned on' },
    { name: 'conversations-dev7.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev8.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev9.yaml', what: 'development, tuned on' },
    { name: 'conversations-dev10.yaml', what: 'development, tuned on' },
  ];
  for (const { name, what } of sets) {
    const results = await runTestFile(join(PACKAGE_ROOT, 'test', 'data', name), PACKAGE_ROOT);
    const passed = results.filter((r) => !r.failure).length;
    console.log(`Complete conversations written apart, ${what} (${name}): ${passed}/${results.length} reach the outcome the resident wanted (${((passed / results.length) * 100).toFixed(1)}%)`);
  }
  console.log('');
}
