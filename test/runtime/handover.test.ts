import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Output } from '../../src/engine';
import { HandoverQueue, type Agent } from '../../src/handover';
import { PACKAGE_ROOT } from '../../src/paths';
import { Loket, MemoryStateStore, replyTexts, type Delivery } from '../../src/runtime';
import { SqliteSql } from '../../src/storage';
import { NOW, say } from './helpers';
import { TEST_NLU_CACHE } from '../nluCache';

const BOT = 'voorbeeldgemeente';
const anne: Agent = { username: 'anne', name: 'Anne' };

/** A bot on the built-in queue with a clock the test moves; `deliveries` collects what reaches residents later. */
async function rig(at = NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'loket-ho-'));
  const clock = { at: at.getTime() };
  const now = () => new Date(clock.at);
  const dbFile = join(dir, 'bot.sqlite');
  // A file of its own: two connections of one process must not both write one SQLite file (see SqliteSql).
  const queueFile = join(dir, 'queue.sqlite');
  const queue = new HandoverQueue(SqliteSql.open(queueFile), { now, sweepEveryMs: 0, offerCallbackAfterMinutes: 10, expireAfterMinutes: 60, replyWindowHours: { whatsapp: 24 } });
  const store = new MemoryStateStore();
  const bot = await Loket.create({ botId: BOT, root: PACKAGE_ROOT, dbFile, cacheDir: TEST_NLU_CACHE, handover: queue, store, now, log: pino({ level: 'silent' }) });
  const deliveries: { id: string; d: Delivery }[] = [];
  bot.onDelivery((id, d) => deliveries.push({ id, d }));
  const delivered = async (id: string): Promise<{ texts: string[]; outputs: Output[]; handoff: Delivery['handoff'] }> => {
    await bot.handle(id, { type: 'start' }); // queued behind the events of this conversation
    const mine = deliveries.filter((x) => x.id === id);
    deliveries.splice(0, deliveries.length, ...deliveries.filter((x) => x.id !== id));
    const outputs = mine.flatMap((x) => x.d.outputs);
    return { texts: replyTexts(outputs), outputs, handoff: mine.flatMap((x) => x.d.handoff) };
  };
  return { bot, queue, clock, store, queueFile, delivered };
}

describe('handover through the runtime and the built-in queue', () => {
  it('queues with place and wait, crisis first, with reasons, flow, slots and transcript', async () => {
    const { bot, queue } = await rig();
    const off = queue.connect(BOT, anne);
    const first = await bot.handle('normal', { type: 'text', text: 'ik wil een medewerker spreken' }, 'webchat');
    expect(replyTexts(first.outputs).join('\n')).toMatch(/U bent nummer 1 in de wachtrij\. Het duurt ongeveer 1 minuut\./);
    expect(first.handoff?.map((h) => h.kind)).toEqual(['initiate']);
    await say(bot, 'melding', 'de lantaarnpaal bij Kerkstraat 12 is kapot');
    const crisis = await say(bot, 'melding', 'ik wil niet meer leven');
    expect(crisis.indexOf('112')).toBeGreaterThanOrEqual(0);
    expect(crisis).toContain('113');
    const [a, b] = await queue.waiting(BOT);
    expect(a).toMatchObject({ conversationId: 'melding', priority: 'urgent', reasons: ['crisis'], flow: 'melding-openbare-ruimte', status: 'pending' });
    expect(a.slots).toMatchObject({ categorie: 'Straatverlichting', locatie: expect.stringContaining('Kerkstraat 12') });
    expect(b).toMatchObject({ conversationId: 'normal', channel: 'webchat', reasons: ['person'] });
    expect((await queue.messages(a.id)).map((m) => m.from)).toEqual(['resident', 'bot', 'resident', 'bot', 'bot']);
    off();
    await bot.close();
  });

  it('forwards every message while waiting and lets the resident stop waiting', async () => {
    const { bot, queue } = await rig();
    queue.connect(BOT, anne);
    await say(bot, 'p1', 'mag ik iemand aan de lijn');
    const r = await bot.handle('p1', { type: 'text', text: 'ik wacht nog steeds' });
    // The first message while waiting is acknowledged once; later ones go to the queue in silence.
    expect(replyTexts(r.outputs)).toEqual(['Uw bericht is doorgestuurd. De medewerker leest het als het gesprek begint.']);
    expect(r.forward?.map((l) => l.from)).toEqual(['resident', 'bot']);
    const again = await bot.handle('p1', { type: 'text', text: 'hallo?' });
    expect(again.outputs).toEqual([]);
    expect(again.forward).toEqual([expect.objectContaining({ from: 'resident', text: 'hallo?' })]);
    const ticket = (await queue.ticketOf('p1'))!;
    expect((await queue.messages(ticket.id)).slice(-3).map((m) => m.text)).toEqual(['ik wacht nog steeds', 'Uw bericht is doorgestuurd. De medewerker leest het als het gesprek begint.', 'hallo?']);
    const stop = await bot.handle('p1', { type: 'text', text: 'stop' });
    expect(replyTexts(stop.outputs)[0]).toContain('U wacht niet meer op een medewerker');
    expect(stop.handoff).toEqual([{ kind: 'status', state: 'completed', message: 'the resident stopped waiting' }]);
    expect((await queue.ticket(ticket.id))?.status).toBe('returned');
    expect(await say(bot, 'p1', 'hoe laat zijn jullie open')).toContain('9.00 tot 17.00');
    await bot.close();
  });

  it('delivers the agent: taken, messages, a link, handed back; the bot answers again', async () => {
    const { bot, queue, delivered } = await rig();
    queue.connect(BOT, anne);
    await say(bot, 'p2', 'ik wil graag een medewerker');
    const ticket = (await queue.ticketOf('p2'))!;
    await queue.claim(ticket.id, BOT, anne);
    await queue.reply(ticket.id, BOT, anne, 'Goedemiddag, met Anne.');
    await queue.sendLink(ticket.id, BOT, anne, 'Bijzondere bijstand', 'https://www.voorbeeld.nl/bijstand');
    const during = await delivered('p2');
    expect(during.texts).toEqual(['U praat nu met Anne, medewerker van Gemeente Voorbeeld.', 'Goedemiddag, met Anne.', 'Bijzondere bijstand: https://www.voorbeeld.nl/bijstand']);
    expect(during.handoff).toEqual([{ kind: 'status', state: 'accepted', message: expect.any(String) }]);
    // While an agent has it, "stop" is for the agent too.
    const stop = await bot.handle('p2', { type: 'text', text: 'stop' });
    expect(stop.outputs).toEqual([]);
    expect(stop.forward).toEqual([expect.objectContaining({ from: 'resident', text: 'stop' })]);
    await queue.handBack(ticket.id, BOT, anne);
    const after = await delivered('p2');
    expect(after.texts).toEqual([expect.stringContaining('weer met de digitale assistent')]);
    expect(after.handoff[0]).toMatchObject({ kind: 'status', state: 'completed' });
    expect(await say(bot, 'p2', 'wat zijn de openingstijden')).toContain('9.00 tot 17.00');
    const state = await bot.state('p2');
    expect(state.transcript.some((l) => l.from === 'agent' && l.text === 'Goedemiddag, met Anne.')).toBe(true);
    await bot.close();
  });

  it('answers a crisis after the handover at once with 112/113 and moves the conversation to the front', async () => {
    const { bot, queue } = await rig();
    queue.connect(BOT, anne);
    await say(bot, 'first', 'ik wil een medewerker spreken');
    await say(bot, 'second', 'ik heb een vraag over bijstand, kan ik iemand spreken');
    expect((await queue.waiting(BOT)).map((t) => t.conversationId)).toEqual(['first', 'second']);
    const changes: string[] = [];
    const urgent = new Promise<void>((resolve) => queue.onChange((c) => {
      changes.push(`${c.ticketId}:${c.kind}`);
      if (c.kind === 'status') resolve();
    }));

    const crisis = await bot.handle('second', { type: 'text', text: 'ik zie het niet meer zitten, ik wil er een eind aan maken' });
    const text = replyTexts(crisis.outputs).join('\n');
    expect(text).toContain('112');
    expect(text).toContain('113');
    expect(crisis.escalate).toBe(true);
    const [top] = await queue.waiting(BOT);
    expect(top).toMatchObject({ conversationId: 'second', priority: 'urgent', reasons: ['crisis', 'complex', 'person'] });
    expect((await queue.messages(top.id)).slice(-2).map((m) => m.from)).toEqual(['resident', 'bot']);
    await urgent;
    expect(changes).toContain(`${top.id}:status`);

    // With an agent on it, the bot still points to 112/113 once, and the agent reads both lines.
    const first = (await queue.ticketOf('first'))!;
    await queue.claim(first.id, BOT, anne);
    const withAgent = await bot.handle('first', { type: 'text', text: 'ik wil niet meer leven' });
    expect(replyTexts(withAgent.outputs).join('\n')).toContain('113');
    expect((await queue.messages(first.id)).slice(-2).map((m) => m.from)).toEqual(['resident', 'bot']);
    expect(await queue.ticket(first.id)).toMatchObject({ status: 'assigned', priority: 'urgent' });
    const later = await bot.handle('first', { type: 'text', text: 'ik wil niet meer leven' });
    expect(later.outputs).toEqual([]);
    await bot.close();
  });

  it('with nobody signed in: says so, offers a callback and takes it (validated) as a task', async () => {
    const { bot, queue } = await rig();
    const r = await bot.handle('cb', { type: 'text', text: 'ik heb schulden en de deurwaarder staat voor de deur' });
    const text = replyTexts(r.outputs).join('\n');
    expect(text).toContain('Er is nu geen medewerker vrij');
    expect(r.outputs.at(-1)).toMatchObject({ buttons: [{ title: 'Bel mij terug' }, { title: 'Verder met de chatbot' }] });
    expect(r.handover).toMatchObject({ reasons: ['complex'], unavailable: 'no_agents' });
    expect(r.handoff?.map((h) => (h.kind === 'status' ? h.state : h.kind))).toEqual(['initiate', 'failed']);
    expect(await queue.waiting(BOT)).toEqual([]);
    expect(await say(bot, 'cb', 'Bel mij terug')).toContain('Wat is uw naam?');
    expect(await say(bot, 'cb', 'Fatima el Amrani')).toMatch(/telefoonnummer/);
    expect(await say(bot, 'cb', '12345')).toMatch(/telefoonnummer/i);
    expect(await say(bot, 'cb', '06 12345678')).toMatch(/dag/);
    expect(await say(bot, 'cb', 'zaterdag')).toMatch(/werkdag|weekend/i);
    expect(await say(bot, 'cb', 'morgen')).toMatch(/ochtend|middag/);
    const confirm = await say(bot, 'cb', "'s middags");
    expect(confirm).toContain('Fatima el Amrani');
    const done = await say(bot, 'cb', 'ja');
    const reference = /TBV-[A-Z0-9]{6}/.exec(done)?.[0];
    expect(reference).toBeDefined();
    const [task] = await bot.callbacks.list(BOT);
    expect(task).toMatchObject({ reference, name: 'Fatima el Amrani', phone: '+31612345678', reasons: ['complex'], status: 'open' });
    expect(task.moment).toMatch(/woensdag 11 maart.*middag/i);
    expect(task.summary).toContain('deurwaarder');
    await bot.close();
  });

  it('outside office hours: names the next opening and continues with the bot when asked', async () => {
    const { bot } = await rig(new Date('2026-03-14T11:00:00+01:00')); // a Saturday
    const r = await say(bot, 'w', 'ik wil een medewerker spreken');
    expect(r).toContain('We zijn er weer op maandag 16 maart om 9.00 uur');
    expect(await say(bot, 'w', 'Verder met de chatbot')).toContain('Kan ik u ergens anders mee helpen?');
    expect(await say(bot, 'w', 'ik wil iets melden')).toContain('Waar gaat uw melding over?');
    await bot.close();
  });

  it('offers a callback after a long wait, and expires a handover nobody takes', async () => {
    const { bot, queue, clock, delivered } = await rig();
    queue.connect(BOT, anne);
    await say(bot, 'long', 'ik wil een medewerker spreken');
    clock.at += 11 * 60_000;
    await queue.sweep();
    const offer = await delivered('long');
    expect(offer.texts[0]).toContain('Het duurt langer dan we hoopten');
    expect(offer.outputs[0]).toMatchObject({ buttons: [{ title: 'Bel mij terug' }, { title: 'Blijven wachten' }, { title: 'Verder met de chatbot' }] });
    expect(await say(bot, 'long', 'Blijven wachten')).toContain('u blijft in de wachtrij');
    await queue.sweep();
    expect((await delivered('long')).texts).toEqual([]); // offered once only
    clock.at += 60 * 60_000;
    await queue.sweep();
    const expired = await delivered('long');
    expect(expired.texts[0]).toContain('niet gelukt');
    expect(expired.handoff).toEqual([{ kind: 'status', state: 'failed', message: expect.any(String) }]);
    expect((await queue.recent(BOT))[0]).toMatchObject({ conversationId: 'long', status: 'expired' });
    expect(await say(bot, 'long', 'bel mij terug')).toContain('Wat is uw naam?');
    await bot.close();
  });

  it('loses nothing across a restart: the waiting conversation and what the resident wrote', async () => {
    const first = await rig();
    first.queue.connect(BOT, anne);
    await say(first.bot, 'r', 'ik wil een medewerker spreken');
    await say(first.bot, 'r', 'het gaat over mijn uitkering');
    await first.bot.close();
    const sql = SqliteSql.open(first.queueFile);
    const queue = new HandoverQueue(sql, { now: () => NOW, sweepEveryMs: 0 });
    const ticket = (await queue.ticketOf('r'))!;
    expect(ticket.status).toBe('pending');
    expect((await queue.messages(ticket.id)).map((m) => m.text)).toContain('het gaat over mijn uitkering');
    await queue.close();
    await sql.close();
  });

  it('refuses an agent after the WhatsApp 24-hour window with a clear message', async () => {
    const { bot, queue, clock } = await rig();
    queue.connect(BOT, anne);
    await bot.handle('whatsapp:31612345678', { type: 'text', text: 'ik wil een medewerker spreken' }, 'whatsapp');
    const ticket = (await queue.ticketOf('whatsapp:31612345678'))!;
    await queue.claim(ticket.id, BOT, anne);
    clock.at += 25 * 3_600_000;
    await expect(queue.reply(ticket.id, BOT, anne, 'Bent u er nog?')).rejects.toThrow(/meer dan 24 uur geleden.*sjabloonbericht/);
    await bot.handle('whatsapp:31612345678', { type: 'text', text: 'ja hoor' }, 'whatsapp');
    expect(await queue.reply(ticket.id, BOT, anne, 'Fijn!')).toMatchObject({ from: 'agent', text: 'Fijn!' });
    await bot.close();
  });
});
