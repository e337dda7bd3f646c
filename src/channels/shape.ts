/**
 * Checks on what any channel receives before it reaches a turn: how deep a JSON body nests, and the shape of a Bot
 * Framework activity. A body that fails gets a 4xx in plain words; without these checks it failed deep inside
 * (a stack overflow on JSON.stringify, botbuilder reading `attachments: "x"`) as a 500 or a "Sorry" from the bot.
 */

/** Deeper than any real activity or webhook (Teams' channelData nests about 6 levels). */
export const MAX_DEPTH = 32;
/** A resident's message; longer texts are pasted documents, not questions. */
export const MAX_TEXT = 10_000;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** Whether a parsed JSON value nests more than `max` objects or arrays deep. Iterative: no stack to overflow. */
export function deeperThan(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Ids as Bot Framework channels make them. */
const MAX_ID = 1024;
const ID = new RegExp(`^[\\x20-\\x7e]{1,${MAX_ID}}$`);
const OBJECTS = ['conversation', 'from', 'recipient', 'channelData'] as const;
const ACCOUNT_STRINGS = ['id', 'name', 'role', 'aadObjectId', 'conversationType', 'tenantId'] as const;
const STRINGS = ['id', 'channelId', 'serviceUrl', 'deliveryMode', 'locale', 'replyToId', 'timestamp', 'localTimestamp', 'textFormat', 'inputHint', 'name', 'valueType'] as const;
const LISTS = ['attachments', 'entities', 'membersAdded', 'membersRemoved'] as const;

/** What is wrong with a Bot Framework activity, in plain words; undefined when Loket can run a turn on it. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.type !== 'string' || !body.type) return 'the body must be a Bot Framework activity with a "type"';
  // An invoke waits for an answer from a handler; Loket has none (botbuilder would answer 501).
  if (body.type === 'invoke') return 'Loket takes no invoke activities; send a message or an event';
  if (deeperThan(body)) return `the activity nests deeper than ${MAX_DEPTH} levels`;
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') return '"text" must be a string';
  if (typeof body.text === 'string' && body.text.length > MAX_TEXT) return `"text" is longer than ${MAX_TEXT} characters`;
  for (const key of OBJECTS) if (body[key] !== undefined && !isObject(body[key])) return `"${key}" must be an object`;
  for (const key of STRINGS) if (body[key] !== undefined && typeof body[key] !== 'string') return `"${key}" must be a string`;
  // A relative URL would be resolved against botbuilder's default host: replies must go where the activity says.
  if (typeof body.serviceUrl === 'string' && !/^https?:\/\/[^/\s]+/i.test(body.serviceUrl)) return '"serviceUrl" must be an http(s) URL';
  for (const key of LISTS) {
    const list = body[key];
    if (list !== undefined && (!Array.isArray(list) || list.length > 50 || !list.every(isObject))) return `"${key}" must be a list of at most 50 objects`;
  }
  for (const a of (body.attachments as Record<string, unknown>[] | undefined) ?? []) {
    if (typeof a.contentType !== 'string') return 'each attachment needs a "contentType" (a string)';
    if (a.contentUrl !== undefined && typeof a.contentUrl !== 'string') return 'an attachment\'s "contentUrl" must be a string';
    if (a.name !== undefined && a.name !== null && typeof a.name !== 'string') return 'an attachment\'s "name" must be a string';
  }
  const conversation = body.conversation as Record<string, unknown> | undefined;
  if (typeof conversation?.id !== 'string' || !conversation.id.trim()) return 'the activity needs "conversation": {"id": "..."}';
  // botbuilder puts these in a reply's URL and headers: a lone surrogate, a letter beyond Latin-1 or a huge id failed
  // the reply (a 500) after the turn had run. Every Bot Framework channel sends printable ASCII.
  for (const [name, id] of [['id', body.id], ['replyToId', body.replyToId], ['conversation.id', conversation.id]] as const) {
    if (id !== undefined && !ID.test(id as string)) return `"${name}" must be printable ASCII of at most ${MAX_ID} characters`;
  }
  // Without either the reply would go to botbuilder's default host and fail after a long wait.
  if (body.serviceUrl === undefined && body.deliveryMode !== 'expectReplies') return 'the activity needs a "serviceUrl" (where replies go), or "deliveryMode": "expectReplies"';
  // botbuilder serializes these fields strictly when it sends a reply: a number there fails the turn.
  for (const key of ['from', 'recipient', 'conversation'] as const) {
    const account = (body[key] ?? {}) as Record<string, unknown>;
    for (const field of ACCOUNT_STRINGS) if (account[field] !== undefined && typeof account[field] !== 'string') return `"${key}.${field}" must be a string`;
    if (account.isGroup !== undefined && typeof account.isGroup !== 'boolean') return `"${key}.isGroup" must be true or false`;
  }
  return undefined;
}
