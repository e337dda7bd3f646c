import type { Action, ActionContext, ActionResult } from './types';
import { errorMessage, fail, guarded, isPlainObject, ok } from './util';

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 60000;

interface PostConfig { url: string; headers: Headers; timeoutMs: number }

function timeoutOf(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.min(MAX_TIMEOUT_MS, Math.floor(n));
}

/** Header values from bot.yaml; content-type is always ours because the body is always JSON. */
function headersOf(value: unknown): Headers {
  const headers = new Headers(); // throws on invalid names/values: reported as not_configured
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number') headers.set(key, String(v));
    }
  }
  headers.set('content-type', 'application/json');
  return headers;
}

/**
 * Only bot.yaml decides where data goes: the URL comes from ctx.config and never from the
 * flow's arguments, so a flow (or a resident's input in it) cannot send data elsewhere.
 */
function readConfig(config: Record<string, unknown>): PostConfig | string {
  const url = config.url;
  if (typeof url !== 'string' || url.trim() === '') return 'no url in the action config';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the configured url is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'the configured url must be http(s)';
  try {
    return { url: parsed.href, headers: headersOf(config.headers), timeoutMs: timeoutOf(config.timeout_ms) };
  } catch (err) {
    return `invalid headers: ${errorMessage(err)}`;
  }
}

/** A JSON object answer becomes the data; an empty or non-JSON answer only tells the status. */
function resultOf(response: Response, text: string): ActionResult {
  const claimsJson = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
  if (text.trim() === '') return ok({ status: response.status });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return claimsJson ? fail('bad_response', 'the body is not valid JSON') : ok({ status: response.status });
  }
  if (isPlainObject(body)) return ok(body);
  return claimsJson ? fail('bad_response', 'the JSON body is not an object') : ok({ status: response.status });
}

async function post(args: Record<string, unknown>, config: PostConfig): Promise<ActionResult> {
  const controller = new AbortController();
  // The timer covers the whole exchange, also a server that sends headers but stalls the body.
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  try {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: config.headers,
      body: JSON.stringify({ ...args }),
      signal: controller.signal,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined); // we do not need an error page
      return fail('http_error', `HTTP ${response.status}`);
    }
    return resultOf(response, await response.text());
  } catch (err) {
    if (controller.signal.aborted) return fail('timeout', `no answer within ${config.timeoutMs} ms`);
    return fail('network_error', errorMessage(err));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Posts the flow's arguments as JSON to the URL configured for this action in bot.yaml.
 * A bot can register it under more names (e.g. 'zaak.aanmaken'), each with its own config.
 */
export function createHttpPostAction(name = 'http.post'): Action {
  return guarded({
    name,
    description: 'Posts the arguments as JSON to the URL configured for this action in bot.yaml.',
    params: [],
    openParams: true,
    async run(args: Record<string, unknown>, ctx: ActionContext): Promise<ActionResult> {
      const config = readConfig(ctx.config ?? {});
      if (typeof config === 'string') {
        ctx.log.warn({ action: name }, 'http action not configured');
        return fail('not_configured', config);
      }
      const result = await post(args, config);
      // Only the outcome is logged: never the body (personal data) nor the URL (may hold a token).
      ctx.log.info({ action: name, ok: result.ok, error: result.ok ? undefined : result.error }, 'http post');
      return result;
    },
  });
}
