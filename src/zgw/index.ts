/**
 * Cases into a ZGW Zaken API (docs/zgw.md): with `zgw:` in bot.yaml, cases.create registers each case of a listed
 * product as a zaak of its zaaktype, under the resident's reference as its identificatie (GRV-7K3M9Q), with the
 * answers as zaakeigenschappen and the resident as initiator when they left a name and a way to reach them. A case
 * the Zaken API cannot take now waits in the outbox and goes when the API is back.
 *
 * Nothing is made twice: the identificatie is Loket's reference, which the API keeps unique per bronorganisatie, and
 * every step looks first whether an earlier try (whose answer was lost) made it already.
 */
import type { Logger } from 'pino';
import { localNow } from '../appointments';
import { isRsin } from '../content/products';
import { inLanguage, type Text, type ZgwSettings } from '../content/types';
import { OutboxWorker, SqlOutbox, type OutboxPluginOptions } from '../outbox';
import { formatAddress } from '../slots/place';
import type { Address } from '../slots/types';
import { ZakenClient, ZgwError, type Zaak, type ZaakStatus } from './client';

export { ZakenClient, ZgwError, type Zaak, type ZaakStatus } from './client';
export { signHs256, zgwToken, type ZgwClaims } from './jwt';

export const ZGW_TOPIC = 'zgw';
const ZONE = 'Europe/Amsterdam';
const TOELICHTING_MAX = 1000;

/** A case as cases.create stored it. */
export interface CaseForZgw {
  reference: string;
  product: string;
  /** The product's name for people: the zaak's omschrijving. */
  label: Text;
  /** The flow's answers, without the contact details. */
  answers: Record<string, unknown>;
  name?: string;
  email?: string;
  phone?: string;
  /** The day the resident asked, YYYY-MM-DD: the zaak's startdatum, also when it is sent later. */
  date: string;
}

export interface Zgw {
  /** Whether cases of this product go to the Zaken API. */
  handles(product: string): boolean;
  /** Registers the zaak now: the zaak, or undefined when it waits in the outbox. */
  submit(c: CaseForZgw, log: Logger): Promise<Zaak | undefined>;
  /** Called when a case from the outbox became a zaak. */
  onForwarded(listener: (reference: string, zaak: Zaak) => void | Promise<void>): void;
  /** The zaak's current status in the Zaken API (undefined while it has none); throws when it cannot be read now. */
  status(zaakUrl: string): Promise<ZaakStatus | undefined>;
  readonly worker: OutboxWorker;
  close(): Promise<void>;
}

export interface ZgwOptions extends OutboxPluginOptions {
  settings: ZgwSettings;
}

/** The settings checked at start-up: a secret that is not set or an RSIN that cannot be one stops it, with where. */
function clientOf(settings: ZgwSettings, env: NodeJS.ProcessEnv, where: string): ZakenClient {
  const secret = env[settings.secret_env];
  if (!secret) throw new Error(`${where}: zgw.secret_env names the environment variable ${settings.secret_env}, which is not set`);
  for (const [key, value] of [['bronorganisatie', settings.bronorganisatie], ['verantwoordelijke_organisatie', settings.verantwoordelijke_organisatie]] as const) {
    if (value !== undefined && !isRsin(value)) throw new Error(`${where}: zgw.${key} "${value}" is not an RSIN (9 digits that pass the eleven test)`);
  }
  return new ZakenClient({
    url: settings.zaken_url, secret, timeoutMs: settings.timeout_ms ?? 10_000, catalogi: catalogiRoots(settings),
    claims: { clientId: settings.client_id, userId: settings.user_id ?? 'loket', userRepresentation: settings.user_representation ?? 'Loket (chatbot)' },
  });
}

/** Where statustypen may be read: catalogi_url, or the Catalogi APIs the zaaktypen are in. */
function catalogiRoots(settings: ZgwSettings): string[] {
  if (settings.catalogi_url) return [settings.catalogi_url];
  const roots = Object.values(settings.products).map((p) => /^(.*)\/zaaktypen\/[^/]+$/.exec(p.zaaktype)?.[1]);
  return [...new Set(roots.filter((r): r is string => !!r))];
}

/** An answer as text: an address as people write it, anything else as it is. */
function answerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const a = value as Address;
  if (a && typeof a === 'object' && (a.street || a.postcode)) return formatAddress(a, 'nl');
  return JSON.stringify(value);
}

/** The resident becomes the zaak's initiator when they left a name and a way to reach them. */
function initiator(c: CaseForZgw): c is CaseForZgw & { name: string } {
  return !!c.name && !!(c.email || c.phone);
}

export function createZgw(opts: ZgwOptions): Zgw {
  const { settings } = opts;
  const client = clientOf(settings, opts.env ?? process.env, opts.where ?? 'bot.yaml');
  const store = opts.store ?? new SqlOutbox(opts.sql, opts.botId);
  const log = opts.log.child({ component: 'zgw' });
  const listeners: ((reference: string, zaak: Zaak) => void | Promise<void>)[] = [];
  const bron = settings.bronorganisatie;

  /** The zaak of this case: found from an earlier try, or made now. */
  async function zaakFor(c: CaseForZgw, toelichting: string | undefined): Promise<Zaak> {
    const found = await client.find(c.reference, bron);
    if (found) return found;
    try {
      return await client.create({
        identificatie: c.reference, bronorganisatie: bron, zaaktype: settings.products[c.product].zaaktype,
        verantwoordelijkeOrganisatie: settings.verantwoordelijke_organisatie ?? bron, startdatum: c.date,
        omschrijving: inLanguage(c.label, 'nl').slice(0, 80), ...(toelichting ? { toelichting } : {}),
      });
    } catch (err) {
      // Made by a try running at the same moment: the API keeps identificatie unique, so it is that one.
      const again = err instanceof ZgwError && err.codes.includes('identificatie-niet-uniek') ? await client.find(c.reference, bron) : undefined;
      if (again) return again;
      throw err;
    }
  }

  /**
   * Answers with an eigenschap become zaakeigenschappen; the others are the toelichting, one "name: value" a line.
   * Contact details that make no rol (a name without a way to reach them, or the other way round) are answers too.
   */
  function split(c: CaseForZgw): { eigenschappen: [string, string][]; toelichting?: string } {
    const mapped = settings.products[c.product].eigenschappen ?? {};
    const eigenschappen: [string, string][] = [];
    const lines: string[] = [];
    const contact = initiator(c) ? {} : { name: c.name, email: c.email, phone: c.phone };
    for (const [key, value] of Object.entries({ ...c.answers, ...contact })) {
      if (value === undefined) continue;
      const text = answerText(value).trim();
      if (!text) continue;
      if (mapped[key]) eigenschappen.push([mapped[key], text]);
      else lines.push(`${key}: ${text}`);
    }
    let toelichting = lines.join('\n');
    if (toelichting.length > TOELICHTING_MAX) {
      log.warn({ reference: c.reference }, 'zgw: the answers without an eigenschap are longer than a toelichting takes; cut at 1000 characters');
      toelichting = `${toelichting.slice(0, TOELICHTING_MAX - 1)}…`;
    }
    return { eigenschappen, ...(toelichting ? { toelichting } : {}) };
  }

  async function send(c: CaseForZgw): Promise<Zaak> {
    const { eigenschappen, toelichting } = split(c);
    const zaak = await zaakFor(c, toelichting);
    const has = eigenschappen.length ? new Set(await client.eigenschappen(zaak)) : new Set<string>();
    for (const [eigenschap, waarde] of eigenschappen) if (!has.has(eigenschap)) await client.addEigenschap(zaak, eigenschap, waarde);
    const roltype = settings.products[c.product].roltype;
    if (initiator(c) && !(await client.roltypes(zaak)).includes(roltype)) {
      await client.addRol({
        zaak: zaak.url, betrokkeneType: 'natuurlijk_persoon', roltype, roltoelichting: 'Aanvrager, via de chat (Loket)',
        betrokkeneIdentificatie: { geslachtsnaam: c.name.slice(0, 200) },
        contactpersoonRol: { naam: c.name.slice(0, 200), ...(c.email ? { emailadres: c.email } : {}), ...(c.phone ? { telefoonnummer: c.phone.slice(0, 20) } : {}) },
      });
    }
    return zaak;
  }

  const worker = new OutboxWorker({
    store, topic: ZGW_TOPIC, log, retry: opts.retry,
    permanent: (err) => err instanceof ZgwError && err.refused,
    async deliver(item) {
      const c = item.payload as unknown as CaseForZgw;
      const zaak = await send(c);
      log.info({ reference: c.reference }, 'zgw: case registered as a zaak from the outbox');
      // The zaak exists now: a failing link is logged, not retried.
      for (const l of listeners) {
        await Promise.resolve(l(c.reference, zaak)).catch((err: Error) => log.error({ reference: c.reference, err: err.message }, 'zaak made, but not linked to its case'));
      }
    },
  });
  if (opts.deliver !== false) worker.start();

  return {
    worker,
    handles: (product) => product in settings.products,
    async submit(c, actionLog) {
      try {
        return await send(c);
      } catch (err) {
        // The case is kept: it waits in the outbox, or, refused as it is, stays there as failed for a person.
        const id = await store.add({ topic: ZGW_TOPIC, kind: 'zaak', reference: c.reference, payload: { ...c } }, new Date());
        const message = (err as Error).message;
        if (err instanceof ZgwError && err.refused) await store.failed(id, message, new Date());
        else worker.wake();
        actionLog.warn({ reference: c.reference, err: message }, 'the Zaken API did not take the case now; it is kept in the outbox');
        return undefined;
      }
    },
    onForwarded(listener) {
      listeners.push(listener);
    },
    status: (zaakUrl) => client.status(zaakUrl),
    close: () => worker.stop(),
  };
}

/** Today at the municipality: a zaak's startdatum. */
export function today(now: Date): string {
  return localNow(now, ZONE).date;
}
