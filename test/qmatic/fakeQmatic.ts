/**
 * A stand-in for Qmatic Orchestra's Calendar Public Appointment API on 127.0.0.1. Qmatic publishes no open OpenAPI
 * description (installations serve their own); this is written from what is public (docs/qmatic.md, "Sources"):
 * the requests and answers recorded from a municipality's Qmatic in Open Formulieren's test cassettes, Qmatic's own
 * Appointment Booking app (qmatic/orchestra-appointment-booking) for reserve, confirm (v2, `customers` as a list) and
 * delete, and Qmatic's API Gateway (qmatic/api-gateway) for the `auth-token` header. As strict where Loket touches
 * it: a missing or wrong key (401), an unknown branch, service or appointment (404), a date or time in another form
 * (400), a time that is not free (409), a confirmation of something that is not a reservation (409), a body that is
 * not JSON (400) or not sent as JSON (415), and confirmation fields of the wrong type, customer fields Qmatic does not
 * have, or ones that are too long (400). Errors carry `error_code` and `error_message` headers, as Qmatic's do.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { zonedInstant } from '../../src/email';

export const API_ROOT = '/calendar-backend/public/api';
const CUSTOMER_FIELDS: Record<string, number> = {
  firstName: 200, lastName: 200, email: 255, phone: 50, addressLine1: 255, addressLine2: 255, addressCity: 255,
  addressState: 255, addressZip: 255, addressCountry: 255, identificationNumber: 255, externalId: 255, dateOfBirth: 10,
};
const CONFIRM_FIELDS = new Set(['title', 'notes', 'customers', 'custom']);

export interface FakeService { publicId: string; name: string; duration: number; active?: boolean; publicEnabled?: boolean }

export interface StoredAppointment {
  publicId: string;
  status: 10 | 20;
  service: string;
  date: string;
  time: string;
  title?: string;
  notes?: string;
  customers?: Record<string, string>[];
}

export interface FakeQmatic {
  /** The API root as bot.yaml's qmatic.url has it. */
  url: string;
  appointments: Map<string, StoredAppointment>;
  refused: { status: number; detail: string }[];
  /** Every request, as "METHOD /v1/…" (or /v2/…), for tests that count what was sent. */
  requests: string[];
  /** While true every request gets 503. */
  down: boolean;
  /** The next request whose "METHOD /v1/…" matches is carried out, but its answer comes too late for the client. */
  hangNext?: RegExp;
  /** With hangNext: Qmatic goes down right after that request, so nobody can ask what happened. */
  downAfterHang: boolean;
  /** The next request whose "METHOD /v1/…" matches never arrives: no work, no answer. */
  dropNext?: RegExp;
  /** Free times of a service on a date, as the desk planning says; booked and reserved ones are taken out. */
  free(service: string, date: string): string[];
  /** A reservation that lapses, as Qmatic lets unconfirmed reservations do. */
  lapse(publicId: string): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  apiKey: string;
  /** The header the key must come in: x-api-key (a gateway as Open Formulieren's installations have) or auth-token (Qmatic's API Gateway). */
  authHeader?: 'x-api-key' | 'auth-token';
  branch: { publicId: string; name: string; timeZone?: string };
  services: FakeService[];
  /** Per service publicId, per date: the times the planning has. */
  schedule: Record<string, Record<string, string[]>>;
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const meta = (n: number) => ({ start: '', end: '', totalResults: n, offset: null, limit: null, fields: '', arguments: {} });

/** What Qmatic would say about a confirmation body, or undefined when it takes it. */
function confirmRefusal(body: unknown): string | undefined {
  if (!isObject(body)) return 'body must be a JSON object';
  const extra = Object.keys(body).filter((k) => !CONFIRM_FIELDS.has(k));
  if (extra.length) return `unknown fields: ${extra.join(', ')}`;
  for (const k of ['title', 'notes', 'custom']) if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'string') return `${k} must be a string`;
  const list = body.customers;
  if (!Array.isArray(list) || list.length === 0) return 'customers is required: a list with at least one customer';
  for (const [i, c] of list.entries()) {
    if (!isObject(c) || Object.keys(c).length === 0) return `customers[${i}] must be a customer object`;
    for (const [k, v] of Object.entries(c)) {
      if (!(k in CUSTOMER_FIELDS)) return `customers[${i}].${k} is not a customer field`;
      if (typeof v !== 'string' || v.length > CUSTOMER_FIELDS[k]) return `customers[${i}].${k} must be a string of at most ${CUSTOMER_FIELDS[k]} characters`;
    }
    if (typeof c.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) return `customers[${i}].email is not an e-mail address`;
  }
  return undefined;
}

export async function startFakeQmatic(opts: FakeOptions): Promise<FakeQmatic> {
  const zone = opts.branch.timeZone ?? 'Europe/Amsterdam';
  const appointments = new Map<string, StoredAppointment>();
  const fake = { appointments, refused: [] as { status: number; detail: string }[], requests: [] as string[], down: false, hangNext: undefined as RegExp | undefined, downAfterHang: false, dropNext: undefined as RegExp | undefined };
  const refuse = (res: ServerResponse, status: number, detail: string) => {
    fake.refused.push({ status, detail });
    send(res, status, { msg: detail }, { error_code: String(status), error_message: detail });
  };
  const service = (id: string) => opts.services.find((s) => s.publicId === id);
  const free = (s: string, date: string) => (opts.schedule[s]?.[date] ?? [])
    .filter((t) => ![...appointments.values()].some((a) => a.service === s && a.date === date && a.time === t)).sort();
  const instant = (date: string, time: string, plus = 0) => {
    const [h, m] = time.split(':').map(Number);
    return new Date(zonedInstant(date, h * 60 + m, zone).getTime() + plus * 60_000).toISOString().replace('Z', '+0000');
  };
  const view = (a: StoredAppointment) => {
    const s = service(a.service)!;
    return {
      publicId: a.publicId, status: a.status, title: a.title ?? null, notes: a.notes ?? null, allDay: false, blocking: false,
      start: instant(a.date, a.time), end: instant(a.date, a.time, s.duration), custom: null,
      services: [{ publicId: s.publicId, name: s.name, duration: s.duration, additionalCustomerDuration: 0, active: true, publicEnabled: true, custom: null }],
      customers: (a.customers ?? []).map((c, i) => ({ ...c, publicId: `c${i + 1}` })),
      branch: { publicId: opts.branch.publicId, name: opts.branch.name, timeZone: zone, fullTimeZone: zone },
    };
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.headers[opts.authHeader ?? 'x-api-key'] !== opts.apiKey) return refuse(res, 401, 'Unauthorized');
    const b = opts.branch.publicId;
    const m = (re: RegExp) => re.exec(path);
    const json = async (): Promise<unknown> => {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw Object.assign(new Error('Unsupported Media Type'), { status: 415 });
      try {
        return JSON.parse(await bodyOf(req));
      } catch {
        throw Object.assign(new Error('the body is not JSON'), { status: 400 });
      }
    };
    let hit: RegExpExecArray | null;
    if (req.method === 'GET' && (hit = m(/^\/v1\/branches\/([^/]+)$/))) {
      if (hit[1] !== b) return refuse(res, 404, 'branch not found');
      return send(res, 200, { branch: { ...opts.branch, timeZone: zone, addressZip: '1234 AB' }, meta: meta(1), notifications: [] });
    }
    if (req.method === 'GET' && (hit = m(/^\/v1\/branches\/([^/]+)\/services$/))) {
      if (hit[1] !== b) return refuse(res, 404, 'branch not found');
      const list = opts.services.map((s) => ({ additionalCustomerDuration: 0, custom: null, active: true, publicEnabled: true, created: 1, updated: 1, ...s }));
      return send(res, 200, { serviceList: list, meta: meta(list.length), notifications: [] });
    }
    const slot = m(/^\/v1\/branches\/([^/]+)\/services\/([^/]+)\/dates(?:\/([^/]+)\/times(?:\/([^/]+)\/reserve)?)?$/);
    if (slot) {
      const [, branch, s, date, time] = slot;
      if (branch !== b) return refuse(res, 404, 'branch not found');
      if (!service(s)) return refuse(res, 404, 'service not found');
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return refuse(res, 400, `date "${date}" is not yyyy-MM-dd`);
      if (req.method === 'GET' && date === undefined) {
        const dates = Object.keys(opts.schedule[s] ?? {}).filter((d) => free(s, d).length > 0).sort().map((d) => `${d}T00:00:00`);
        return send(res, 200, { dates, meta: meta(dates.length), notifications: [] });
      }
      if (req.method === 'GET' && time === undefined) {
        const times = free(s, date!);
        return send(res, 200, { times, meta: meta(times.length), notifications: [] });
      }
      if (req.method === 'POST' && time !== undefined) {
        if (!/^\d{2}:\d{2}$/.test(time)) return refuse(res, 400, `time "${time}" is not HH:mm`);
        const body = await json();
        if (!isObject(body)) return refuse(res, 400, 'body must be a JSON object');
        if (!free(s, date!).includes(time)) return refuse(res, 409, 'The time slot is not available');
        const a: StoredAppointment = { publicId: randomBytes(16).toString('hex'), status: 10, service: s, date: date!, time };
        appointments.set(a.publicId, a);
        return send(res, 200, view(a));
      }
    }
    if ((hit = m(/^\/v2\/branches\/appointments\/([0-9a-f]+)\/confirm$/)) && req.method === 'POST') {
      const a = appointments.get(hit[1]);
      if (!a) return refuse(res, 404, 'appointment not found');
      const body = await json();
      const problem = confirmRefusal(body);
      if (problem) return refuse(res, 400, problem);
      if (a.status !== 10) return refuse(res, 409, 'the appointment is not a reservation');
      const b2 = body as { title?: string; notes?: string; customers: Record<string, string>[] };
      Object.assign(a, { status: 20, title: b2.title, notes: b2.notes, customers: b2.customers });
      return send(res, 200, view(a));
    }
    if ((hit = m(/^\/v1\/appointments\/([0-9a-f]+)$/))) {
      const a = appointments.get(hit[1]);
      if (!a) return refuse(res, 404, 'appointment not found');
      if (req.method === 'GET') return send(res, 200, { appointment: view(a), meta: meta(1), notifications: [] });
      if (req.method === 'DELETE') {
        appointments.delete(a.publicId);
        return send(res, 204);
      }
    }
    refuse(res, 404, `no such resource: ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (fake.down) return send(res, 503, { msg: 'Service unavailable' });
    if (!url.pathname.startsWith(`${API_ROOT}/`)) return refuse(res, 404, 'not the public appointment API');
    const path = url.pathname.slice(API_ROOT.length);
    fake.requests.push(`${req.method} ${path}`);
    if (fake.dropNext?.test(`${req.method} ${path}`)) {
      fake.dropNext = undefined;
      return;
    }
    let target = res;
    let goDown = false;
    if (fake.hangNext?.test(`${req.method} ${path}`)) {
      fake.hangNext = undefined;
      goDown = fake.downAfterHang;
      // The work is done; the answer is written nowhere, as when it is lost on the way back.
      target = Object.assign(Object.create(res), { writeHead: () => target, end: () => target });
    }
    handle(req, target, path)
      .catch((err: Error & { status?: number }) => (err.status ? refuse(target, err.status, err.message) : send(target, 500, { msg: err.message })))
      .finally(() => { if (goDown) fake.down = true; });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}${API_ROOT}`,
    free,
    lapse: (publicId: string) => void appointments.delete(publicId),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
