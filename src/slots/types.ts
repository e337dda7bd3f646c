/** Slot types an editor can use in an `ask` step. Values are plain JSON so state can be stored anywhere. */
export type SlotType =
  | 'date' | 'time' | 'postcode' | 'housenumber' | 'address' | 'email' | 'phone'
  | 'yesno' | 'number' | 'choice' | 'text' | 'name' | 'location' | 'attachment';

export const SLOT_TYPES: readonly SlotType[] = [
  'date', 'time', 'postcode', 'housenumber', 'address', 'email', 'phone',
  'yesno', 'number', 'choice', 'text', 'name', 'location', 'attachment',
];

export type Lang = 'nl' | 'en';

export interface GeoLocation { latitude: number; longitude: number; address?: string }
export interface Attachment { url: string; contentType: string; name?: string }
export interface HouseNumber { number: number; addition?: string }
export interface Address {
  street?: string;
  number?: number;
  addition?: string;
  postcode?: string;
  city?: string;
  /** The resident's own words for a place without a number ("hoek Kerkstraat en Molenweg"). */
  description?: string;
}

/** What the resident gave: typed text, a pressed button, a shared location or an uploaded file. */
export interface SlotInput {
  text?: string;
  choice?: string;
  location?: GeoLocation;
  attachment?: Attachment;
}

export interface ChoiceOption { value: string; label: string; synonyms?: string[] }

/** Editor-set checks on a slot, written under `validate:` in a flow step. */
export interface SlotValidation {
  future?: boolean;          // date: today or later
  past?: boolean;            // date: today or earlier
  weekdays_only?: boolean;   // date: monday to friday
  max_days_ahead?: number;   // date
  min?: number;              // number
  max?: number;              // number
  min_length?: number;       // text
  max_length?: number;       // text
  pattern?: string;          // text: regular expression the answer must match
}

export interface ParseContext {
  now: Date;                  // injected so parsing is deterministic in tests
  lang: Lang;
  options?: ChoiceOption[];   // for `choice`
  validate?: SlotValidation;
  holidays?: string[];        // YYYY-MM-DD days the municipality is closed: not a working day for `weekdays_only`
  street?: string;            // for `address`: a street named earlier, so "nummer 30" completes it
  again?: boolean;            // for `address`: asked again already, so a street alone is taken as the place
  question?: string;          // for `yesno`: the question asked, so "nog niet goedgekeurd" says no to "al goedgekeurd?"
}

export type SlotValue = string | number | boolean | GeoLocation | Attachment | HouseNumber | Address;

export type ParseError = 'not_understood' | 'no_number' | 'in_past' | 'in_future' | 'weekend' | 'holiday' | 'too_far' | 'too_small' | 'too_large' | 'a_year' | 'too_short' | 'too_long' | 'no_match';

export type ParseResult =
  | { ok: true; value: SlotValue; display: string }
  | { ok: false; error: ParseError };
