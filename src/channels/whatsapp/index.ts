/**
 * WhatsApp Cloud API (Meta) as a Loket channel; see docs/whatsapp.md for setup.
 *
 *   GET  /api/whatsapp/:bot/webhook   Meta's verification: hub.mode=subscribe and the right hub.verify_token → 200
 *                                     with hub.challenge as text/plain; otherwise 403 JSON.
 *   POST /api/whatsapp/:bot/webhook   Webhook events, signed with X-Hub-Signature-256 (HMAC-SHA256 of the raw body
 *                                     with the app secret): 401 without a valid signature, 400 for bad JSON or shape,
 *                                     else 200 once the new messages are in the inbox (inbox.ts); they are then
 *                                     handled in the background (worker.ts), one resident's messages in order,
 *                                     on this or, after a crash, another instance; duplicates (Meta retries) once,
 *                                     also after a restart (hashed ids in the bot's database), messages older
 *                                     than 7 days (replays) not at all.
 *
 * Only bots with `channels.whatsapp` in their bot.yaml get these routes; the secrets come from the environment
 * variables named there.
 */
import type { ChannelRegistration } from '../types';
import { createWhatsApp } from './webhook';

export { WhatsAppAdapter, CHANNEL_ID, WINDOW_MS, MAX_IMAGE_BYTES, TEXTS, hashId, type IncomingMessage, type WhatsAppAdapterOptions } from './adapter';
export { GraphClient, WhatsAppError, type GraphOptions } from './graph';
export { renderActivity, splitText, plainLinks, truncate, templateMessage, LIMITS, type WhatsAppMessage, type Rendered } from './render';
export { createWhatsApp, whatsAppChannel, validSignature, payloadProblem, type WhatsAppChannel, type WhatsAppBot, type WhatsAppOptions } from './webhook';

/** The WhatsApp channel for `loket serve` (see CHANNELS in src/server/channels.ts). */
export const registerWhatsApp: ChannelRegistration = (ctx) => createWhatsApp(ctx).release;
