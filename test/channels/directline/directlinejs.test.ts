/**
 * Microsoft's own Direct Line client (the one botframework-webchat uses) against Loket, in Node: XMLHttpRequest from
 * xhr2 and WebSocket from ws stand in for the browser's.
 */
import type { Activity, DirectLine as DirectLineType } from 'botframework-directlinejs';
import WebSocket from 'ws';
import type { RunningServer } from '../../../src/server';
import { call, start } from './helpers';

const g = globalThis as Record<string, unknown>;

describe('Direct Line: botframework-directlinejs unchanged', () => {
  let s: RunningServer;
  let DirectLine: typeof DirectLineType;
  beforeAll(async () => {
    g.XMLHttpRequest = require('xhr2');
    g.WebSocket = WebSocket;
    ({ DirectLine } = await import('botframework-directlinejs'));
    s = await start();
  });
  afterAll(async () => {
    await s.close();
    delete g.XMLHttpRequest;
    delete g.WebSocket;
  });

  it('starts the conversation, gets the welcome, posts a message and receives the reply through activity$', async () => {
    const { token } = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
    const dl = new DirectLine({ domain: `${s.url}/v3/directline`, token, webSocket: true });
    const seen: Activity[] = [];
    const sub = dl.activity$.subscribe((a) => void seen.push(a));
    const waitFor = async (predicate: (a: Activity) => boolean): Promise<Activity> => {
      for (let i = 0; i < 250; i++) {
        const found = seen.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`not seen; got ${JSON.stringify(seen.map((a) => ('text' in a ? a.text : a.type)))}`);
    };
    try {
      const welcome = await waitFor((a) => a.type === 'message' && /Ik ben Loket/.test(a.text ?? ''));
      expect(welcome.from.role).toBe('bot');
      const id = await new Promise<string>((resolve, reject) => {
        dl.postActivity({ type: 'message', from: { id: 'resident-web', name: 'Resident' }, text: 'ik wil iets melden', channelData: { clientActivityID: 'web-1' } } as Activity).subscribe(resolve, reject);
      });
      expect(id).toMatch(/\|0000001$/);
      const echo = await waitFor((a) => a.id === id);
      expect(echo.channelData).toEqual({ clientActivityID: 'web-1' });
      const reply = await waitFor((a) => (a as Activity & { replyToId?: string }).replyToId === id);
      expect(reply.type === 'message' && reply.text).toBe('Waar gaat uw melding over?');
      expect(reply.type === 'message' && reply.suggestedActions?.actions.map((x) => x.title)).toContain('Afval');
    } finally {
      sub.unsubscribe();
      dl.end();
    }
  });
});
