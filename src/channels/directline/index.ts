/**
 * Direct Line 3.0, self-hosted: Microsoft's `botframework-directlinejs` (and so botframework-webchat) works unchanged
 * against Loket with `domain: '<loket url>/v3/directline'`, without Azure.
 *
 * Protocol notes
 * --------------
 * Routes (every route also exists under `/bots/<bot>/v3/directline/...`):
 *   POST /v3/directline/tokens/generate            body optional {user:{id,name}} → 200 {conversationId, token, expires_in}
 *                                                  Open to anyone (it stands in for Azure's secret exchange: a public
 *                                                  chat widget may start a conversation). Reserves a conversation id;
 *                                                  nothing is stored until the conversation starts.
 *   POST /v3/directline/tokens/refresh             Bearer token → 200 {conversationId, token, expires_in} (same conversation)
 *   POST /v3/directline/conversations              Bearer token → 201 {conversationId, token, expires_in, streamUrl} when
 *                                                  the token's conversation starts now (the bot greets: a
 *                                                  conversationUpdate with membersAdded = the user runs through the
 *                                                  bot), 200 when it had already started.
 *   GET  /v3/directline/conversations/:id?watermark=N → 200 {conversationId, token, expires_in, streamUrl} (resume; a fresh token)
 *   POST /v3/directline/conversations/:id/activities  → 200 {id}. Client activities: type message | event | typing,
 *                                                  text ≤ 10,000 characters, ≤ 64 KiB. Stored with `from` as given
 *                                                  (role 'user'; a token bound to a user id forces that id),
 *                                                  channelId 'directline', conversation {id}, server id and timestamp;
 *                                                  channelData (clientActivityID) unchanged, so Web Chat sees its echo.
 *                                                  The answer comes after the bot's turn, so its replies are in the log.
 *   GET  /v3/directline/conversations/:id/activities?watermark=N → 200 {activities: [after N], watermark: "M"}
 *   POST /v3/directline/conversations/:id/upload?userId=  multipart/form-data: an optional `activity` part (JSON) and
 *                                                  1-3 photos (JPEG, PNG, GIF, WebP or HEIC, recognised by their
 *                                                  bytes, ≤ 5 MB each) → 200 {id}. The files are stored beside the
 *                                                  state file and the activity gets attachments pointing at
 *   GET  /v3/directline/attachments/<random name>   (no token: Web Chat shows them in <img>). 413 too large, 415
 *                                                  another kind of file.
 *   WS   /v3/directline/conversations/:id/stream?watermark=N&t=<token> (the streamUrl; `Authorization: Bearer` also
 *        works). Each message is {"activities":[...],"watermark":"N"}; on connect everything after the watermark is
 *        sent. The server pings every 30 s and drops sockets that do not answer; what clients send is ignored.
 *        Refused handshakes get an HTTP status (401/403/404) with a JSON error.
 *
 * Bots: the bot id is carried inside the token. `/v3/directline/tokens/generate` gives a token for the first bot,
 * `/bots/<bot>/v3/directline/tokens/generate` for that bot; every other route takes the bot from the token (and
 * under `/bots/<bot>/...` refuses a token for another bot with 403).
 *
 * Tokens: `dl1.<base64url JSON {c: conversation, b: bot, u?: user id, n?: user name, e: expiry (epoch s), r: nonce}>.
 * <base64url HMAC-SHA256 of "dl1.<payload>">`, keyed with LOKET_DIRECTLINE_SECRET (or a random key per process, with a
 * warning: tokens then die with the process). Lifetime 3600 s. Errors: no/invalid token 401 Unauthorized, expired 403
 * TokenExpired, another conversation or bot 403 Forbidden.
 *
 * Log: activity ids are `<conversationId>|0000042`; the watermark is that index. Conversations and logs are in the
 * server's store (tables directline_conversations and directline_activities: the state file's SQLite, or PostgreSQL
 * with DATABASE_URL, where every instance serves every conversation), at most 1,000 activities per conversation
 * (older ones are dropped; indexes keep growing). Every append is announced on the bus (NOTIFY with PostgreSQL), and
 * each instance's open sockets of that conversation read what they missed. Proactive messages (agents after a
 * handover) are appended through `DirectLineAdapter.continueConversation`. With DATABASE_URL, LOKET_DIRECTLINE_SECRET
 * is required, so every instance accepts every token.
 *
 * Errors are always JSON `{error: {code, message}}` (BadArgument, MissingProperty, MessageSizeTooBig, Unauthorized,
 * Forbidden, TokenExpired, NotFound, NotImplemented, ServiceError), also for restify's own (bad JSON, 413, 404).
 * CORS: any origin may call (bearer tokens, no cookies), or only those in LOKET_DIRECTLINE_ORIGINS (comma-separated).
 *
 * Known limits: LoketBot remembers how to reach a conversation in memory, so after a restart an agent's message
 * reaches a Direct Line conversation only after the resident has posted again. Conversations, their logs and uploaded
 * files are purged after the bot's retention (src/privacy/, docs/privacy.md).
 */
import type { ChannelRegistration } from '../types';
import { createDirectLine } from './routes';

export { DirectLineAdapter, CHANNEL_ID } from './adapter';
export { DirectLineStore, activityId, type LoggedActivity, type ConversationRecord } from './store';
export { TokenIssuer, type TokenClaims } from './tokens';
export { createDirectLine, type DirectLineChannel, type DirectLineOptions } from './routes';

/** The Direct Line channel for `loket serve` (see CHANNELS in src/server/channels.ts). */
export const registerDirectLine: ChannelRegistration = async (ctx) => (await createDirectLine(ctx)).release;
