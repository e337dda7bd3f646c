import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer } from '../../src/server';
import { call, OFFICE_HOURS, say, startConversation, type Started } from '../channels/directline/helpers';
import { BOT, botWithAdapter, untilText } from './remoteBot';
import { FakeChatwoot, type FakeUser } from './fakeChatwoot';

const ACCOUNT = 7;
const INBOX = 3;
const HOOK_TOKEN = 'e2e-chatwoot-hook-token-7c0d';
const ADMIN: FakeUser = { id: 1, name: 'Loket koppeling', email: 'loket@voorbeeld.nl', role: 'administrator', token: 'e2e-admin-token' };
const ANNA: FakeUser = { id: 2, name: 'Anna de Vries', available_name: 'Anna', email: 'anna@voorbeeld.nl', role: 'agent', token: 'e2e-anna-token' };

/** The example bot with `handover.adapter: chatwoot` pointing at the fake. */
const contentRoot = (chatwootUrl: string) => botWithAdapter([
  '  adapter: chatwoot',
  '  chatwoot:',
  `    url: ${chatwootUrl}`,
  `    account_id: ${ACCOUNT}`,
  `    inbox_id: ${INBOX}`,
  '    token_env: LOKET_TEST_CW_TOKEN',
  '    webhook_token_env: LOKET_TEST_CW_HOOK',
]);

describe('handover to Chatwoot through the real server', () => {
  let fake: FakeChatwoot;
  let root: string;
  let stateFile: string;

  beforeAll(async () => {
    fake = new FakeChatwoot({ accountId: ACCOUNT, inboxes: [{ id: INBOX, name: 'Loket', channel_type: 'Channel::Api' }], users: [ADMIN, ANNA] });
    await fake.start();
    root = contentRoot(fake.url);
    stateFile = join(mkdtempSync(join(tmpdir(), 'loket-cw-state-')), 'state.sqlite');
    Object.assign(process.env, { LOKET_TEST_CW_TOKEN: ADMIN.token, LOKET_TEST_CW_HOOK: HOOK_TOKEN, LOKET_DIRECTLINE_SECRET: 'direct-line-test-secret-0123456789abcdef' });
  });
  afterAll(() => fake.stop());

  const start = () => startServer({ root, port: 0, anonymous: true, log: pino({ level: 'silent' }), stateFile, now: () => OFFICE_HOURS });

  it('hands over, carries messages both ways, survives a restart and hands back to the bot', async () => {
    let s = await start();
    let c!: Started;
    try {
      const hook = `${s.url}/api/bots/${BOT}/handover`;
      fake.webhook = FakeChatwoot.postTo(`${hook}?token=${HOOK_TOKEN}`);
      c = await startConversation(s);
      await say(s, c, 'ik wil een medewerker spreken');
      await untilText(s, c, 'Ik zet uw vraag door naar een medewerker.');
      await fake.settled();

      const [conversation] = fake.conversations.values();
      expect(conversation.status).toBe('open');
      expect(fake.contacts[0].name).toMatch(/^Inwoner [0-9a-f]{8}$/);
      expect(conversation.messages[0]).toMatchObject({ private: true });
      expect(conversation.messages[0].content).toContain('Reden: wil een medewerker spreken');
      expect(conversation.messages[0].content).toContain('Inwoner: ik wil een medewerker spreken');

      await say(s, c, 'Hallo, is daar iemand?');
      await fake.settled();
      // The resident's line comes in as theirs; the bot's "passed on" answer as a private note for the agents.
      expect(conversation.messages.slice(-2)).toMatchObject([
        { content: 'Hallo, is daar iemand?', message_type: 'incoming', private: false },
        { content: 'Chatbot: Uw bericht is doorgestuurd. De medewerker leest het als het gesprek begint.', private: true },
      ]);

      await fake.assign(conversation.id, ANNA.id);
      await untilText(s, c, 'U praat nu met Anna, medewerker van Gemeente Voorbeeld.');

      // Chatwoot's webhook without the token, or with a wrong one, is refused by the server.
      expect((await call('POST', hook, { body: { event: 'conversation_status_changed', id: conversation.id, status: 'resolved' } })).status).toBe(401);
      expect((await call('POST', `${hook}?token=wrong`, { body: { event: 'conversation_status_changed', id: conversation.id, status: 'resolved' } })).status).toBe(401);
    } finally {
      await s.close();
    }

    // After a restart the mapping is still there: the agent's reply reaches the resident.
    s = await start();
    try {
      fake.webhook = FakeChatwoot.postTo(`${s.url}/api/bots/${BOT}/handover?token=${HOOK_TOKEN}`);
      const [conversation] = fake.conversations.values();
      await fake.reply(conversation.id, ANNA.id, 'Goedemiddag, u spreekt met Anna.');
      await untilText(s, c, 'Goedemiddag, u spreekt met Anna.');
      await fake.setStatus(conversation.id, 'pending');
      await untilText(s, c, 'U praat weer met de digitale assistent. Waarmee kan ik u helpen?');

      // Back with the bot: the next question is the bot's again, nothing goes to Chatwoot.
      const before = conversation.messages.length;
      await say(s, c, 'hoe laat is het gemeentehuis open');
      await fake.settled();
      expect(conversation.messages).toHaveLength(before);
      expect(fake.deliveries.every((d) => d.status === 200)).toBe(true);
      expect(fake.violations).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
