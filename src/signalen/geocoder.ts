/**
 * Places an address with a PDOK-style locatieserver (api.pdok.nl/bzk/locatieserver/search/v3_1): the free search,
 * addresses only, the best hit's centroid (centroide_ll, "POINT(lon lat)" in WGS84) and its BAG address parts.
 */

export interface Place {
  coordinates: [number, number];
  /** Signalen's address fields, as the BAG spells them. */
  address: Record<string, string | number>;
}

interface Doc {
  centroide_ll?: string;
  straatnaam?: string;
  huisnummer?: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  woonplaatsnaam?: string;
}

const POINT = /^POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$/;

/** The best address for the query, or undefined when the locatieserver finds none. Throws when it cannot be reached. */
export async function geocode(base: string, query: string, timeoutMs: number): Promise<Place | undefined> {
  const url = new URL(`${base.replace(/\/+$/, '')}/free`);
  url.searchParams.set('q', query);
  url.searchParams.set('fq', 'type:adres');
  url.searchParams.set('rows', '1');
  url.searchParams.set('fl', 'centroide_ll,straatnaam,huisnummer,huisletter,huisnummertoevoeging,postcode,woonplaatsnaam');
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`locatieserver answered ${res.status}`);
  const body = (await res.json()) as { response?: { docs?: Doc[] } };
  const doc = body.response?.docs?.[0];
  const point = doc?.centroide_ll ? POINT.exec(doc.centroide_ll) : null;
  if (!doc || !point) return undefined;
  const address: Record<string, string | number> = {};
  if (doc.straatnaam) address.openbare_ruimte = doc.straatnaam;
  if (doc.huisnummer !== undefined) address.huisnummer = doc.huisnummer;
  if (doc.huisletter) address.huisletter = doc.huisletter;
  if (doc.huisnummertoevoeging) address.huisnummer_toevoeging = doc.huisnummertoevoeging;
  if (doc.postcode) address.postcode = doc.postcode;
  if (doc.woonplaatsnaam) address.woonplaats = doc.woonplaatsnaam;
  return { coordinates: [Number(point[1]), Number(point[2])], address };
}
