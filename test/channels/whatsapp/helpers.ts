import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirIn, PACKAGE_ROOT } from '../../../src/paths';

export const BOT = 'voorbeeldgemeente';
export const PHONE_ID = '106540352242922';
export const VERSION = 'v21.0';
export const TOKEN = 'EAAG-fake-access-token';
export const APP_SECRET = 'fake-app-secret-0123456789';
export const VERIFY_TOKEN = 'verify-me-please';

export const ENV = { LOKET_TEST_WA_VERIFY: VERIFY_TOKEN, LOKET_TEST_WA_SECRET: APP_SECRET, LOKET_TEST_WA_TOKEN: TOKEN };

/**
 * A content root with the example bot, flows and intents, plus a `channels.whatsapp` section pointing at the fake
 * Graph API (the NLU cache is copied along so nothing is retrained).
 */
export function contentRoot(graphUrl: string, template = true): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-wa-'));
  for (const dir of ['flows', 'intents', join('bots', BOT)]) cpSync(join(PACKAGE_ROOT, dir), join(root, dir), { recursive: true });
  if (existsSync(cacheDirIn(PACKAGE_ROOT))) cpSync(cacheDirIn(PACKAGE_ROOT), cacheDirIn(root), { recursive: true });
  addWhatsApp(root, graphUrl, template);
  return root;
}

/** Appends a `channels.whatsapp` section for the fake Graph API to the bot.yaml under `root`. */
export function addWhatsApp(root: string, graphUrl: string, template = true): void {
  const file = join(root, 'bots', BOT, 'bot.yaml');
  writeFileSync(
    file,
    `${readFileSync(file, 'utf8')}
channels:
  whatsapp:
    phone_number_id: "${PHONE_ID}"
    verify_token_env: LOKET_TEST_WA_VERIFY
    app_secret_env: LOKET_TEST_WA_SECRET
    access_token_env: LOKET_TEST_WA_TOKEN
    graph_url: ${graphUrl}
    graph_version: ${VERSION}
${template ? '    template: { name: loket_nieuw_bericht, language: nl }\n' : ''}`,
  );
}

/** JSON the way Meta sends it: every non-ASCII UTF-16 unit escaped as \uXXXX (emoji as surrogate pairs). */
export function metaJson(body: unknown): string {
  return JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sign(raw: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Meta's timestamp for a message sent now (messages older than 7 days are refused as replays). */
export const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

let seq = 0;
export const nextId = (): string => `wamid.in${++seq}`;

export function text(from: string, body: string, id = nextId()): Json {
  return { from, id, timestamp: nowSeconds(), type: 'text', text: { body } };
}
export function buttonReply(from: string, id: string, title = id): Json {
  return { from, id: nextId(), timestamp: nowSeconds(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } };
}
export function listReply(from: string, id: string, title = id): Json {
  return { from, id: nextId(), timestamp: nowSeconds(), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, description: '' } } };
}
export function location(from: string, latitude: number, longitude: number, extra: object = {}): Json {
  return { from, id: nextId(), timestamp: nowSeconds(), type: 'location', location: { latitude, longitude, ...extra } };
}
export function image(from: string, mediaId: string, caption?: string): Json {
  return { from, id: nextId(), timestamp: nowSeconds(), type: 'image', image: { id: mediaId, mime_type: 'image/jpeg', sha256: 'x', ...(caption ? { caption } : {}) } };
}

/** A webhook body with messages (and statuses) for our phone number id, as Meta sends it. */
export function payload(messages: Json[], statuses: Json[] = [], phoneNumberId = PHONE_ID): Json {
  const value: Json = { messaging_product: 'whatsapp', metadata: { display_phone_number: '31201234567', phone_number_id: phoneNumberId } };
  if (messages.length) {
    value.contacts = [...new Set(messages.map((m) => m.from))].map((wa_id) => ({ profile: { name: 'Inwoner Één' }, wa_id }));
    value.messages = messages;
  }
  if (statuses.length) value.statuses = statuses;
  return { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ value, field: 'messages' }] }] };
}
