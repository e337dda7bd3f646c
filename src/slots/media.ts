import { cap } from '../text';
import type { Attachment, GeoLocation, Lang } from './types';

/** Shared locations and uploaded files. */

const inRange = (n: unknown, limit: number): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= limit;

export function checkLocation(l: GeoLocation | undefined): GeoLocation | undefined {
  if (!l || !inRange(l.latitude, 90) || !inRange(l.longitude, 180)) return undefined;
  const out: GeoLocation = { latitude: l.latitude, longitude: l.longitude };
  if (typeof l.address === 'string' && l.address.trim()) out.address = l.address.trim();
  return out;
}

// "52.37, 4.89", "52.370216,4.895168", and the same inside a maps link ("…/@52.370216,4.895168,17z" or "?q=52.37,4.89").
const COORDINATES = /(?<![\d.])(-?\d{1,2}\.\d{2,})\s*,\s*(-?\d{1,3}\.\d{2,})(?![\d])/;

export function parseCoordinates(text: string): GeoLocation | undefined {
  const m = COORDINATES.exec(cap(text));
  return m ? checkLocation({ latitude: Number(m[1]), longitude: Number(m[2]) }) : undefined;
}

export function formatLocation(l: GeoLocation): string {
  const round = (n: number): number => Math.round(n * 1e6) / 1e6;
  return l.address ?? `${round(l.latitude)}, ${round(l.longitude)}`;
}

export function checkAttachment(a: Attachment | undefined): Attachment | undefined {
  if (!a || typeof a.url !== 'string' || !a.url || typeof a.contentType !== 'string') return undefined;
  const out: Attachment = { url: a.url, contentType: a.contentType };
  if (typeof a.name === 'string' && a.name) out.name = a.name;
  return out;
}

/** The file name, or "foto" / "bestand" when the app sent none. */
export function formatAttachment(a: Attachment, lang: Lang): string {
  if (a.name) return a.name;
  const image = a.contentType.startsWith('image/');
  if (lang === 'en') return image ? 'photo' : 'file';
  return image ? 'foto' : 'bestand';
}
