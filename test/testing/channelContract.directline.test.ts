import WebSocket from 'ws';
import { describeChannelContract, type ChannelClient, type SeenReply } from '../../src';
import { call, type Json } from '../channels/directline/helpers';

interface Conversation { id: string; token: string; streamUrl: string; watermark: string }

const seen = (activities: Json[]): SeenReply => {
  const replies = activities.filter((a) => a.from?.role === 'bot' && a.type === 'message');
  return { texts: replies.map((a) => a.text ?? ''), options: replies.flatMap((a) => a.suggestedActions?.actions.map((x: Json) => x.title) ?? []) };
};

/** Loket's own Direct Line channel, as Web Chat speaks to it: tokens, posted activities, the log and the WebSocket. */
class DirectLineClient implements ChannelClient {
  private readonly conversations = new Map<string, Conversation>();

  constructor(private readonly url: string) {}

  async send(name: string, text: string): Promise<SeenReply> {
    return this.post(name, { text });
  }

  shareLocation(name: string, latitude: number, longitude: number): Promise<SeenReply> {
    return this.post(name, { entities: [{ type: 'GeoCoordinates', latitude, longitude }] });
  }

  sendPhoto(name: string): Promise<SeenReply> {
    return this.post(name, { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.invalid/foto.jpg', name: 'foto.jpg' }] });
  }

  /** Pushed activities land in the conversation's log after the watermark; the stream sends them as they come. */
  async nextPush(name: string): Promise<SeenReply> {
    const c = await this.conversation(name);
    // The stream URL carries an empty watermark already: replace it, as Web Chat's reconnect does.
    const url = new URL(c.streamUrl);
    url.searchParams.set('watermark', c.watermark);
    const ws = new WebSocket(url);
    try {
      return await new Promise<SeenReply>((resolve, reject) => {
        ws.on('error', reject);
        ws.on('message', (data) => {
          const page = JSON.parse(String(data)) as { activities: Json[]; watermark: string };
          const reply = seen(page.activities);
          if (!reply.texts.length) return;
          c.watermark = page.watermark;
          resolve(reply);
        });
      });
    } finally {
      ws.close();
    }
  }

  async sendMalformed(): Promise<{ status: number; error: string }> {
    const c = await this.conversation('malformed');
    const r = await call('POST', `${this.url}/v3/directline/conversations/${c.id}/activities`, { token: c.token, body: '{"type": "message", ' });
    return { status: r.status, error: r.json?.error?.message };
  }

  private async post(name: string, activity: object): Promise<SeenReply> {
    const c = await this.conversation(name);
    const r = await call('POST', `${this.url}/v3/directline/conversations/${c.id}/activities`, { token: c.token, body: { type: 'message', from: { id: name }, ...activity } });
    if (r.status !== 200) throw new Error(`posting an activity gave HTTP ${r.status}: ${JSON.stringify(r.json)}`);
    const page = await this.page(c);
    return seen(page.activities);
  }

  private async page(c: Conversation): Promise<{ activities: Json[] }> {
    const r = await call('GET', `${this.url}/v3/directline/conversations/${c.id}/activities?watermark=${c.watermark}`, { token: c.token });
    c.watermark = r.json.watermark ?? c.watermark;
    return r.json;
  }

  private async conversation(name: string): Promise<Conversation> {
    const known = this.conversations.get(name);
    if (known) return known;
    const token = (await call('POST', `${this.url}/v3/directline/tokens/generate`, { body: { user: { id: name } } })).json.token;
    const started = (await call('POST', `${this.url}/v3/directline/conversations`, { token })).json;
    const c: Conversation = { id: started.conversationId, token: started.token, streamUrl: started.streamUrl, watermark: '' };
    await this.page(c); // past the greeting
    this.conversations.set(name, c);
    return c;
  }
}

describeChannelContract('Direct Line (Loket\'s own web chat channel)', { connect: ({ url }) => new DirectLineClient(url), media: true });
