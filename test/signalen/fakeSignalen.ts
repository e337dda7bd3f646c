/**
 * A stand-in for Signalen's API v1 and a PDOK locatieserver on 127.0.0.1, as strict as the real ones where Loket
 * touches them (Amsterdam/signals, PublicSignalCreateSerializer and its nested serializers): unknown top-level fields,
 * a missing required field, a category URL that is not one of its sub-categories, a point outside the Netherlands, a
 * reporter e-mail that is not one, a wrong bearer token and a body that is not JSON are refused with 4xx.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const ALLOWED = new Set(['source', 'text', 'text_extra', 'location', 'category', 'reporter', 'incident_date_start', 'incident_date_end', 'extra_properties', 'session']);
const REQUIRED = ['text', 'location', 'category', 'reporter', 'incident_date_start'];
/** Signalen's default bounding box check (WithinBoundingBoxValidatorMixin): the Netherlands, roughly. */
const BBOX = { minLon: 3.3, minLat: 50.7, maxLon: 7.3, maxLat: 53.6 };

export interface StoredSignal {
  id: number;
  signal_id: string;
  body: any;
  state: string;
  state_display: string;
  attachments: { name: string; type: string; data: Buffer }[];
}

export interface FakeSignalen {
  url: string;
  geocoderUrl: string;
  signals: StoredSignal[];
  /** Requests refused, with why: a test can see that nothing slipped through unchecked. */
  refused: { status: number; detail: string }[];
  geocoded: string[];
  /** While true every request gets 503, as an instance under maintenance. */
  down: boolean;
  setState(signalId: string, state: string, display: string): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  token?: string;
  /** "main/sub" slugs that exist. */
  categories: string[];
  /** Locatieserver answers: a query (lower case) → the doc it finds. */
  addresses?: Record<string, Record<string, unknown>>;
  port?: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the public create serializer would say, or undefined when it takes the signal. */
function refusal(body: unknown, base: string, categories: string[]): string | undefined {
  if (!isObject(body)) return 'body must be a JSON object';
  const extra = Object.keys(body).filter((k) => !ALLOWED.has(k));
  if (extra.length) return `Extra properties present: ${extra.join(', ')}`;
  for (const field of REQUIRED) if (!(field in body)) return `${field}: This field is required.`;
  if (typeof body.text !== 'string' || !body.text.trim() || body.text.length > 3000) return 'text: not a valid text';
  if (body.text_extra !== undefined && (typeof body.text_extra !== 'string' || body.text_extra.length > 10000)) return 'text_extra: not a valid text';
  const geo = body.location?.geometrie;
  if (!isObject(body.location) || !isObject(geo) || geo.type !== 'Point' || !Array.isArray(geo.coordinates) || geo.coordinates.length !== 2 || !geo.coordinates.every((n: unknown) => typeof n === 'number')) {
    return 'location: geometrie must be a GeoJSON Point';
  }
  const [lon, lat] = geo.coordinates;
  if (lon < BBOX.minLon || lon > BBOX.maxLon || lat < BBOX.minLat || lat > BBOX.maxLat) return 'location: Location coordinates not within the bounding box';
  if (body.location.address !== undefined && !isObject(body.location.address)) return 'location.address must be an object';
  if (!isObject(body.category)) return 'category: must be an object';
  const hasSub = 'sub_category' in body.category;
  const hasUrl = 'category_url' in body.category;
  if (hasSub === hasUrl) return 'category: Either the "sub_category" OR the "category_url" must be given';
  const url = body.category.category_url ?? body.category.sub_category;
  const known = categories.map((c) => { const [m, s] = c.split('/'); return `${base}/signals/v1/public/terms/categories/${m}/sub_categories/${s}`; });
  if (!known.includes(url)) return `category: Invalid hyperlink - Object does not exist (${url})`;
  if (!isObject(body.reporter)) return 'reporter: must be an object';
  const r = body.reporter;
  if (r.email !== undefined && r.email !== null && (typeof r.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email))) return 'reporter.email: Enter a valid email address.';
  if (r.phone !== undefined && r.phone !== null && (typeof r.phone !== 'string' || r.phone.length > 17)) return 'reporter.phone: not valid';
  if (r.sharing_allowed !== undefined && typeof r.sharing_allowed !== 'boolean') return 'reporter.sharing_allowed: Must be a valid boolean.';
  if (typeof body.incident_date_start !== 'string' || Number.isNaN(Date.parse(body.incident_date_start))) return 'incident_date_start: Datetime has wrong format.';
  return undefined;
}

function publicView(s: StoredSignal) {
  return {
    _display: `SIG-${s.id}`, id: s.id, id_display: `SIG-${s.id}`, signal_id: s.signal_id,
    status: { state: s.state, state_display: s.state_display },
    created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
    incident_date_start: s.body.incident_date_start, incident_date_end: null,
  };
}

export async function startFakeSignalen(opts: FakeOptions): Promise<FakeSignalen> {
  const fake = { signals: [] as StoredSignal[], refused: [] as { status: number; detail: string }[], geocoded: [] as string[], down: false };
  const refuse = (res: ServerResponse, status: number, detail: string) => {
    fake.refused.push({ status, detail });
    send(res, status, { detail });
  };
  let base = '';

  async function signals(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) return refuse(res, 401, 'Authentication credentials were not provided.');
    const one = /^\/signals\/v1\/public\/signals\/([0-9a-f-]{36})\/$/.exec(path);
    const attachments = /^\/signals\/v1\/public\/signals\/([0-9a-f-]{36})\/attachments\/$/.exec(path);
    if (path === '/signals/v1/public/signals/' && req.method === 'POST') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Unsupported media type');
      let body: unknown;
      try {
        body = JSON.parse((await bodyOf(req)).toString('utf8'));
      } catch {
        return refuse(res, 400, 'JSON parse error');
      }
      const problem = refusal(body, base, opts.categories);
      if (problem) return refuse(res, 400, problem);
      const signal: StoredSignal = { id: fake.signals.length + 1, signal_id: randomUUID(), body, state: 'm', state_display: 'Gemeld', attachments: [] };
      fake.signals.push(signal);
      return send(res, 201, publicView(signal));
    }
    if (one && req.method === 'GET') {
      const signal = fake.signals.find((s) => s.signal_id === one[1]);
      return signal ? send(res, 200, publicView(signal)) : refuse(res, 404, 'Not found.');
    }
    if (attachments && req.method === 'POST') {
      const signal = fake.signals.find((s) => s.signal_id === attachments[1]);
      if (!signal) return refuse(res, 404, 'Not found.');
      if (!/^multipart\/form-data; boundary=/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Unsupported media type');
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type']! }, body: await bodyOf(req) }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return refuse(res, 400, 'file: No file was submitted.');
      signal.attachments.push({ name: (file as File).name, type: file.type, data: Buffer.from(await file.arrayBuffer()) });
      return send(res, 201, { _display: 'attachment', is_image: file.type.startsWith('image/') });
    }
    refuse(res, 405, `Method "${req.method}" not allowed.`);
  }

  function geocoder(url: URL, res: ServerResponse): void {
    if (url.searchParams.get('fq') !== 'type:adres' || !url.searchParams.get('q')) return refuse(res, 400, 'q and fq=type:adres expected');
    const q = url.searchParams.get('q')!;
    fake.geocoded.push(q);
    const doc = opts.addresses?.[q.toLowerCase()];
    send(res, 200, { response: { numFound: doc ? 1 : 0, start: 0, maxScore: 10, docs: doc ? [doc] : [] } });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (fake.down) return send(res, 503, { detail: 'Service unavailable' });
    if (url.pathname === '/locatieserver/search/v3_1/free' && req.method === 'GET') return geocoder(url, res);
    signals(req, res, url.pathname).catch((err: Error) => send(res, 500, { detail: err.message }));
  });
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}`;
  return Object.assign(fake, {
    url: base,
    geocoderUrl: `${base}/locatieserver/search/v3_1`,
    setState(signalId: string, state: string, display: string) {
      const s = fake.signals.find((x) => x.signal_id === signalId)!;
      s.state = state;
      s.state_display = display;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
