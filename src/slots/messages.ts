import type { Lang, ParseError, SlotType, SlotValidation } from './types';

/** What the resident reads when an answer does not work: plain words (B1), short sentences, "u". */

type Texts = Record<Lang, string>;

const NOT_UNDERSTOOD: Record<SlotType, Texts> = {
  date: {
    nl: 'Die datum begrijp ik niet. Typ een dag, bijvoorbeeld: morgen, dinsdag of 14 maart. Geen voorkeur? Typ dan: zo snel mogelijk.',
    en: 'I do not understand that date. Type a day, for example: tomorrow, Tuesday or 14 March. No preference? Type: as soon as possible.',
  },
  time: {
    nl: 'Die tijd begrijp ik niet. Typ een tijd, bijvoorbeeld: 10 uur, half 3 of 14:30.',
    en: 'I do not understand that time. Type a time, for example: 10 am, 2 pm or 14:30.',
  },
  postcode: {
    nl: 'Dat is geen geldige postcode. Een postcode is 4 cijfers en 2 letters, zoals 1234 AB.',
    en: 'That is not a valid postcode. A postcode has 4 numbers and 2 letters, like 1234 AB.',
  },
  housenumber: {
    nl: 'Dat is geen geldig huisnummer. Typ het nummer van het huis, zoals 12 of 12a.',
    en: 'That is not a valid house number. Type the number of the house, like 12 or 12a.',
  },
  address: {
    nl: 'Dat adres begrijp ik niet. Typ de straat en het huisnummer, zoals Kerkstraat 12. Geen huisnummer? Typ dan de straat en wat er in de buurt is, zoals: Stationsweg bij de fietstunnel.',
    en: 'I do not understand that address. Type the street and house number, like Kerkstraat 12. No house number? Type the street and what is nearby, like: Stationsweg near the bike tunnel.',
  },
  email: {
    nl: 'Dat is geen geldig e-mailadres. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl.',
    en: 'That is not a valid email address. An email address looks like this: name@example.com.',
  },
  phone: {
    nl: 'Dat is geen geldig telefoonnummer. Typ een nummer van 10 cijfers, zoals 06 12345678. Een nummer in het buitenland begint met + en de landcode.',
    en: 'That is not a valid phone number. Type a number with 10 digits, like 06 12345678. A number abroad starts with + and the country code.',
  },
  yesno: {
    nl: 'Dat begrijp ik niet. Antwoord met ja of nee.',
    en: 'I do not understand. Please answer yes or no.',
  },
  number: {
    nl: 'Dat begrijp ik niet. Typ een getal, bijvoorbeeld: 12.',
    en: 'I do not understand. Type a number, for example: 12.',
  },
  choice: {
    nl: 'Dat begrijp ik niet. Kies een van de knoppen. Of typ het nummer van uw keuze.',
    en: 'I do not understand. Choose one of the buttons. Or type the number of your choice.',
  },
  text: {
    nl: 'Ik heb geen antwoord gekregen. Typ uw antwoord in een paar woorden.',
    en: 'I did not get an answer. Type your answer in a few words.',
  },
  name: {
    nl: 'Ik heb geen naam gekregen. Typ uw naam, bijvoorbeeld: Jan de Vries.',
    en: 'I did not get a name. Type your name, for example: Jan de Vries.',
  },
  location: {
    nl: 'Ik heb geen plek gekregen. Deel uw locatie met de knop in uw app. Of typ de coördinaten, zoals 52.37, 4.89.',
    en: 'I did not get a location. Share your location with the button in your app. Or type the coordinates, like 52.37, 4.89.',
  },
  attachment: {
    nl: 'Ik heb geen bestand gekregen. Stuur een foto of een bestand.',
    en: 'I did not get a file. Please send a photo or a file.',
  },
};

const ERRORS: Record<Exclude<ParseError, 'not_understood'>, Texts> = {
  in_past: { nl: 'Die datum ligt in het verleden. Kies een dag vanaf vandaag.', en: 'That date is in the past. Choose a day from today onwards.' },
  in_future: { nl: 'Die datum ligt in de toekomst. Kies vandaag of een dag ervoor.', en: 'That date is in the future. Choose today or a day before.' },
  weekend: { nl: 'Die dag valt in het weekend. Kies een dag van maandag tot en met vrijdag.', en: 'That day is in the weekend. Choose a day from Monday to Friday.' },
  holiday: { nl: 'Op die dag is het gemeentehuis dicht. Kies een andere werkdag.', en: 'The town hall is closed on that day. Choose another working day.' },
  too_far: { nl: 'Die datum ligt te ver weg. Kies een dag die dichterbij is.', en: 'That date is too far away. Choose a day that is sooner.' },
  too_small: { nl: 'Dat getal is te klein. Typ een groter getal.', en: 'That number is too small. Type a bigger number.' },
  too_large: { nl: 'Dat getal is te groot. Typ een kleiner getal.', en: 'That number is too big. Type a smaller number.' },
  a_year: { nl: 'Dat is een jaartal. Typ het aantal jaren, bijvoorbeeld: 68.', en: 'That is a year. Type the number of years, for example: 68.' },
  too_short: { nl: 'Uw antwoord is te kort. Schrijf iets meer.', en: 'Your answer is too short. Please write a bit more.' },
  too_long: { nl: 'Uw antwoord is te lang. Maak het wat korter.', en: 'Your answer is too long. Please make it shorter.' },
  no_number: {
    nl: 'Weet u het huisnummer? Typ het nummer, of wat er in de buurt is. Bijvoorbeeld: 12, of: bij de school.',
    en: 'Do you know the house number? Type the number, or what is nearby. For example: 12, or: near the school.',
  },
  no_match: { nl: 'Dat antwoord heeft niet de goede vorm. Kijk het na en probeer het opnieuw.', en: 'That answer is not in the right form. Please check it and try again.' },
};

/** The limit itself, when the caller passes the step's checks: "Kies een dag binnen 90 dagen." */
function limitHint(error: ParseError, lang: Lang, v: SlotValidation | undefined): string | undefined {
  if (!v) return undefined;
  const nl = lang === 'nl';
  if (error === 'too_far' && v.max_days_ahead !== undefined) {
    return nl ? `Die datum ligt te ver weg. Kies een dag binnen ${v.max_days_ahead} dagen.` : `That date is too far away. Choose a day within ${v.max_days_ahead} days.`;
  }
  if (error === 'too_small' && v.min !== undefined) return nl ? `Dat getal is te klein. Typ ${v.min} of meer.` : `That number is too small. Type ${v.min} or more.`;
  if (error === 'too_large' && v.max !== undefined) return nl ? `Dat getal is te groot. Typ ${v.max} of minder.` : `That number is too big. Type ${v.max} or less.`;
  if (error === 'too_short' && v.min_length !== undefined) {
    return nl ? `Uw antwoord is te kort. Gebruik minstens ${v.min_length} tekens.` : `Your answer is too short. Use at least ${v.min_length} characters.`;
  }
  if (error === 'too_long' && v.max_length !== undefined) {
    return nl ? `Uw antwoord is te lang. Gebruik hoogstens ${v.max_length} tekens.` : `Your answer is too long. Use at most ${v.max_length} characters.`;
  }
  return undefined;
}

export function defaultErrorMessage(error: ParseError, type: SlotType, lang: Lang, validation?: SlotValidation): string {
  const l: Lang = lang === 'en' ? 'en' : 'nl';
  const hint = limitHint(error, l, validation);
  if (hint) return hint;
  if (error === 'not_understood') return (NOT_UNDERSTOOD[type] ?? NOT_UNDERSTOOD.text)[l];
  return (ERRORS[error] ?? NOT_UNDERSTOOD.text)[l];
}
