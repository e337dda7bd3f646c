import type { BotTextKey } from '../content/types';
import type { Lang } from '../slots/types';

/** Texts a bot may leave out of bot.yaml. Dutch at B1 level, addressing the resident with "u". */
const DEFAULTS: Record<BotTextKey, { nl: string; en: string }> = {
  welcome: { nl: 'Hallo! Waarmee kan ik u helpen?', en: 'Hello! How can I help you?' },
  fallback: {
    nl: 'Sorry, dat begrijp ik niet. Kunt u het anders zeggen? U kunt ook kiezen uit de knoppen.',
    en: 'Sorry, I do not understand. Could you say it differently? You can also pick one of the buttons.',
  },
  goodbye: { nl: 'Tot ziens!', en: 'Goodbye!' },
  help: {
    nl: 'U kunt gewoon typen wat u wilt. Zeg "terug" voor de vorige vraag, "stop" om te stoppen of "medewerker" voor een collega. Bent u in gevaar? Bel dan 112.',
    en: 'Just type what you need. Say "back" for the previous question, "stop" to stop, or "agent" to talk to a person. Are you in danger? Call 112.',
  },
  cancelled: { nl: 'Oké, ik ben gestopt. Kan ik u ergens anders mee helpen?', en: 'Okay, I stopped. Can I help you with something else?' },
  restarted: { nl: 'We beginnen opnieuw.', en: 'Let us start again.' },
  nothing_to_go_back: { nl: 'Er is geen vorige vraag.', en: 'There is no previous question.' },
  clarify: { nl: 'Bedoelt u {a} of {b}?', en: 'Do you mean {a} or {b}?' },
  clarify_one: { nl: 'Bedoelt u: {a}?', en: 'Do you mean: {a}?' },
  suggest: { nl: 'U schreef al: "{text}". Klopt dat? Kies dan Ja. Of typ het hier anders.', en: 'You already wrote: "{text}". Is that right? Then choose Yes. Or type it differently here.' },
  resume: { nl: 'Dan gaan we nu verder.', en: 'Let us go on.' },
  switch_flow: { nl: 'We stoppen met {flow}.', en: 'We stop with {flow}.' },
  already_done: { nl: 'Fijn dat dat al geregeld is. Waarmee kan ik u helpen?', en: 'Good to hear that has been taken care of. How can I help you?' },
  closed_unanswered: {
    nl: 'Graag gedaan! We stoppen met {flow}. Kan ik u nog ergens anders mee helpen?',
    en: 'You are welcome! We stop with {flow}. Can I help you with something else?',
  },
  what_to_change: { nl: 'Wat wilt u aanpassen?', en: 'What do you want to change?' },
  anything_else: { nl: 'Kan ik u ergens anders mee helpen?', en: 'Can I help you with something else?' },
  action_failed: {
    nl: 'Het lukt nu even niet om dit te regelen. Probeer het later nog eens, of vraag naar een medewerker.',
    en: 'This does not work right now. Please try again later, or ask for a person.',
  },
  corrected: { nl: 'Ik heb het aangepast. {what}: {value}.', en: 'I changed it. {what}: {value}.' },
  corrected_mark: { nl: 'aangepast', en: 'changed' },
  noted: { nl: 'Dank u, dat heb ik genoteerd voor straks.', en: 'Thank you, I have noted that for later.' },
  condolence: { nl: 'Gecondoleerd met uw verlies.', en: 'I am sorry for your loss.' },
  other_language: {
    nl: 'Sorry, ik begrijp alleen Nederlands en Engels. Wilt u uw vraag in het Nederlands of Engels typen? Sorry, I only understand Dutch and English. Please type your question in Dutch or English.',
    en: 'Sorry, I only understand English and Dutch. Please type your question in English or Dutch. Sorry, ik begrijp alleen Engels en Nederlands. Wilt u uw vraag in het Engels of Nederlands typen?',
  },
  share_location: { nl: 'U kunt ook uw locatie delen.', en: 'You can also share your location.' },
  identifiers_masked: {
    nl: 'Voor uw veiligheid: deel geen BSN, rekeningnummer of pasnummer in de chat. Ik heb het nummer onleesbaar gemaakt. Hebben we het nodig? Dan vragen we er op een veilige manier om.',
    en: 'For your safety: please do not share a citizen service number (BSN), bank account number or card number in the chat. I have made the number unreadable. If we need it, we will ask for it in a safe way.',
  },
  too_long: { nl: 'Uw bericht is erg lang. Ik lees alleen het begin.', en: 'Your message is very long. I only read the start.' },
};

export function defaultText(key: BotTextKey, lang: Lang): string {
  return DEFAULTS[key][lang];
}
