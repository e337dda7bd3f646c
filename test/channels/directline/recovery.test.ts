import type { RunningServer } from '../../../src/server';
import { DirectLineStore, JOIN } from '../../../src/channels/directline/store';
import { openSql } from '../../../src/storage';
import { activities, call, say, start, startConversation, stateFile, type Json } from './helpers';

/**
 * An accepted message is answered exactly once. The crash is reproduced in the database: a message in the log and
 * the inbox, accepted a minute ago by a server that then died (kill -9 leaves exactly that behind).
 */
describe('Direct Line: no lost and no doubled turn after a crash', () => {
  const minuteAgo = () => new Date(Date.now() - 60_000);

  /** What a dead server left behind: the store as it was, changed while no server runs. */
  async function whileDown<T>(file: string, work: (store: DirectLineStore) => Promise<T>): Promise<T> {
    const sql = openSql(file);
    try {
      return await work(await DirectLineStore.open(sql));
    } finally {
      await sql.close();
    }
  }

  const bot = (list: Json[]) => list.filter((a) => a.from?.role === 'bot' && a.type === 'message');

  it('answers a message that was accepted but never answered, when the server starts again', async () => {
    const file = stateFile();
    let s: RunningServer = await start({ stateFile: file });
    const c = await startConversation(s);
    await s.close();
    const accepted = await whileDown(file, async (store) => {
      const conversation = (await store.get(c.conversationId))!;
      return (await store.append(conversation.id, { type: 'message', text: 'hoe laat is het gemeentehuis open?', from: { id: 'resident-1', name: 'Resident', role: 'user' }, channelId: 'directline', conversation: { id: conversation.id } as never, recipient: { id: conversation.botId, name: 'Loket' } }, { inbox: true, now: minuteAgo() })).activity;
    });
    s = await start({ stateFile: file });
    try {
      await inboxEmpty(file);
      const replies = bot((await activities(s, c)).activities).filter((a) => a.replyToId === accepted.id);
      expect(replies.map((a) => a.text).join(' ')).toMatch(/9\.00 tot 17\.00/);
    } finally {
      await s.close();
    }
  });

  it('does not answer twice a message whose answer was sent before the crash', async () => {
    const file = stateFile();
    let s: RunningServer = await start({ stateFile: file });
    const c = await startConversation(s);
    const posted = await say(s, c, 'hoe laat is het gemeentehuis open?');
    const before = (await activities(s, c)).activities;
    await s.close();
    // The crash came after the answer, before the message was marked done: it is back in the inbox.
    const seq = Number(String(posted.json.id).split('|')[1]);
    await whileDown(file, async () => {
      const sql = openSql(file);
      await sql.run('INSERT INTO directline_inbox (conversation_id, seq, received_at) VALUES (?, ?, ?)', [c.conversationId, seq, minuteAgo().toISOString()]);
      await sql.close();
    });
    s = await start({ stateFile: file });
    try {
      await inboxEmpty(file);
      const after = (await activities(s, c)).activities;
      expect(after.map((a: Json) => a.id)).toEqual(before.map((a: Json) => a.id));
      expect(bot(after).filter((a) => a.replyToId === posted.json.id).length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it('sends the welcome of a start whose instance died before it: at once when the start is repeated, else by itself', async () => {
    const file = stateFile();
    let s: RunningServer = await start({ stateFile: file });
    const lost = await startConversation(s);
    const repeated = await startConversation(s);
    await s.close();
    // The crash came after the turn of the start, before its welcome was in the log: the start is still in the inbox,
    // one from a minute ago, one from just now (not yet due for the server's own recovery).
    await whileDown(file, async () => {
      const sql = openSql(file);
      for (const [c, at] of [[lost, minuteAgo()], [repeated, new Date()]] as const) {
        await sql.run('DELETE FROM directline_activities WHERE conversation_id = ?', [c.conversationId]);
        await sql.run('UPDATE directline_conversations SET next_seq = 0 WHERE id = ?', [c.conversationId]);
        await sql.run('INSERT INTO directline_inbox (conversation_id, seq, received_at) VALUES (?, ?, ?)', [c.conversationId, JOIN, at.toISOString()]);
      }
      await sql.close();
    });
    s = await start({ stateFile: file });
    try {
      // The client repeats the start it got no answer to: the conversation is there (200), and the welcome comes now.
      const again = await call('POST', `${s.url}/v3/directline/conversations`, { token: repeated.token });
      expect(again.status).toBe(200);
      expect(bot((await activities(s, repeated)).activities).map((a) => a.text)).toEqual([expect.stringMatching(/Ik ben Loket/)]);
      // Nobody repeats the other start: the server sends its welcome as it answers any accepted message left over.
      await inboxEmpty(file);
      expect(bot((await activities(s, lost)).activities).map((a) => a.text)).toEqual([expect.stringMatching(/Ik ben Loket/)]);
      expect(bot((await activities(s, repeated)).activities)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  /** Waits until the running server has dealt with the inbox (read through a second connection; WAL allows it). */
  async function inboxEmpty(file: string): Promise<void> {
    const sql = openSql(file);
    try {
      for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
        if ((await sql.all('SELECT * FROM directline_inbox')).length === 0) return;
      }
      throw new Error('the inbox was not emptied within 10 s');
    } finally {
      await sql.close();
    }
  }
});
