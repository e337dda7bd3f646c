/**
 * Meldingen into Signalen (docs/integrations.md): with `signalen:` in bot.yaml, reports.create sends each melding to
 * Signalen and the resident gets Signalen's number (SIG-123); reports.find reads its status there. A melding Signalen
 * cannot take now waits in the outbox under Loket's own number and goes on when Signalen is back.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { SignalenSettings } from '../content/types';
import { OutboxWorker, SqlOutbox, type OutboxPluginOptions } from '../outbox';
import { formatAddress } from '../slots/place';
import type { Address } from '../slots/types';
import { SignalenClient, SignalenError, type CreatedSignal, type SignalInput } from './client';
import { geocode, type Place } from './geocoder';

export { SignalenClient, SignalenError, type CreatedSignal, type SignalInput } from './client';
export { geocode, type Place } from './geocoder';

export const SIGNALEN_TOPIC = 'signalen';
const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

/** A melding as reports.create has it, with Loket's own reference. */
export interface ReportForSignalen {
  reference: string;
  category: string;
  description: string;
  location: Record<string, unknown> | string;
  photo?: { url: string; contentType: string; name?: string };
  /** Given only after the resident agreed to be kept informed (the flow asks first): only then does Signalen get it. */
  email?: string;
  phone?: string;
}

export interface Signalen {
  /** Sends the melding on: Signalen's number, or undefined when it waits in the outbox. */
  submit(report: ReportForSignalen, log: Logger): Promise<CreatedSignal | undefined>;
  /** What residents may read of the status ("In behandeling"), or undefined when Signalen does not know it. */
  status(signalId: string): Promise<string | undefined>;
  /** Called when a melding from the outbox reached Signalen, so Loket's own number leads to Signalen's. */
  onForwarded(listener: (reference: string, created: CreatedSignal) => void | Promise<void>): void;
  readonly worker: OutboxWorker;
  close(): Promise<void>;
}

export interface SignalenOptions extends OutboxPluginOptions {
  settings: SignalenSettings;
}

/** The settings checked at start-up: a token variable that is not set stops it with a clear message. */
function clientOf(settings: SignalenSettings, env: NodeJS.ProcessEnv, where: string): SignalenClient {
  let token: string | undefined;
  if (settings.token_env) {
    token = env[settings.token_env];
    if (!token) throw new Error(`${where}: signalen.token_env names the environment variable ${settings.token_env}, which is not set`);
  }
  return new SignalenClient({ url: settings.url, token, timeoutMs: settings.timeout_ms ?? 10_000 });
}

/** What a locatieserver is asked for a place: the address as one line, or the resident's own words. */
function placeQuery(location: Record<string, unknown> | string): string {
  if (typeof location === 'string') return location;
  const a = location as Address;
  return a.street || a.postcode ? formatAddress(a, 'nl') : (a.description ?? '');
}

async function placeOf(location: ReportForSignalen['location'], settings: SignalenSettings): Promise<Place | undefined> {
  if (typeof location === 'object' && typeof location.latitude === 'number' && typeof location.longitude === 'number') {
    return { coordinates: [location.longitude, location.latitude], address: {} };
  }
  const query = placeQuery(location).trim();
  if (!settings.geocoder || !query) return undefined;
  return geocode(settings.geocoder.url, query, settings.timeout_ms ?? 10_000);
}

/** The signal Signalen's public serializer accepts, or a permanent error when it never could be made. */
async function signalOf(report: ReportForSignalen, settings: SignalenSettings, client: SignalenClient): Promise<SignalInput> {
  const category = settings.categories[report.category] ?? settings.default_category;
  if (!category) throw new SignalenError(`no Signalen category for "${report.category}" (signalen.categories or default_category)`, true);
  const place = await placeOf(report.location, settings);
  const point = place?.coordinates ?? settings.fallback_point;
  if (!point) throw new SignalenError('the place of this melding cannot be found, and signalen.fallback_point is not set', true);
  const signal: SignalInput = {
    text: report.description.slice(0, 3000),
    location: { geometrie: { type: 'Point', coordinates: point } },
    category: { category_url: client.categoryUrl(category) },
    reporter: { sharing_allowed: false },
    incident_date_start: new Date().toISOString(),
  };
  if (place && Object.keys(place.address).length) signal.location.address = place.address;
  // A place without a point of its own: the resident's words go with it, so the back office can look.
  if (!place) signal.text_extra = `Plek volgens de melder: ${placeQuery(report.location)}`.slice(0, 3000);
  if (report.email) signal.reporter.email = report.email;
  if (report.phone) signal.reporter.phone = report.phone;
  return signal;
}

async function photoBytes(url: string): Promise<Buffer> {
  if (url.startsWith('file:')) return readFile(fileURLToPath(url));
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`the photo could not be read (${res.status})`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > MAX_PHOTO_BYTES) throw new Error('the photo is too large');
  return data;
}

export function createSignalen(opts: SignalenOptions): Signalen {
  const { settings } = opts;
  const client = clientOf(settings, opts.env ?? process.env, opts.where ?? 'bot.yaml');
  const store = opts.store ?? new SqlOutbox(opts.sql, opts.botId);
  const log = opts.log.child({ component: 'signalen' });
  const listeners: ((reference: string, created: CreatedSignal) => void | Promise<void>)[] = [];

  /** Creates the signal, then adds the photo; a photo that fails is logged, the melding stands. */
  async function send(report: ReportForSignalen): Promise<CreatedSignal> {
    const created = await client.create(await signalOf(report, settings, client));
    if (report.photo) {
      try {
        const data = await photoBytes(report.photo.url);
        await client.attach(created.signal_id, { data, contentType: report.photo.contentType, name: report.photo.name ?? 'foto' });
      } catch (err) {
        log.warn({ reference: created.id_display, err: (err as Error).message }, 'photo not added to the melding');
      }
    }
    return created;
  }

  const worker = new OutboxWorker({
    store, topic: SIGNALEN_TOPIC, log, retry: opts.retry,
    permanent: (err) => err instanceof SignalenError && err.permanent,
    async deliver(item) {
      const report = item.payload as unknown as ReportForSignalen;
      const created = await send(report);
      log.info({ reference: report.reference, signal: created.id_display }, 'melding forwarded to Signalen from the outbox');
      // Signalen has it now: a failing link is logged, not retried (that would send the melding twice).
      for (const l of listeners) {
        await Promise.resolve(l(report.reference, created)).catch((err: Error) => log.error({ reference: report.reference, err: err.message }, 'melding forwarded, but not linked to its Signalen number'));
      }
    },
  });
  if (opts.deliver !== false) worker.start();

  return {
    worker,
    async submit(report, actionLog) {
      try {
        return await send(report);
      } catch (err) {
        // Not now: it waits in the outbox under Loket's number. A melding Signalen refuses as it is waits too,
        // and is kept as failed for a person: the resident's report is never dropped.
        await store.add({ topic: SIGNALEN_TOPIC, kind: 'melding', reference: report.reference, payload: { ...report } }, new Date());
        actionLog.warn({ reference: report.reference, err: (err as Error).message }, 'Signalen did not take the melding now; it waits in the outbox');
        worker.wake();
        return undefined;
      }
    },
    async status(signalId) {
      return (await client.status(signalId))?.state_display;
    },
    onForwarded(listener) {
      listeners.push(listener);
    },
    close: () => worker.stop(),
  };
}
