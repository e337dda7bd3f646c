/**
 * The resident's side of a handover, pure like `turn`: what they hear about the queue, and what happens to the
 * conversation when something comes back from the human side (an agent takes it, writes, hands back, closes, or
 * nobody comes). The runtime calls `humanEvent` and stores the state it returns.
 */
import { inLanguage, type BotContent, type QueueMessageKey, type Text } from '../content/types';
import type { Lang } from '../slots/types';
import { render } from '../content/template';
import type { Button, ConversationState, HandoffNotice, HandoverEvent, HandoverOffer, Output, QueuePlace } from './types';

/** Dutch at B1 level with "u"; a bot overrides any of these under handover.messages in bot.yaml. */
const DEFAULTS: Record<QueueMessageKey, { nl: string; en: string }> = {
  queue_place: {
    nl: 'U bent nummer {position} in de wachtrij. Het duurt ongeveer {wait}. Wilt u niet meer wachten? Typ dan "stop".',
    en: 'You are number {position} in the queue. It takes about {wait}. Do you not want to wait? Type "stop".',
  },
  while_waiting: {
    nl: 'Uw bericht is doorgestuurd. De medewerker leest het als het gesprek begint.',
    en: 'Your message has been passed on. The colleague will read it when the conversation starts.',
  },
  closed: {
    nl: 'Onze medewerkers zijn nu niet bereikbaar via de chat. We zijn er weer {opens}. Wilt u dat we u terugbellen? Of gaat u verder met de chatbot?',
    en: 'Our colleagues are not available in the chat right now. We are back {opens}. Shall we call you back? Or do you continue with the chatbot?',
  },
  no_agents: {
    nl: 'Er is nu geen medewerker vrij voor de chat. Wilt u dat we u terugbellen? Of gaat u verder met de chatbot?',
    en: 'No colleague is free for the chat right now. Shall we call you back? Or do you continue with the chatbot?',
  },
  waiting_long: {
    nl: 'Het duurt langer dan we hoopten. Sorry daarvoor. Wilt u dat we u terugbellen? U kunt ook blijven wachten of verder gaan met de chatbot.',
    en: 'It takes longer than we hoped. Sorry. Shall we call you back? You can also keep waiting or continue with the chatbot.',
  },
  assigned: { nl: 'U praat nu met {agent}, medewerker van {bot.name}.', en: 'You are now talking to {agent}, a colleague at {bot.name}.' },
  cancelled: {
    nl: 'U wacht niet meer op een medewerker. Kan ik u ergens anders mee helpen?',
    en: 'You are no longer waiting for a colleague. Can I help you with something else?',
  },
  resolved: {
    nl: 'De medewerker heeft het gesprek afgesloten. Heeft u nog een vraag? Dan helpt de chatbot u weer.',
    en: 'The colleague has closed the conversation. Do you have another question? The chatbot will help you again.',
  },
  returned: {
    nl: 'U praat weer met de digitale assistent. Waarmee kan ik u helpen?',
    en: 'You are talking to the digital assistant again. How can I help you?',
  },
  expired: {
    nl: 'Het is helaas niet gelukt om u met een medewerker te verbinden. Wilt u dat we u terugbellen? Of gaat u verder met de chatbot?',
    en: 'We could not connect you to a colleague. Shall we call you back? Or do you continue with the chatbot?',
  },
  keep_waiting: { nl: 'Goed, u blijft in de wachtrij.', en: 'All right, you stay in the queue.' },
  answered_instead: {
    nl: 'Die vraag kan ik zelf beantwoorden. U staat daarom niet meer in de wachtrij. Wilt u toch een medewerker spreken? Typ dan: medewerker.',
    en: 'I can answer that question myself, so you are no longer in the queue. Do you still want to talk to a person? Type: agent.',
  },
  offer_callback: { nl: 'Bel mij terug', en: 'Call me back' },
  offer_bot: { nl: 'Verder met de chatbot', en: 'Continue with the chatbot' },
  offer_wait: { nl: 'Blijven wachten', en: 'Keep waiting' },
};

/** Words that pick an offer's option besides its button title. */
export const OFFER_SYNONYMS = {
  callback: ['terugbellen', 'bel mij', 'bel me', 'bellen', 'bel me terug', 'terugbelverzoek', 'call me', 'call back', 'phone'],
  bot: ['chatbot', 'verder', 'bot', 'nee', 'no', 'continue'],
  wait: ['wachten', 'ik wacht', 'wacht', 'wait', 'ja ik wacht'],
};

export function queueText(content: BotContent, lang: Lang, key: QueueMessageKey, vars: Record<string, string> = {}): string {
  const own: Text | undefined = content.bot.handover.messages[key];
  const raw = own === undefined ? DEFAULTS[key][lang] : inLanguage(own, lang);
  return render(raw, (p) => (p.length === 1 && p[0] in vars ? vars[p[0]] : p[0] === 'bot' && p[1] === 'name' ? content.bot.name : undefined));
}

/** The buttons under an offer: callback and the bot, and "keep waiting" when the resident is still in the queue. */
export function offerButtons(content: BotContent, lang: Lang, offer: HandoverOffer): Button[] {
  const keys: QueueMessageKey[] = offer === 'waiting_long' ? ['offer_callback', 'offer_wait', 'offer_bot'] : ['offer_callback', 'offer_bot'];
  return keys.map((k) => {
    const title = queueText(content, lang, k);
    return { title, value: title };
  });
}

/** What the resident hears right after the handover: their place and the wait. */
export function queuePlaceOutput(content: BotContent, lang: Lang, place: QueuePlace): Output {
  const wait = `${place.waitMinutes} ${unit(place.waitMinutes, lang)}`;
  return { type: 'text', text: queueText(content, lang, 'queue_place', { position: String(place.position), minutes: String(place.waitMinutes), wait }) };
}

/** "1 minuut", "5 minuten". */
function unit(minutes: number, lang: Lang): string {
  if (lang === 'en') return minutes === 1 ? 'minute' : 'minutes';
  return minutes === 1 ? 'minuut' : 'minuten';
}

export interface HumanEventResult { state: ConversationState; outputs: Output[]; handoff: HandoffNotice[] }

/** Applies one event from the human side to the conversation. Events for a conversation not handed over are ignored. */
export function humanEvent(s: ConversationState, e: HandoverEvent, content: BotContent, now: Date): HumanEventResult {
  const out: Output[] = [];
  const handoff: HandoffNotice[] = [];
  const say = (text: string, buttons?: Button[]) => {
    out.push(buttons ? { type: 'text', text, buttons } : { type: 'text', text });
    s.transcript.push({ from: e.type === 'message' ? 'agent' : 'bot', text, at: now.toISOString() });
  };
  const take = (agent?: string) => {
    s.handover = { ...s.handover!, status: 'assigned', ...(agent ? { agent } : {}) };
    s.offer = undefined;
    handoff.push({ kind: 'status', state: 'accepted', message: 'an agent took the conversation' });
  };
  // A remote desk whose agent answers without saying "assigned" first: whoever answers has taken the conversation.
  const answeredWhileWaiting = (agent?: string) => {
    if (s.handover?.status === 'pending') take(agent);
  };
  if (!s.handover) return { state: s, outputs: out, handoff };
  switch (e.type) {
    case 'assigned':
      take(e.agent);
      say(queueText(content, s.lang, 'assigned', { agent: e.agent }));
      break;
    case 'message':
      answeredWhileWaiting(e.agent);
      say(e.text);
      break;
    case 'link':
      answeredWhileWaiting(e.agent);
      out.push({ type: 'link', title: e.title, url: e.url });
      s.transcript.push({ from: 'agent', text: `${e.title}: ${e.url}`, at: now.toISOString() });
      break;
    case 'waiting_long':
      if (s.handover.status !== 'pending') break;
      s.offer = 'waiting_long';
      say(queueText(content, s.lang, 'waiting_long'), offerButtons(content, s.lang, 'waiting_long'));
      break;
    case 'returned':
    case 'resolved':
      backToBot(s);
      say(queueText(content, s.lang, e.type));
      handoff.push({ kind: 'status', state: 'completed', message: e.type === 'returned' ? 'handed back to the bot' : 'closed by the agent' });
      break;
    case 'expired':
      backToBot(s);
      s.offer = 'unavailable';
      say(queueText(content, s.lang, 'expired'), offerButtons(content, s.lang, 'unavailable'));
      handoff.push({ kind: 'status', state: 'failed', message: 'nobody took the conversation in time' });
      break;
  }
  return { state: s, outputs: out, handoff };
}

function backToBot(s: ConversationState): void {
  s.handover = undefined;
  s.offer = undefined;
  s.frame = undefined;
  s.topic = undefined;
  s.misunderstood = 0;
}
