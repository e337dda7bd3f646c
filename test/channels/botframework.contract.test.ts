import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PACKAGE_ROOT } from '../../src/paths';
import { startServer } from '../../src/server';
import { describeChannelContract, type SeenReply } from './contract';

/** The Bot Framework endpoint (CloudAdapter), spoken to over HTTP with deliveryMode expectReplies. */
describeChannelContract('Bot Framework /api/messages', async () => {
  const s = await startServer({ root: PACKAGE_ROOT, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile: join(mkdtempSync(join(tmpdir(), 'loket-bf-')), 'state.sqlite') });
  const post = async (conversation: string, extra: object): Promise<SeenReply> => {
    const res = await fetch(`${s.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', deliveryMode: 'expectReplies', channelId: 'contract', conversation: { id: conversation }, from: { id: 'resident' }, recipient: { id: 'loket' }, serviceUrl: 'http://127.0.0.1:9', ...extra }),
    });
    const { activities } = (await res.json()) as { activities: { text?: string; suggestedActions?: { actions: { title: string }[] } }[] };
    return { texts: activities.map((a) => a.text ?? ''), options: activities.flatMap((a) => a.suggestedActions?.actions.map((x) => x.title) ?? []) };
  };
  return {
    say: (id, text) => post(id, { text }),
    choose: (id, option) => post(id, { text: option }),
    shareLocation: (id, latitude, longitude) => post(id, { entities: [{ type: 'GeoCoordinates', latitude, longitude }] }),
    sendPhoto: (id) => post(id, { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.invalid/foto.jpg', name: 'foto.jpg' }] }),
    sendMalformed: async () => {
      const res = await fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message", ' });
      return { refused: res.status === 400, message: ((await res.json()) as { error: string }).error };
    },
    close: () => s.close(),
  };
});
