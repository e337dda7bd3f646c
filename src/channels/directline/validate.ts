import type { Activity, ChannelAccount } from 'botbuilder-core';
import { deeperThan, MAX_DEPTH } from '../shape';

export const MAX_TEXT = 10_000;
export const MAX_ACTIVITY_BYTES = 64 * 1024;
const MAX_ID = 256;

/** Activity types a client may post. conversationUpdate and the like are the server's to send. */
export const CLIENT_TYPES = ['message', 'event', 'typing'] as const;

/** Fields a client may set; the rest (id, timestamp, conversation, recipient, serviceUrl, …) are the server's. */
const CLIENT_FIELDS = [
  'type', 'text', 'textFormat', 'locale', 'localTimestamp', 'localTimezone', 'attachments', 'attachmentLayout', 'entities',
  'channelData', 'value', 'valueType', 'name', 'speak', 'inputHint', 'summary', 'label', 'relatesTo',
] as const;

export type Checked<T> = { ok: true; value: T } | { ok: false; status: 400 | 413; code: string; message: string };

const bad = (message: string, status: 400 | 413 = 400, code = 'BadArgument'): Checked<never> => ({ ok: false, status, code, message });

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/**
 * The request body as an object: restify has parsed JSON already; a body sent with another content type arrives as a
 * string or Buffer and is parsed here. `optional` accepts an empty body.
 */
export function bodyObject(body: unknown, optional: boolean): Checked<Record<string, unknown> | undefined> {
  let value = body;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const text = value.toString();
    if (!text.trim()) value = undefined;
    else {
      try {
        value = JSON.parse(text);
      } catch {
        return bad('the body is not valid JSON');
      }
    }
  }
  if (value === undefined || value === null) return optional ? { ok: true, value: undefined } : bad('send a JSON object as the body');
  if (!isObject(value)) return bad('the body must be a JSON object');
  return { ok: true, value };
}

/** An optional `{id, name}` as sent to tokens/generate and conversations. */
export function userOf(v: unknown): Checked<{ id?: string; name?: string } | undefined> {
  if (v === undefined || v === null) return { ok: true, value: undefined };
  if (!isObject(v)) return bad('"user" must be an object {id, name}');
  if (v.id !== undefined && (typeof v.id !== 'string' || v.id.length === 0 || v.id.length > MAX_ID)) return bad(`"user.id" must be a string of 1 to ${MAX_ID} characters`);
  if (v.name !== undefined && (typeof v.name !== 'string' || v.name.length > MAX_ID)) return bad(`"user.name" must be a string of at most ${MAX_ID} characters`);
  return { ok: true, value: { ...(v.id !== undefined ? { id: v.id as string } : {}), ...(v.name !== undefined ? { name: v.name as string } : {}) } };
}

/**
 * Checks an activity posted by a client and keeps only the fields a client may set. `from` keeps the client's id and
 * name (a token bound to a user overrides the id) and always has role `user`.
 */
export function clientActivity(body: Record<string, unknown>, user: { id: string; name?: string; bound: boolean }): Checked<Partial<Activity>> {
  // Checked first: measuring the size below stringifies the body, which overflows the stack on deep nesting.
  if (deeperThan(body)) return bad(`the activity nests deeper than ${MAX_DEPTH} levels`);
  if (JSON.stringify(body).length > MAX_ACTIVITY_BYTES) return bad(`the activity is larger than ${MAX_ACTIVITY_BYTES / 1024} KiB`, 413, 'MessageSizeTooBig');
  if (typeof body.type !== 'string') return bad('the activity needs a "type" ("message", "event" or "typing")', 400, 'MissingProperty');
  if (!(CLIENT_TYPES as readonly string[]).includes(body.type)) return bad(`activities of type "${body.type.slice(0, 40)}" cannot be posted; send "message", "event" or "typing"`);
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') return bad('"text" must be a string');
  if (typeof body.text === 'string' && body.text.length > MAX_TEXT) return bad(`"text" is longer than ${MAX_TEXT} characters`);
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > MAX_ID)) return bad(`"name" must be a string of at most ${MAX_ID} characters`);
  if (body.channelData !== undefined && !isObject(body.channelData)) return bad('"channelData" must be an object');
  if (body.entities !== undefined && (!Array.isArray(body.entities) || body.entities.length > 20 || !body.entities.every(isObject))) return bad('"entities" must be a list of at most 20 objects');
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments) || body.attachments.length > 10 || !body.attachments.every(isObject)) return bad('"attachments" must be a list of at most 10 objects');
    for (const a of body.attachments as Record<string, unknown>[]) {
      if (typeof a.contentType !== 'string') return bad('each attachment needs a "contentType"');
      if (a.name !== undefined && (typeof a.name !== 'string' || a.name.length > MAX_ID)) return bad(`an attachment's "name" must be a string of at most ${MAX_ID} characters`);
      if (a.contentUrl !== undefined && (typeof a.contentUrl !== 'string' || !/^https?:\/\//i.test(a.contentUrl))) return bad('an attachment\'s "contentUrl" must be an http(s) URL; send files through …/upload');
    }
  }
  let from = { id: user.id, role: 'user', ...(user.name ? { name: user.name } : {}) } as ChannelAccount;
  if (body.from !== undefined && body.from !== null) {
    if (!isObject(body.from)) return bad('"from" must be an object {id, name}');
    const f = body.from;
    if (f.id !== undefined && (typeof f.id !== 'string' || f.id.length === 0 || f.id.length > MAX_ID)) return bad(`"from.id" must be a string of 1 to ${MAX_ID} characters`);
    if (f.name !== undefined && f.name !== null && (typeof f.name !== 'string' || f.name.length > MAX_ID)) return bad(`"from.name" must be a string of at most ${MAX_ID} characters`);
    from = {
      id: user.bound ? user.id : (f.id as string | undefined) ?? user.id,
      ...(typeof f.name === 'string' ? { name: f.name } : user.name ? { name: user.name } : {}),
      role: 'user',
    } as ChannelAccount;
  }
  const activity: Record<string, unknown> = {};
  for (const k of CLIENT_FIELDS) if (body[k] !== undefined) activity[k] = body[k];
  return { ok: true, value: { ...(activity as Partial<Activity>), from } };
}

/** `?watermark=` : empty means from the start. */
export function watermarkOf(v: unknown): Checked<number | undefined> {
  if (v === undefined || v === '' || v === null) return { ok: true, value: undefined };
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) return bad('"watermark" must be a number from an earlier answer');
  return { ok: true, value: Number(v) };
}
