import pino from 'pino';
import { ChatwootAdapter, createHandoverAdapter, HandoverQueue, WebhookHandoverAdapter } from '../../src/handover';
import { builtinActionNames } from '../../src/actions';
import { loadBot } from '../../src/content';
import { PACKAGE_ROOT } from '../../src/paths';
import { SqliteSql } from '../../src/storage';
import { openDatabase } from '../../src/storage/sqlite';
import type { HandoverSettings } from '../../src/content/types';

const log = pino({ level: 'silent' });
const now = () => new Date('2026-03-10T09:00:00Z');

function adapterFor(handover: Partial<HandoverSettings>, env: NodeJS.ProcessEnv = {}) {
  const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());
  Object.assign(content.bot.handover, handover);
  const db = openDatabase(':memory:');
  return createHandoverAdapter(content, { db, sql: new SqliteSql(db), log, now, env });
}

const webhook = { url: 'https://desk.voorbeeld.nl/loket', secret_env: 'LOKET_DESK_SECRET' };
const chatwoot = { url: 'https://chat.voorbeeld.nl', account_id: 1, inbox_id: 2, token_env: 'LOKET_CW_TOKEN', webhook_token_env: 'LOKET_CW_HOOK' };

describe('createHandoverAdapter', () => {
  it('builds the adapter bot.yaml names, with its secrets from the environment', () => {
    expect(adapterFor({ adapter: 'queue' })).toBeInstanceOf(HandoverQueue);
    expect(adapterFor({ adapter: 'webhook', webhook }, { LOKET_DESK_SECRET: 's3cret' })).toBeInstanceOf(WebhookHandoverAdapter);
    expect(adapterFor({ adapter: 'chatwoot', chatwoot }, { LOKET_CW_TOKEN: 't', LOKET_CW_HOOK: 'h' })).toBeInstanceOf(ChatwootAdapter);
  });

  it('refuses to start without a secret, naming the file, the setting and the variable', () => {
    expect(() => adapterFor({ adapter: 'webhook', webhook })).toThrow(
      'bots/voorbeeldgemeente/bot.yaml: handover.webhook.secret_env names the environment variable LOKET_DESK_SECRET, which is not set',
    );
    expect(() => adapterFor({ adapter: 'chatwoot', chatwoot }, { LOKET_CW_TOKEN: 't' })).toThrow(
      'handover.chatwoot.webhook_token_env names the environment variable LOKET_CW_HOOK, which is not set',
    );
  });

  it('refuses a remote adapter without its settings section', () => {
    expect(() => adapterFor({ adapter: 'chatwoot', chatwoot: undefined })).toThrow('handover.adapter is chatwoot, but there is no handover.chatwoot section');
  });
});
