/**
 * A stand-in for a ZGW Zaken API (Open Zaak, Zaken API 1.5) and the statustypen of a Catalogi API on 127.0.0.1, as
 * Open Zaak serves both from one host, written from their OpenAPI descriptions (VNG-Realisatie/zaken-api and
 * catalogi-api, src/openapi.yaml and src/resources.md) and the standard's run-time rules, and as strict where Loket
 * touches it:
 * - every request needs `Authorization: Bearer <JWT>`: HS256, signed with the client's secret, with iss and
 *   client_id (a known client), an iat not older than an hour nor in the future, user_id and user_representation;
 *   401 without one, 403 for a bad one;
 * - POST /zaken needs Content-Type application/json and Content-Crs EPSG:4326 (412 without it); an Accept-Crs other
 *   than EPSG:4326 is 406;
 * - a zaak needs bronorganisatie, zaaktype, verantwoordelijkeOrganisatie and startdatum, RSINs that pass the eleven
 *   test, a date, a known zaaktype, the maximum lengths; identificatie is unique per bronorganisatie (zrc-002);
 * - a zaakeigenschap's eigenschap and a rol's roltype must belong to the zaak's zaaktype; a rol needs betrokkeneType,
 *   roltype, roltoelichting and a betrokkeneIdentificatie, a contactpersoonRol a naam and a valid e-mail address;
 * - GET /zaken/{uuid} needs Accept-Crs (412 without it) and answers with `status`: the URL of its current STATUS or
 *   null; GET /statussen/{uuid} gives zaak, statustype, datumStatusGezet and statustoelichting; the Catalogi API's
 *   GET /statustypen/{uuid} gives omschrijving, statustekst, volgnummer and isEindstatus (the zaaktype's highest
 *   volgnummer); an unknown uuid is 404, a uuid that is not one is 404 too, as the router does not match it.
 * Refusals are application/problem+json, as ValidatieFout / Fout. Fields the API does not know are ignored, as
 * Django REST framework does; the fake lists them, so a test sees a misspelt field.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export const API_ROOT = '/zaken/api/v1';
export const CATALOGI_ROOT = '/catalogi/api/v1';
const ZAAK_FIELDS = new Set(['identificatie', 'bronorganisatie', 'omschrijving', 'toelichting', 'zaaktype', 'registratiedatum', 'verantwoordelijkeOrganisatie', 'startdatum', 'einddatumGepland', 'uiterlijkeEinddatumAfdoening', 'publicatiedatum', 'communicatiekanaal', 'productenOfDiensten', 'vertrouwelijkheidaanduiding', 'betalingsindicatie', 'zaakgeometrie', 'kenmerken', 'hoofdzaak', 'relevanteAndereZaken', 'archiefnominatie', 'archiefstatus', 'archiefactiedatum', 'opdrachtgevendeOrganisatie', 'selectielijstklasse']);
const ROL_FIELDS = new Set(['zaak', 'betrokkene', 'betrokkeneType', 'afwijkendeNaamBetrokkene', 'roltype', 'roltoelichting', 'indicatieMachtiging', 'contactpersoonRol', 'betrokkeneIdentificatie']);
const PERSON_FIELDS: Record<string, number> = { inpBsn: 9, anpIdentificatie: 17, inpA_nummer: 10, geslachtsnaam: 200, voorvoegselGeslachtsnaam: 80, voorletters: 20, voornamen: 200, geslachtsaanduiding: 1, geboortedatum: 18 };

export interface ZaakType { url: string; eigenschappen: string[]; roltypen: string[]; concept?: boolean }

export interface StoredZaak { uuid: string; url: string; body: any; eigenschappen: { eigenschap: string; waarde: string; url: string }[]; status: string | null }

export interface StatusTypeSpec { zaaktype: string; omschrijving: string; statustekst?: string; volgnummer: number }

interface StoredStatus { uuid: string; url: string; zaak: string; statustype: string; datumStatusGezet: string; statustoelichting: string }

export interface FakeZaken {
  url: string;
  zaken: StoredZaak[];
  rollen: any[];
  refused: { status: number; code: string; detail: string }[];
  /** Fields sent that the API does not know and dropped, as "resource.field". */
  ignored: string[];
  requests: string[];
  /** The Catalogi API's root on this server. */
  catalogiUrl: string;
  /** URLs of the statustypen made from FakeOptions.statustypen, in that order. */
  statustypen: string[];
  /** Sets a zaak's status as a case worker would (POST /statussen): the statustype must be of the zaak's zaaktype. */
  setStatus(identificatie: string, statustype: string, datumStatusGezet: string, statustoelichting?: string): void;
  down: boolean;
  /** The next request whose "METHOD /path" matches is carried out, but its answer comes too late for the client. */
  hangNext?: RegExp;
  close(): Promise<void>;
}

export interface FakeOptions {
  clients: Record<string, string>;
  zaaktypen: ZaakType[];
  statustypen?: StatusTypeSpec[];
}

function problem(res: ServerResponse, status: number, code: string, detail: string, invalidParams?: { name: string; code: string; reason: string }[]): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({
    type: `https://vng.nl/fouten/${code}`, code, title: invalidParams ? 'Invalid input.' : detail, status, detail, instance: `urn:uuid:${randomUUID()}`,
    ...(invalidParams ? { invalidParams } : {}),
  }));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'api-version': '1.5.1', ...headers });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isRsin(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{9}$/.test(v)) return false;
  const d = [...v].map(Number);
  return (d.slice(0, 8).reduce((s, n, i) => s + n * (9 - i), 0) - d[8]) % 11 === 0;
}

const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Why the token is not good, or undefined: checked as vng-api-common's JWT authentication does. */
function tokenProblem(header: string | undefined, clients: Record<string, string>): string | undefined {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return 'no bearer token';
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  let head: any;
  let claims: any;
  try {
    head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return 'the JWT is not JSON';
  }
  if (head.alg !== 'HS256') return `algorithm ${head.alg} is not HS256`;
  const secret = clients[claims.client_id];
  if (typeof claims.client_id !== 'string' || secret === undefined) return 'client_id is not a known client';
  if (claims.iss !== claims.client_id) return 'iss is not the client_id';
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the signature is not valid';
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat !== 'number' || claims.iat > now + 60 || claims.iat < now - 3600) return 'iat is missing, in the future or more than an hour ago';
  if (typeof claims.user_id !== 'string' || typeof claims.user_representation !== 'string') return 'user_id and user_representation are required';
  return undefined;
}

export async function startFakeZaken(opts: FakeOptions): Promise<FakeZaken> {
  const fake = {
    zaken: [] as StoredZaak[], rollen: [] as any[], refused: [] as { status: number; code: string; detail: string }[],
    ignored: [] as string[], requests: [] as string[], down: false, hangNext: undefined as RegExp | undefined,
  };
  let base = '';
  let catalogiBase = '';
  const types: (StatusTypeSpec & { uuid: string })[] = (opts.statustypen ?? []).map((t) => ({ ...t, uuid: randomUUID() }));
  const statussen: StoredStatus[] = [];
  const typeUrl = (t: { uuid: string }) => `${catalogiBase}/statustypen/${t.uuid}`;
  const refuse = (res: ServerResponse, status: number, code: string, detail: string, params?: { name: string; code: string; reason: string }[]) => {
    fake.refused.push({ status, code, detail: params ? params.map((p) => `${p.name}: ${p.reason}`).join('; ') : detail });
    problem(res, status, code, detail, params);
  };
  const invalid = (res: ServerResponse, params: { name: string; code: string; reason: string }[]) => refuse(res, 400, 'invalid', '', params);
  const zaaktype = (url: unknown) => opts.zaaktypen.find((z) => z.url === url);
  const ignore = (resource: string, body: Record<string, unknown>, known: Set<string>) => {
    for (const k of Object.keys(body)) if (!known.has(k)) fake.ignored.push(`${resource}.${k}`);
  };

  async function json(req: IncomingMessage, res: ServerResponse): Promise<Record<string, any> | undefined> {
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      refuse(res, 415, 'unsupported_media_type', `Ongeldige media type "${req.headers['content-type'] ?? ''}" in aanvraag.`);
      return undefined;
    }
    try {
      const body = JSON.parse(await bodyOf(req));
      if (isObject(body)) return body;
    } catch {
      // answered below
    }
    refuse(res, 400, 'parse_error', 'JSON parse error.');
    return undefined;
  }

  function createZaak(body: Record<string, any>, res: ServerResponse): void {
    ignore('zaak', body, ZAAK_FIELDS);
    const params: { name: string; code: string; reason: string }[] = [];
    for (const f of ['bronorganisatie', 'zaaktype', 'verantwoordelijkeOrganisatie', 'startdatum']) {
      if (body[f] === undefined || body[f] === '') params.push({ name: f, code: 'required', reason: 'Dit veld is vereist.' });
    }
    for (const f of ['bronorganisatie', 'verantwoordelijkeOrganisatie']) {
      if (body[f] !== undefined && !isRsin(body[f])) params.push({ name: f, code: 'invalid', reason: 'Onjuist RSIN formaat, voldoet niet aan de elfproef.' });
    }
    if (body.startdatum !== undefined && !isDate(body.startdatum)) params.push({ name: 'startdatum', code: 'invalid', reason: 'Datum heeft het verkeerde formaat.' });
    for (const [f, max] of [['identificatie', 40], ['omschrijving', 80], ['toelichting', 1000]] as const) {
      if (body[f] !== undefined && (typeof body[f] !== 'string' || body[f].length > max)) params.push({ name: f, code: 'max_length', reason: `Zorg ervoor dat dit veld niet meer dan ${max} karakters bevat.` });
    }
    const type = zaaktype(body.zaaktype);
    if (body.zaaktype !== undefined && !type) params.push({ name: 'zaaktype', code: 'bad-url', reason: 'De URL is ongeldig of kan niet opgevraagd worden.' });
    if (type?.concept) params.push({ name: 'zaaktype', code: 'not-published', reason: 'Het zaaktype is nog niet gepubliceerd.' });
    if (body.identificatie && fake.zaken.some((z) => z.body.identificatie === body.identificatie && z.body.bronorganisatie === body.bronorganisatie)) {
      params.push({ name: 'identificatie', code: 'identificatie-niet-uniek', reason: 'Deze identificatie bestaat al voor deze bronorganisatie' });
    }
    if (params.length) return invalid(res, params);
    const uuid = randomUUID();
    const zaak: StoredZaak = { uuid, url: `${base}/zaken/${uuid}`, body: { ...body, identificatie: body.identificatie || `ZAAK-${fake.zaken.length + 1}` }, eigenschappen: [], status: null };
    fake.zaken.push(zaak);
    send(res, 201, view(zaak), { location: zaak.url, 'content-crs': 'EPSG:4326' });
  }

  const view = (z: StoredZaak) => ({ url: z.url, uuid: z.uuid, registratiedatum: new Date().toISOString().slice(0, 10), vertrouwelijkheidaanduiding: 'openbaar', rollen: [], eigenschappen: z.eigenschappen.map((e) => e.url), status: z.status, resultaat: null, ...z.body });

  /** The Catalogi API's statustypen: read-only here, as Loket only reads them. */
  function catalogi(req: IncomingMessage, res: ServerResponse, path: string): void {
    const hit = /^\/statustypen\/([0-9a-f-]{36})$/.exec(path);
    if (!hit) return refuse(res, 404, 'not_found', 'Niet gevonden.');
    if (req.method !== 'GET') return refuse(res, 405, 'method_not_allowed', `Methode "${req.method}" niet toegestaan.`);
    const t = types.find((x) => x.uuid === hit[1]);
    if (!t) return refuse(res, 404, 'not_found', 'Niet gevonden.');
    const last = Math.max(...types.filter((x) => x.zaaktype === t.zaaktype).map((x) => x.volgnummer));
    send(res, 200, {
      url: typeUrl(t), omschrijving: t.omschrijving, omschrijvingGeneriek: '', statustekst: t.statustekst ?? '', zaaktype: t.zaaktype,
      volgnummer: t.volgnummer, isEindstatus: t.volgnummer === last, informeren: !!t.statustekst,
    });
  }

  function createRol(body: Record<string, any>, res: ServerResponse): void {
    ignore('rol', body, ROL_FIELDS);
    const params: { name: string; code: string; reason: string }[] = [];
    for (const f of ['zaak', 'betrokkeneType', 'roltype', 'roltoelichting']) if (body[f] === undefined || body[f] === '') params.push({ name: f, code: 'required', reason: 'Dit veld is vereist.' });
    const zaak = fake.zaken.find((z) => z.url === body.zaak);
    if (body.zaak !== undefined && !zaak) params.push({ name: 'zaak', code: 'does_not_exist', reason: 'Ongeldige hyperlink - Object bestaat niet.' });
    if (zaak && body.roltype !== undefined && !zaaktype(zaak.body.zaaktype)!.roltypen.includes(body.roltype)) params.push({ name: 'roltype', code: 'zaaktype-mismatch', reason: 'De referentie hoort niet bij het zaaktype van de zaak.' });
    if (body.betrokkeneType !== undefined && !['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging', 'organisatorische_eenheid', 'medewerker'].includes(body.betrokkeneType)) params.push({ name: 'betrokkeneType', code: 'invalid_choice', reason: 'Is geen geldige keuze.' });
    if (typeof body.roltoelichting === 'string' && body.roltoelichting.length > 1000) params.push({ name: 'roltoelichting', code: 'max_length', reason: 'Te lang.' });
    const id = body.betrokkeneIdentificatie;
    if (!body.betrokkene && !(isObject(id) && Object.keys(id).length)) params.push({ name: 'nonFieldErrors', code: 'invalid-betrokkene', reason: 'betrokkene of betrokkeneIdentificatie moet gegeven zijn.' });
    if (isObject(id) && body.betrokkeneType === 'natuurlijk_persoon') {
      for (const [k, v] of Object.entries(id)) {
        if (!(k in PERSON_FIELDS)) fake.ignored.push(`rol.betrokkeneIdentificatie.${k}`);
        else if (typeof v !== 'string' || v.length > PERSON_FIELDS[k]) params.push({ name: `betrokkeneIdentificatie.${k}`, code: 'max_length', reason: 'Te lang of geen tekst.' });
      }
    }
    const c = body.contactpersoonRol;
    if (c !== undefined && c !== null) {
      if (!isObject(c) || typeof c.naam !== 'string' || !c.naam || c.naam.length > 200) params.push({ name: 'contactpersoonRol.naam', code: 'required', reason: 'Dit veld is vereist.' });
      else {
        if (c.emailadres !== undefined && (typeof c.emailadres !== 'string' || c.emailadres.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.emailadres))) params.push({ name: 'contactpersoonRol.emailadres', code: 'invalid', reason: 'Voer een geldig e-mailadres in.' });
        if (c.telefoonnummer !== undefined && (typeof c.telefoonnummer !== 'string' || c.telefoonnummer.length > 20)) params.push({ name: 'contactpersoonRol.telefoonnummer', code: 'max_length', reason: 'Te lang.' });
      }
    }
    if (params.length) return invalid(res, params);
    const uuid = randomUUID();
    const rol = { url: `${base}/rollen/${uuid}`, uuid, ...body };
    fake.rollen.push(rol);
    send(res, 201, rol, { location: rol.url });
  }

  function addEigenschap(zaak: StoredZaak, body: Record<string, any>, res: ServerResponse): void {
    const params: { name: string; code: string; reason: string }[] = [];
    for (const f of ['zaak', 'eigenschap', 'waarde']) if (body[f] === undefined || body[f] === '') params.push({ name: f, code: 'required', reason: 'Dit veld is vereist.' });
    if (body.zaak !== undefined && body.zaak !== zaak.url) params.push({ name: 'zaak', code: 'invalid', reason: 'De zaak hoort niet bij deze URL.' });
    if (body.waarde !== undefined && typeof body.waarde !== 'string') params.push({ name: 'waarde', code: 'invalid', reason: 'Geen geldige tekst.' });
    if (body.eigenschap !== undefined && !zaaktype(zaak.body.zaaktype)!.eigenschappen.includes(body.eigenschap)) params.push({ name: 'eigenschap', code: 'zaaktype-mismatch', reason: 'De eigenschap hoort niet bij het zaaktype van de zaak.' });
    if (params.length) return invalid(res, params);
    const e = { eigenschap: body.eigenschap, waarde: body.waarde, url: `${zaak.url}/zaakeigenschappen/${randomUUID()}` };
    zaak.eigenschappen.push(e);
    send(res, 201, { ...e, zaak: zaak.url, naam: body.eigenschap.split('/').pop() });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const inCatalogi = url.pathname.startsWith(`${CATALOGI_ROOT}/`);
    const path = url.pathname.slice((inCatalogi ? CATALOGI_ROOT : API_ROOT).length);
    if (!req.headers.authorization) return refuse(res, 401, 'not_authenticated', 'Authenticatiegegevens zijn niet opgegeven.');
    const bad = tokenProblem(req.headers.authorization, opts.clients);
    if (bad) return refuse(res, 403, 'permission_denied', `Je hebt geen toestemming om deze actie uit te voeren (${bad}).`);
    if (inCatalogi) return catalogi(req, res, path);
    const one = /^\/zaken\/([0-9a-f-]{36})$/.exec(path);
    if (one && req.method === 'GET') {
      const accept = req.headers['accept-crs'];
      if (accept === undefined) return refuse(res, 412, 'precondition_failed', "'Accept-Crs' header ontbreekt");
      if (accept !== 'EPSG:4326') return refuse(res, 406, 'not_acceptable', `CRS '${accept}' is niet ondersteund`);
      const zaak = fake.zaken.find((z) => z.uuid === one[1]);
      if (!zaak) return refuse(res, 404, 'not_found', 'Niet gevonden.');
      return send(res, 200, view(zaak), { 'content-crs': 'EPSG:4326' });
    }
    const status = /^\/statussen\/([0-9a-f-]{36})$/.exec(path);
    if (status && req.method === 'GET') {
      const found = statussen.find((x) => x.uuid === status[1]);
      if (!found) return refuse(res, 404, 'not_found', 'Niet gevonden.');
      return send(res, 200, found);
    }
    const zaakPath = /^\/zaken\/([0-9a-f-]{36})\/zaakeigenschappen$/.exec(path);
    if (path === '/zaken') {
      const accept = req.headers['accept-crs'];
      if (accept !== undefined && accept !== 'EPSG:4326') return refuse(res, 406, 'not_acceptable', `CRS '${accept}' is niet ondersteund`);
      if (req.method === 'GET') {
        const q = url.searchParams;
        const found = fake.zaken.filter((z) => (!q.has('identificatie') || z.body.identificatie === q.get('identificatie')) && (!q.has('bronorganisatie') || z.body.bronorganisatie === q.get('bronorganisatie')));
        return send(res, 200, { count: found.length, next: null, previous: null, results: found.map(view) }, { 'content-crs': 'EPSG:4326' });
      }
      if (req.method === 'POST') {
        const crs = req.headers['content-crs'];
        if (crs === undefined) return refuse(res, 412, 'precondition_failed', "'Content-Crs' header ontbreekt");
        if (crs !== 'EPSG:4326') return refuse(res, 406, 'not_acceptable', `CRS '${crs}' is niet ondersteund`);
        const body = await json(req, res);
        return body && createZaak(body, res);
      }
    }
    if (zaakPath) {
      const zaak = fake.zaken.find((z) => z.uuid === zaakPath[1]);
      if (!zaak) return refuse(res, 404, 'not_found', 'Niet gevonden.');
      if (req.method === 'GET') return send(res, 200, zaak.eigenschappen.map((e) => ({ ...e, zaak: zaak.url })));
      if (req.method === 'POST') {
        const body = await json(req, res);
        return body && addEigenschap(zaak, body, res);
      }
    }
    if (path === '/rollen') {
      if (req.method === 'GET') {
        const found = fake.rollen.filter((r) => !url.searchParams.has('zaak') || r.zaak === url.searchParams.get('zaak'));
        return send(res, 200, { count: found.length, next: null, previous: null, results: found });
      }
      if (req.method === 'POST') {
        const body = await json(req, res);
        return body && createRol(body, res);
      }
    }
    refuse(res, 405, 'method_not_allowed', `Methode "${req.method}" niet toegestaan op ${path}.`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (fake.down) return problem(res, 503, 'service_unavailable', 'De service is tijdelijk niet beschikbaar.');
    const inCatalogi = url.pathname.startsWith(`${CATALOGI_ROOT}/`);
    if (!url.pathname.startsWith(`${API_ROOT}/`) && !inCatalogi) return refuse(res, 404, 'not_found', 'Niet gevonden.');
    const line = inCatalogi ? `${req.method} catalogi:${url.pathname.slice(CATALOGI_ROOT.length)}` : `${req.method} ${url.pathname.slice(API_ROOT.length)}`;
    fake.requests.push(line);
    let target = res;
    if (fake.hangNext?.test(line)) {
      fake.hangNext = undefined;
      // The work is done; the answer is written nowhere, as when it is lost on the way back.
      target = Object.assign(Object.create(res), { writeHead: () => target, end: () => target });
    }
    handle(req, target, url).catch((err: Error) => problem(target, 500, 'error', err.message));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}${API_ROOT}`;
  catalogiBase = `http://127.0.0.1:${port}${CATALOGI_ROOT}`;
  return Object.assign(fake, {
    url: base,
    catalogiUrl: catalogiBase,
    statustypen: types.map(typeUrl),
    setStatus(identificatie: string, statustype: string, datumStatusGezet: string, statustoelichting = '') {
      const zaak = fake.zaken.find((z) => z.body.identificatie === identificatie);
      const t = types.find((x) => typeUrl(x) === statustype);
      if (!zaak || !t || t.zaaktype !== zaak.body.zaaktype) throw new Error('setStatus: no such zaak, or a statustype of another zaaktype');
      const uuid = randomUUID();
      statussen.push({ uuid, url: `${base}/statussen/${uuid}`, zaak: zaak.url, statustype, datumStatusGezet, statustoelichting });
      zaak.status = `${base}/statussen/${uuid}`;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
