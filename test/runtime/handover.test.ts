import { MemoryHandoverAdapter } from '../../src/handover';
import type { Output } from '../../src/engine';
import type { Loket } from '../../src/runtime';
import { exampleBot, say } from './helpers';

describe('handover through the runtime', () => {
  let bot: Loket;
  const queue = new MemoryHandoverAdapter();
  const pushed: { id: string; outputs: Output[] }[] = [];
  beforeAll(async () => {
    bot = await exampleBot({ handover: queue });
    bot.onProactive((id, outputs) => pushed.push({ id, outputs }));
  });
  afterAll(() => bot.close());

  it('gives 112/113 at once in a crisis and queues it first, with transcript and slots', async () => {
    await say(bot, 'normal', 'ik wil een medewerker spreken');
    await say(bot, 'melding', 'de lantaarnpaal bij Kerkstraat 12 is kapot');
    const reply = await say(bot, 'melding', 'ik wil niet meer leven');
    expect(reply.indexOf('112')).toBeGreaterThanOrEqual(0);
    expect(reply).toContain('113');
    const [first, second] = queue.queue();
    expect(first).toMatchObject({ conversationId: 'melding', priority: 'urgent', reasons: ['crisis'], flow: 'melding-openbare-ruimte' });
    expect(first.slots).toMatchObject({ categorie: 'Straatverlichting', locatie: expect.stringContaining('Kerkstraat 12') });
    expect(first.transcript.map((l) => l.from)).toEqual(['resident', 'bot', 'resident', 'bot', 'bot']);
    expect(second).toMatchObject({ conversationId: 'normal', priority: 'normal', reasons: ['person'] });
  });

  it('stays silent while a person has the conversation and forwards every message', async () => {
    await say(bot, 'p1', 'mag ik iemand aan de lijn');
    const r = await bot.handle('p1', { type: 'text', text: 'ik wacht nog steeds' });
    expect(r.outputs).toEqual([]);
    expect(r.forwardToAgent).toBe(true);
    expect(queue.forwarded('p1').map((l) => l.text)).toEqual(['ik wacht nog steeds']);
  });

  it('delivers agent messages and hands back to the bot on release', async () => {
    await say(bot, 'p2', 'ik wil graag teruggebeld worden');
    queue.assign('p2');
    queue.reply('p2', 'Goedemiddag, met Anne.');
    queue.release('p2');
    await bot.handle('p2', { type: 'start' }); // queued behind the agent's message and the release
    const texts = pushed.filter((p) => p.id === 'p2').flatMap((p) => p.outputs.map((o) => (o.type === 'text' ? o.text : '')));
    expect(texts).toEqual(['Goedemiddag, met Anne.', expect.stringContaining('weer met de digitale assistent')]);
    expect(queue.status('p2')).toBe('returned');
    expect(await say(bot, 'p2', 'wat zijn de openingstijden')).toContain('9.00 tot 17.00');
    const state = await bot.state('p2');
    expect(state.transcript.some((l) => l.from === 'agent' && l.text === 'Goedemiddag, met Anne.')).toBe(true);
  });
});
