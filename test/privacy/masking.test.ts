/**
 * A BSN, an IBAN and a card number typed into the web chat, end to end on a real server: none of them reaches a
 * table or a byte of the SQLite files (the Direct Line log, the conversation state, a melding, the queue's messages,
 * a callback request), while the phone number and address the flows asked for are kept. The resident hears once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replyTexts } from '../../src/runtime';
import type { RunningServer } from '../../src/server';
import { openDatabase } from '../../src/storage/sqlite';
import { BOT, queueOf, scratchRoot, startScratchServer } from '../agentconsole/helpers';
import { exampleBot } from '../runtime/helpers';

jest.setTimeout(60_000);

const BSN = '111222333';
const IBAN = 'NL91 ABNA 0417 1643 00';
const CARD = '4111 1111 1111 1111';
const WARNING = 'Voor uw veiligheid: deel geen BSN, rekeningnummer of pasnummer in de chat.';

/** A resident in the web chat (Direct Line over HTTP): each message waits for the bot's turn. */
async function webChat(url: string) {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const { token } = await call('POST', '/v3/directline/tokens/generate', { user: { id: `u-${Math.random().toString(36).slice(2)}` } });
  const { conversationId } = await call('POST', '/v3/directline/conversations', undefined, token);
  return {
    conversationId,
    say: async (...texts: string[]) => {
      for (const text of texts) await call('POST', `/v3/directline/conversations/${conversationId}/activities`, { type: 'message', text }, token);
    },
    log: async (): Promise<{ from: { role?: string }; text?: string }[]> => (await call('GET', `/v3/directline/conversations/${conversationId}/activities`, undefined, token)).activities,
  };
}

/** Every row of every table in the server's two SQLite files, as text. */
function tables(root: string): string {
  const texts: string[] = [];
  for (const file of [join(root, '.loket', 'state.sqlite'), join(root, '.loket', `${BOT}.sqlite`)]) {
    const db = openDatabase(file);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) texts.push(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
    db.close();
  }
  return texts.join('\n');
}

/** The raw bytes of the SQLite files with their write-ahead logs, as Latin-1 so any stored ASCII shows. */
function bytes(root: string): string {
  return ['state.sqlite', `${BOT}.sqlite`].flatMap((f) => [f, `${f}-wal`]).map((f) => join(root, '.loket', f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

describe('identifiers typed in the chat', () => {
  let s: RunningServer;
  let root: string;
  const stop: (() => void)[] = [];
  beforeAll(async () => {
    root = scratchRoot();
    s = await startScratchServer(root);
  });
  afterAll(async () => {
    stop.forEach((off) => off());
    await s.close();
  });

  it('are masked in everything stored, and the resident hears once why', async () => {
    const melding = await webChat(s.url);
    await melding.say('de lantaarnpaal bij Kerkstraat 12 is kapot', `hij brandt niet, mijn bsn is ${BSN}`, 'overslaan', 'nee', 'ja');
    const log = await melding.log();
    expect(log.filter((a) => a.from.role !== 'bot').map((a) => a.text)).toContain('hij brandt niet, mijn bsn is •••••••••');
    expect(log.filter((a) => a.text?.startsWith(WARNING))).toHaveLength(1);
    expect(log.at(-1)?.text).toMatch(/MLD-/);

    // Waiting for a person: what the resident writes goes to the queue, masked.
    const queue = queueOf(s);
    stop.push(queue.connect(BOT, { username: 'anne', name: 'Anne' }));
    const handover = await webChat(s.url);
    await handover.say('ik wil een medewerker spreken', `mijn iban is ${IBAN}`);
    const ticket = (await queue.ticketOf(`directline:${handover.conversationId}`))!;
    expect((await queue.messages(ticket.id)).map((m) => m.text)).toContain('mijn iban is •••• •••• •••• •••• ••');
    expect((await handover.log()).filter((a) => a.text?.startsWith(WARNING))).toHaveLength(1);
    stop.pop()!();

    // Nobody online: a callback request, whose summary is what the resident wrote; the phone number asked for stays.
    const callback = await webChat(s.url);
    await callback.say(`mijn pas ${CARD} is geblokkeerd, ik wil een medewerker spreken`, 'Bel mij terug', 'Jan de Vries', '0612345678', 'donderdag', 'ochtend', 'ja');
    const [task] = await s.bots.get(BOT)!.loket.callbacks.list(BOT, 'open');
    expect(task).toMatchObject({ name: 'Jan de Vries', phone: expect.stringMatching(/0612345678|\+31612345678|06 12345678/) });
    expect(task.summary).toContain('mijn pas •••• •••• •••• •••• is geblokkeerd');

    const stored = tables(root);
    expect(stored).toContain('Kerkstraat 12');
    expect(stored).toContain('•••••••••');
    const raw = bytes(root);
    expect(raw).toContain('Jan de Vries');
    for (const v of [BSN, IBAN, IBAN.replace(/ /g, ''), CARD, CARD.replace(/ /g, '')]) {
      expect(stored).not.toContain(v);
      expect(raw).not.toContain(v);
    }
  });
});

describe('the warning about identifiers', () => {
  it('comes before the answer, so a question stays last, and right after the message in the transcript', async () => {
    const bot = await exampleBot();
    const r = await bot.handle('w1', { type: 'text', text: `de lantaarnpaal bij Kerkstraat 12 is kapot, bsn ${BSN}` });
    const texts = replyTexts(r.outputs);
    expect(texts[0]).toMatch(/^Voor uw veiligheid/);
    expect(texts.length).toBeGreaterThan(1);
    expect(r.state.transcript.map((l) => l.text.slice(0, 20))).toEqual([`de lantaarnpaal bij `, 'Voor uw veiligheid: ', ...texts.slice(1).map((t) => t.slice(0, 20))]);
    expect(r.state.transcript[0].text).toBe('de lantaarnpaal bij Kerkstraat 12 is kapot, bsn •••••••••');
    await bot.close();
  });

  it('comes after the answer to a crisis', async () => {
    const bot = await exampleBot();
    const texts = replyTexts((await bot.handle('w2', { type: 'text', text: `ik wil niet meer leven, mijn bsn is ${BSN}` })).outputs);
    expect(texts[0]).toContain('113');
    expect(texts.at(-1)).toMatch(/^Voor uw veiligheid/);
    await bot.close();
  });

  it('is not said for a phone number or e-mail address; a BSN in a file name is masked and warned about', async () => {
    const bot = await exampleBot();
    expect(replyTexts((await bot.handle('w3', { type: 'text', text: 'bel me op 06 12345609 of mail naar 111222333@example.nl' })).outputs).join()).not.toContain('Voor uw veiligheid');
    const photo = await bot.handle('w4', { type: 'attachment', attachment: { url: 'https://example.invalid/a.jpg', contentType: 'image/jpeg', name: `paspoort ${BSN}.jpg` } });
    expect(replyTexts(photo.outputs)[0]).toMatch(/^Voor uw veiligheid/);
    expect(photo.state.transcript[0].text).toBe('[bijlage paspoort •••••••••.jpg]');
    await bot.close();
  });
});
