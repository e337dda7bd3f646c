import { fold } from '../text';
import { formatDate } from './calendar';

export { exampleDate } from './calendar';
export { formatAddress, SPOT, splitClauses } from './place';
import { ageFromBirth } from './age';
import { choiceByValue, findChoice, parseChoice } from './choice';
import { findEmail, findPhone, formatPhone } from './contact';
import { findName, parseName } from './name';
export { nameFrom, PARTICLES } from './name';
import { findDate, firstAllowedDay, parseDate } from './date';
import { checkAttachment, checkLocation, formatAttachment, formatLocation, parseCoordinates } from './media';
import { defaultErrorMessage } from './messages';
import { findNumber, formatNumber, parseNumber } from './numbers';
import { findAddressInText, findPostcode, findStreetName, findStreetPlace, formatAddress, formatHouseNumber, isBareStreet, landmarkPlace, parseAddress, parseHouseNumber, parsePostcode, parseStreetPlace, SPOT } from './place';
export { findStreetName };
import { findDayPart, findTime, parseDayPart, parseTime } from './time';
import type { Address, Lang, ParseContext, ParseResult, SlotInput, SlotType, SlotValue } from './types';
import { matchInside, validate } from './validate';
import { deniedEcho, parseYesNo } from './yesno';

/**
 * Slot parsers: what a resident answered to a question of a given type, and values found inside a first message
 * so the flow can skip questions already answered. Nothing here throws; what cannot be read is 'not_understood'.
 */

export { defaultErrorMessage };
export type * from './types';

interface Found { value: SlotValue; display: string }

/** A place pinned by a landmark in a first message (`findStreetPlace`), shown as the resident wrote it. */
export function findPlaceInText(text: string, lang: Lang): { value: SlotValue; display: string } | undefined {
  const place = findStreetPlace(text);
  return place && { value: place, display: formatAddress(place, lang) };
}

function lang(ctx: ParseContext): Lang {
  return ctx.lang === 'en' ? 'en' : 'nl';
}

function textOf(input: SlotInput): string {
  if (typeof input.text === 'string') return input.text;
  return typeof input.choice === 'string' ? input.choice : '';
}

function parse(type: SlotType, input: SlotInput, ctx: ParseContext): Found | undefined {
  const text = textOf(input);
  const l = lang(ctx);
  switch (type) {
    case 'date': {
      const date = parseDate(text, ctx);
      return date ? { value: date, display: formatDate(date, l) } : undefined;
    }
    case 'time': {
      const time = parseTime(text, l);
      // "rond lunchtijd, dan heb ik pauze": the part of the day may come with a reason after it.
      return time ? { value: time, display: time } : (parseDayPart(text, l) ?? findDayPart(text, l));
    }
    case 'postcode': {
      const postcode = parsePostcode(text);
      return postcode ? { value: postcode, display: postcode } : undefined;
    }
    case 'housenumber': {
      const number = parseHouseNumber(text);
      return number ? { value: number, display: formatHouseNumber(number) } : undefined;
    }
    case 'address':
      return parseAddressInput(input, text, l, ctx.street, ctx.again === true);
    case 'email': {
      const email = findEmail(text);
      return email ? { value: email, display: email } : undefined;
    }
    case 'phone': {
      const phone = findPhone(text);
      return phone ? { value: phone, display: formatPhone(phone) } : undefined;
    }
    case 'yesno':
      return parseYesNoInput(text, l, ctx.question);
    case 'number': {
      const n = ageFromBirth(text, ctx.now, asksAge(ctx)) ?? parseNumber(text, l);
      return n === undefined ? undefined : { value: n, display: formatNumber(n, l) };
    }
    case 'choice': {
      const options = ctx.options ?? [];
      const option = (typeof input.choice === 'string' ? choiceByValue(input.choice, options) : undefined) ?? parseChoice(text, options);
      return option ? { value: option.value, display: option.label } : undefined;
    }
    case 'text': {
      const pattern = ctx.validate?.pattern;
      const trimmed = text.trim();
      // A reference asked for by a pattern may come inside a sentence ("mijn nummer is AFS-SBB9ND").
      const inside = pattern && !validate('text', trimmed, { ...ctx, validate: { pattern } }) ? undefined : pattern && matchInside(pattern, trimmed);
      const value = inside || trimmed;
      return value ? { value, display: value } : undefined;
    }
    case 'name': {
      const name = parseName(text);
      return name ? { value: name, display: name } : undefined;
    }
    case 'location': {
      const location = checkLocation(input.location) ?? parseCoordinates(text);
      return location ? { value: location, display: formatLocation(location) } : undefined;
    }
    case 'attachment': {
      const file = checkAttachment(input.attachment);
      return file ? { value: file, display: formatAttachment(file, l) } : undefined;
    }
    default:
      return undefined;
  }
}

/** "ter hoogte van nr 30" after "een boom in de Meidoornstraat": the number on the street named before. */
function onKnownStreet(text: string, street: string | undefined): Address | undefined {
  const n = street ? parseHouseNumber(text) : undefined;
  return n && { street, ...n };
}

/** "bij de school" after "Kerkstraat": where on the street named before. */
function spotOnStreet(text: string, street: string | undefined): Address | undefined {
  const spot = text.trim().replace(/[.!?]+$/, '');
  return street && SPOT.test(fold(spot)) ? { street, description: `${street} ${spot}` } : undefined;
}

/** A number question capped like an age ("max: 120") reads a bare year as the year of birth. */
function asksAge(ctx: ParseContext): boolean {
  const max = ctx.validate?.max;
  return typeof max === 'number' && max <= 150;
}

/** The address question also takes a shared location ("U kunt ook uw locatie delen"). */
function parseAddressInput(input: SlotInput, text: string, l: Lang, street: string | undefined, again: boolean): Found | undefined {
  const location = checkLocation(input.location);
  if (location) return { value: location, display: formatLocation(location) };
  const address = parseAddress(text) ?? parseStreetPlace(text, again) ?? onKnownStreet(text, street) ?? spotOnStreet(text, street) ?? landmarkPlace(text, again);
  return address ? { value: address, display: formatAddress(address, l) } : undefined;
}

function parseYesNoInput(text: string, l: Lang, question: string | undefined): Found | undefined {
  const yes = parseYesNo(text) ?? (question ? deniedEcho(text, question) : undefined);
  if (yes === undefined) return undefined;
  return { value: yes, display: l === 'en' ? (yes ? 'Yes' : 'No') : yes ? 'Ja' : 'Nee' };
}

/** Parse the answer to a question of this type, then apply the step's `validate:` checks. */
export function parseSlot(type: SlotType, input: SlotInput, ctx: ParseContext): ParseResult {
  try {
    const found = parse(type, input ?? {}, ctx);
    // "Kerkstraat": understood, but where on it? Asked once; a street alone the second time is the place.
    if (!found) return { ok: false, error: type === 'address' && isBareStreet(textOf(input ?? {})) ? 'no_number' : 'not_understood' };
    const error = validate(type, found.value, ctx);
    return error ? { ok: false, error } : { ok: true, value: found.value, display: found.display };
  } catch {
    return { ok: false, error: 'not_understood' };
  }
}

function find(type: SlotType, text: string, ctx: ParseContext): Found | undefined {
  const l = lang(ctx);
  switch (type) {
    case 'date': {
      const date = findDate(text, ctx);
      return date ? { value: date, display: formatDate(date, l) } : undefined;
    }
    case 'time': {
      const time = findTime(text, l);
      return time ? { value: time, display: time } : findDayPart(text, l);
    }
    case 'postcode': {
      const postcode = findPostcode(text);
      return postcode ? { value: postcode, display: postcode } : undefined;
    }
    case 'housenumber': {
      const address = findAddressInText(text);
      if (address?.number === undefined) return undefined;
      const number = address.addition ? { number: address.number, addition: address.addition } : { number: address.number };
      return { value: number, display: formatHouseNumber(number) };
    }
    case 'address': {
      const address = findAddressInText(text);
      return address ? { value: address, display: formatAddress(address, l) } : undefined;
    }
    case 'email': {
      const email = findEmail(text);
      return email ? { value: email, display: email } : undefined;
    }
    case 'phone': {
      const phone = findPhone(text);
      return phone ? { value: phone, display: formatPhone(phone) } : undefined;
    }
    case 'name': {
      const name = findName(text);
      return name ? { value: name, display: name } : undefined;
    }
    case 'choice': {
      const option = findChoice(text, ctx.options ?? []);
      return option ? { value: option.value, display: option.label } : undefined;
    }
    case 'number': {
      const n = ageFromBirth(text, ctx.now, false) ?? findNumber(text);
      return n === undefined ? undefined : { value: n, display: formatNumber(n, l) };
    }
    default:
      return undefined;
  }
}

/**
 * A value of this type inside a longer message ("de lantaarnpaal bij Kerkstraat 12 is kapot"), to fill a slot
 * before its question is asked. Conservative: null unless the value is clear and passes the step's checks.
 */
export function findInText(type: SlotType, text: string, ctx: ParseContext): { value: SlotValue; display: string } | null {
  try {
    if (typeof text !== 'string' || !text.trim()) return null;
    const found = find(type, text, ctx);
    if (!found || validate(type, found.value, ctx)) return null;
    return found;
  } catch {
    return null;
  }
}

/** The first day, from today on, that passes the question's checks: "zo snel mogelijk" or "maakt niet uit". */
export function earliestDate(ctx: ParseContext): { value: string; display: string } | undefined {
  const day = firstAllowedDay({ ...ctx, validate: { ...ctx.validate, future: true } });
  return day ? { value: day, display: formatDate(day, lang(ctx)) } : undefined;
}
