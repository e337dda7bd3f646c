import { MessageFactory, type CardAction } from 'botbuilder';
import pino from 'pino';
import { GraphClient, LIMITS, WhatsAppAdapter, WhatsAppError, plainLinks, renderActivity, splitText, truncate, validSignature, payloadProblem } from '../../../src/channels/whatsapp';
import type { LoketBot } from '../../../src/channels/loketBot';
import { WhatsAppConversations } from '../../../src/channels/whatsapp/conversations';
import { SqliteSql } from '../../../src/storage';
import { openDatabase } from '../../../src/storage/sqlite';
import { FakeGraph, checkMessage } from './fakeGraph';
import { PHONE_ID, TOKEN, VERSION, sign } from './helpers';

const actions = (n: number, title = (i: number) => `Optie ${i + 1}`): CardAction[] => Array.from({ length: n }, (_, i) => ({ type: 'imBack', title: title(i), value: `waarde-${i + 1}` }));
const envelope = (m: object) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '31600000000', ...m });

describe('rendering activities as WhatsApp messages', () => {
  it('sends plain text with link previews and turns markdown links into "title: url"', () => {
    const r = renderActivity({ ...MessageFactory.text('[Afvalkalender](https://www.voorbeeld.nl/afvalkalender)'), textFormat: 'markdown' });
    expect(r.messages).toEqual([{ type: 'text', text: { body: 'Afvalkalender: https://www.voorbeeld.nl/afvalkalender', preview_url: true } }]);
    expect(plainLinks('Zie [a](https://a.nl) en [b c](https://b.nl/x?y=1).')).toBe('Zie a: https://a.nl en b c: https://b.nl/x?y=1.');
  });

  it('splits texts over 4096 characters at sentence and line boundaries', () => {
    const sentence = 'Dit is een zin over afval en de milieustraat. ';
    const long = sentence.repeat(200).trim();
    const parts = splitText(long);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(LIMITS.text);
      expect(p.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(long);
    const lines = Array.from({ length: 300 }, (_, i) => `Regel ${i} met wat tekst erbij`).join('\n');
    const byLine = splitText(lines);
    expect(byLine.every((p) => p.length <= 4096 && !p.startsWith('\n'))).toBe(true);
    expect(byLine.join('\n')).toBe(lines);
    const noBreaks = 'x'.repeat(9000);
    expect(splitText(noBreaks).map((p) => p.length)).toEqual([4096, 4096, 808]);
    const emoji = '😀'.repeat(3000); // 6000 UTF-16 units: never split inside a surrogate pair
    expect(splitText(emoji).join('')).toBe(emoji);
    expect(splitText(emoji).every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('uses reply buttons for 1-3 options, titles truncated to 20 with …', () => {
    const r = renderActivity(MessageFactory.suggestedActions(actions(3, (i) => (i === 2 ? 'Verkeersbord of verkeerslicht' : `Optie ${i + 1}`)), 'Kies maar'));
    expect(r.messages).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Kies maar' },
          action: { buttons: [{ type: 'reply', reply: { id: 'waarde-1', title: 'Optie 1' } }, { type: 'reply', reply: { id: 'waarde-2', title: 'Optie 2' } }, { type: 'reply', reply: { id: 'waarde-3', title: 'Verkeersbord of ver…' } }] },
        },
      },
    ]);
    expect(truncate('Verkeersbord of verkeerslicht', 20)).toHaveLength(20);
    for (const m of r.messages) expect(checkMessage(envelope(m))).toBeUndefined();
  });

  it('sends a long text before the buttons when it does not fit the 1024-character body', () => {
    const text = 'Lange uitleg. '.repeat(100);
    const r = renderActivity(MessageFactory.suggestedActions(actions(2), text));
    expect(r.messages.map((m) => m.type)).toEqual(['text', 'interactive']);
    for (const m of r.messages) expect(checkMessage(envelope(m))).toBeUndefined();
  });

  it('uses a list for 4-10 options and numbered lines above 10', () => {
    const list = renderActivity(MessageFactory.suggestedActions(actions(10), 'Waarover?'));
    expect(list.messages).toHaveLength(1);
    expect(checkMessage(envelope(list.messages[0]))).toBeUndefined();
    const numbered = renderActivity(MessageFactory.suggestedActions(actions(11), 'Waarover?'));
    expect(numbered.numbered).toEqual(Array.from({ length: 11 }, (_, i) => `waarde-${i + 1}`));
    expect(numbered.messages).toEqual([{ type: 'text', text: { body: expect.stringMatching(/^Waarover\?\n\n1\. Optie 1\n2\. Optie 2[\s\S]*11\. Optie 11\n\nTyp het nummer van uw keuze\.$/), preview_url: true } }]);
  });

  it('keeps reply ids within 256 characters and skips duplicate values', () => {
    const r = renderActivity(MessageFactory.suggestedActions([{ type: 'imBack', title: 'Lang', value: 'x'.repeat(300) }, { type: 'imBack', title: 'A', value: 'a' }, { type: 'imBack', title: 'A2', value: 'a' }], 'Kies'));
    const buttons = (r.messages[0] as { interactive: { action: { buttons: { reply: { id: string } }[] } } }).interactive.action.buttons;
    expect(buttons.map((b) => b.reply.id.length)).toEqual([256, 1]);
  });

  it('renders nothing for typing and trace activities', () => {
    expect(renderActivity({ type: 'typing' }).messages).toEqual([]);
    expect(renderActivity({ type: 'trace', text: 'x' }).messages).toEqual([]);
  });
});

describe('signatures and payload shape', () => {
  it('checks X-Hub-Signature-256 over the exact bytes', () => {
    const raw = Buffer.from('{"entry":[]}');
    expect(validSignature(raw, sign(raw, 's'), 's')).toBe(true);
    expect(validSignature(raw, sign(raw, 's').toUpperCase().replace('SHA256', 'sha256'), 's')).toBe(true);
    expect(validSignature(raw, sign(raw, 't'), 's')).toBe(false);
    expect(validSignature(raw, undefined, 's')).toBe(false);
    expect(validSignature(raw, 'sha1=abc', 's')).toBe(false);
    expect(validSignature(Buffer.from('{"entry": []}'), sign(raw, 's'), 's')).toBe(false);
  });

  it('names what is wrong with a payload', () => {
    expect(payloadProblem({ entry: [] })).toBeUndefined();
    expect(payloadProblem(null)).toMatch(/entry/);
    expect(payloadProblem({ entry: [1] })).toMatch(/object/);
  });
});

describe('the adapter without a template', () => {
  const graph = new FakeGraph({ version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN });
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  function adapter(now: () => Date) {
    const log = pino({ level: 'silent' });
    const client = new GraphClient({ graphUrl: graph.url, version: VERSION, phoneNumberId: PHONE_ID, token: TOKEN, log, baseDelayMs: 1 });
    const bot = { loket: { content: { bot: { name: 'Gemeente Test' } } }, reachVia: () => undefined } as unknown as LoketBot;
    const conversations = new WhatsAppConversations(new SqliteSql(openDatabase(':memory:')), 'test');
    return new WhatsAppAdapter({ botId: 'test', bot, graph: client, phoneNumberId: PHONE_ID, mediaDir: '/nonexistent', conversations, log, now });
  }

  it('refuses to send outside the 24-hour window with outside_24h_window and calls nothing', async () => {
    let now = new Date('2026-03-10T10:00:00Z');
    const a = adapter(() => now);
    // a resident who never wrote: outside the window
    await expect(a.deliver('31600000042', [MessageFactory.text('Hallo')])).rejects.toMatchObject({ code: 'outside_24h_window' });
    expect(graph.requests).toEqual([]);
    // a resident who wrote: inside for 24 hours, not after
    await a.receive({ id: 'wamid.r1', from: '31600000042', type: 'reaction' });
    await a.deliver('31600000042', [MessageFactory.text('Hallo')]);
    expect(graph.sent).toHaveLength(1);
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000 + 1);
    const error = await a.deliver('31600000042', [MessageFactory.text('Nog iets')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatsAppError);
    expect((error as WhatsAppError).message).toMatch(/^outside_24h_window/);
    expect(graph.sent).toHaveLength(1);
  });

  it('gives up after 3 tries on 5xx with a clear error', async () => {
    const a = adapter(() => new Date());
    await a.receive({ id: 'wamid.r2', from: '31600000043', type: 'reaction' });
    graph.failNext = [500, 502, 503];
    await expect(a.deliver('31600000043', [MessageFactory.text('Hallo')])).rejects.toMatchObject({ code: 'graph_unavailable', status: 503 });
    expect(graph.failNext).toEqual([]);
  });
});
