import type { Activity } from 'botbuilder';
import { ReusingBotFrameworkAuthentication } from '../../src/server/reusingAuthentication';

const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'webchat', serviceUrl }) as Activity;

describe('ReusingBotFrameworkAuthentication', () => {
  it('makes one connector per service URL and reuses it for every activity', async () => {
    const auth = new ReusingBotFrameworkAuthentication({});
    const first = await auth.authenticateRequest(activity('https://webchat.example/'), '');
    const second = await auth.authenticateRequest(activity('https://webchat.example/'), '');
    const a = await first.connectorFactory!.create('https://webchat.example/', first.audience);
    const b = await second.connectorFactory!.create('https://webchat.example/', second.audience);
    const elsewhere = await second.connectorFactory!.create('https://teams.example/', second.audience);
    expect(b).toBe(a);
    expect(elsewhere).not.toBe(a);
    // Proactive messages (continueConversation) get the same connector.
    expect(await auth.createConnectorFactory(first.claimsIdentity).create('https://webchat.example/', first.audience)).toBe(a);
  });

  it('reuses the user token client of the same app', async () => {
    const auth = new ReusingBotFrameworkAuthentication({});
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://webchat.example/'), '');
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(await auth.createUserTokenClient(claimsIdentity));
  });
});
