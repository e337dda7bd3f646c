import { describeChannelContract, type SeenReply } from '../contract';
import { activities, call, start, type Json, type Started } from './helpers';

/** Direct Line over HTTP: post an activity, then read what came after the last watermark. */
describeChannelContract('Direct Line /v3/directline', async () => {
  const s = await start();
  const conversations = new Map<string, Started & { watermark: string }>();
  const open = async (name: string): Promise<Started & { watermark: string }> => {
    const gen = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
    const started: Started = (await call('POST', `${s.url}/v3/directline/conversations`, { token: gen.token })).json;
    const c = { ...started, watermark: (await activities(s, started)).watermark ?? '' };
    conversations.set(name, c);
    return c;
  };
  const post = async (name: string, activity: object): Promise<SeenReply> => {
    const c = conversations.get(name) ?? (await open(name));
    const r = await call('POST', `${s.url}/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token, body: { type: 'message', from: { id: 'resident' }, ...activity } });
    expect(r.status).toBe(200);
    const page = await activities(s, c, c.watermark);
    c.watermark = page.watermark ?? c.watermark;
    const replies = page.activities.filter((a: Json) => a.from.role === 'bot');
    return { texts: replies.map((a: Json) => a.text ?? ''), options: replies.flatMap((a: Json) => a.suggestedActions?.actions.map((x: Json) => x.title) ?? []) };
  };
  return {
    say: (id, text) => post(id, { text }),
    choose: (id, option) => post(id, { text: option }),
    shareLocation: (id, latitude, longitude) => post(id, { entities: [{ type: 'GeoCoordinates', latitude, longitude }] }),
    sendPhoto: (id) => post(id, { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.invalid/foto.jpg', name: 'foto.jpg' }] }),
    sendMalformed: async () => {
      const gen = (await call('POST', `${s.url}/v3/directline/tokens/generate`)).json;
      const r = await call('POST', `${s.url}/v3/directline/conversations/${gen.conversationId}/activities`, { token: gen.token, body: '{"type": "message", ' });
      return { refused: r.status === 400, message: r.json.error.message };
    },
    close: () => s.close(),
  };
});
