/**
 * The Zaken API (VNG's ZGW standard, as Open Zaak implements it, 1.x): a zaak is created with POST /zaken, its
 * properties with POST /zaken/{uuid}/zaakeigenschappen, who is involved with POST /rollen; each is listed again with
 * GET, so a step whose answer was lost is looked for before it is sent again. Its current status is the zaak's
 * `status` URL, whose `statustype` is read in the Catalogi API. Requests carry a fresh ZGW JWT, and the zaak requests
 * the coordinate system headers the API requires (Content-Crs, Accept-Crs).
 */
import { zgwToken, type ZgwClaims } from './jwt';

const CRS = 'EPSG:4326';

/** A failure, with what it means: `refused` (a 4xx) will be refused again, anything else may pass later. */
export class ZgwError extends Error {
  constructor(message: string, readonly refused: boolean, readonly status?: number, readonly codes: string[] = []) {
    super(message);
  }
}

export interface Zaak { url: string; uuid: string; identificatie: string }

export interface ZaakRequest {
  identificatie: string;
  bronorganisatie: string;
  zaaktype: string;
  verantwoordelijkeOrganisatie: string;
  startdatum: string;
  omschrijving: string;
  toelichting?: string;
}

export interface RolRequest {
  zaak: string;
  betrokkeneType: 'natuurlijk_persoon';
  roltype: string;
  roltoelichting: string;
  betrokkeneIdentificatie: { geslachtsnaam: string };
  contactpersoonRol: { naam: string; emailadres?: string; telefoonnummer?: string };
}

/** A zaak's current status, as a resident may read it. */
export interface ZaakStatus {
  /** The statustype's omschrijving: "In behandeling". */
  omschrijving: string;
  /** The statustype's statustekst, the text meant for the initiator, when the catalogus has one. */
  statustekst?: string;
  /** When the status was set: datumStatusGezet. */
  gezet: string;
  /** Whether it is the zaaktype's last status (isEindstatus). */
  eind: boolean;
}

export interface ClientOptions {
  /** The Zaken API's root: https://…/zaken/api/v1 */
  url: string;
  /** Roots of the Catalogi APIs whose statustypen may be read: the token is sent to no other place. */
  catalogi: string[];
  claims: ZgwClaims;
  secret: string;
  timeoutMs: number;
}

interface Page<T> { results?: T[] }

export class ZakenClient {
  private readonly base: string;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  async create(zaak: ZaakRequest): Promise<Zaak> {
    return zaakOf(await this.request('POST', '/zaken', zaak, true));
  }

  /** The zaak with this identificatie at this bronorganisatie, if there is one. */
  async find(identificatie: string, bronorganisatie: string): Promise<Zaak | undefined> {
    const query = new URLSearchParams({ identificatie, bronorganisatie });
    const page = (await this.request('GET', `/zaken?${query}`, undefined, true)) as Page<unknown>;
    return page.results?.length ? zaakOf(page.results[0]) : undefined;
  }

  /** The URLs of the eigenschappen the zaak has a value for. */
  async eigenschappen(zaak: Zaak): Promise<string[]> {
    const list = (await this.request('GET', `/zaken/${zaak.uuid}/zaakeigenschappen`)) as { eigenschap?: string }[];
    return Array.isArray(list) ? list.map((e) => String(e.eigenschap)) : [];
  }

  async addEigenschap(zaak: Zaak, eigenschap: string, waarde: string): Promise<void> {
    await this.request('POST', `/zaken/${zaak.uuid}/zaakeigenschappen`, { zaak: zaak.url, eigenschap, waarde });
  }

  /** The roltypes the zaak has a rol of. */
  async roltypes(zaak: Zaak): Promise<string[]> {
    const page = (await this.request('GET', `/rollen?${new URLSearchParams({ zaak: zaak.url })}`)) as Page<{ roltype?: string }>;
    return (page.results ?? []).map((r) => String(r.roltype));
  }

  async addRol(rol: RolRequest): Promise<void> {
    await this.request('POST', '/rollen', rol);
  }

  /** The zaak's current status, or undefined while it has none. */
  async status(zaakUrl: string): Promise<ZaakStatus | undefined> {
    const zaak = (await this.request('GET', this.within(zaakUrl, [this.base]), undefined, true)) as { status?: unknown };
    if (zaak.status === null || zaak.status === undefined) return undefined;
    const status = (await this.request('GET', this.within(zaak.status, [this.base]))) as { statustype?: unknown; datumStatusGezet?: unknown };
    const type = (await this.request('GET', this.within(status.statustype, this.opts.catalogi))) as { omschrijving?: unknown; statustekst?: unknown; isEindstatus?: unknown };
    if (typeof type.omschrijving !== 'string' || !type.omschrijving || typeof status.datumStatusGezet !== 'string') {
      throw new ZgwError('the Zaken or Catalogi API answered without a status (datumStatusGezet, omschrijving)', false);
    }
    return {
      omschrijving: type.omschrijving, gezet: status.datumStatusGezet, eind: type.isEindstatus === true,
      ...(typeof type.statustekst === 'string' && type.statustekst.trim() ? { statustekst: type.statustekst.trim() } : {}),
    };
  }

  /** A URL an API gave, when it lies under one of the roots: the token goes to no other host. */
  private within(url: unknown, roots: string[]): string {
    if (typeof url === 'string' && roots.some((root) => url.startsWith(`${root.replace(/\/+$/, '')}/`))) return url;
    throw new ZgwError(`a URL outside the configured APIs was not followed: ${String(url).slice(0, 200)}`, false);
  }

  private async request(method: string, path: string, body?: unknown, geo = false): Promise<unknown> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${zgwToken(this.opts.claims, this.opts.secret)}`,
    };
    if (geo) headers['accept-crs'] = CRS;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      if (geo) headers['content-crs'] = CRS;
    }
    let res: Response;
    try {
      res = await fetch(/^https?:\/\//.test(path) ? path : `${this.base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new ZgwError(`Zaken API not reachable: ${(err as Error).message}`, false);
    }
    const text = await res.text();
    if (!res.ok) {
      const problem = parse(text) as { detail?: string; invalidParams?: { name?: string; code?: string; reason?: string }[] } | undefined;
      const params = problem?.invalidParams ?? [];
      const why = params.length ? params.map((p) => `${p.name}: ${p.reason ?? p.code}`).join('; ') : (problem?.detail ?? text.slice(0, 300));
      const refused = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new ZgwError(`Zaken API answered ${res.status} to ${method} ${path.split('?')[0]}: ${why}`, refused, res.status, params.map((p) => String(p.code)));
    }
    if (!text) return {};
    const json = parse(text);
    if (json === undefined) throw new ZgwError('the Zaken API answered with something that is not JSON', false, res.status);
    return json;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function zaakOf(value: unknown): Zaak {
  const z = value as Partial<Zaak> | undefined;
  if (!z || typeof z.url !== 'string' || typeof z.uuid !== 'string' || typeof z.identificatie !== 'string') {
    throw new ZgwError('the Zaken API answered without a zaak (url, uuid, identificatie)', false);
  }
  return { url: z.url, uuid: z.uuid, identificatie: z.identificatie };
}
