import type { ChoiceOption, Lang, SlotType, SlotValidation } from '../slots/types';

/** A text for residents: Dutch only, or per language. */
export type Text = string | { nl: string; en?: string };

/** A text in a conversation's language: the English version when there is one, else the Dutch. */
export function inLanguage(text: Text, lang: Lang): string {
  return typeof text === 'string' ? text : (lang === 'en' && text.en) || text.nl;
}

export type HandoverReason = 'crisis' | 'emotional' | 'political' | 'complex' | 'person' | 'not_understood' | 'flow';
export type PolicyReason = 'crisis' | 'emotional' | 'political' | 'complex' | 'person';
export const POLICY_REASONS: readonly PolicyReason[] = ['crisis', 'emotional', 'political', 'complex', 'person'];

export interface Link { title: Text; url: string }

export interface Option extends Omit<ChoiceOption, 'label'> {
  label: Text;
  goto?: string;
  /** The option "maakt niet uit" (or "no preference") picks. */
  no_preference?: boolean;
}

/** What every step may have, whatever its kind. */
interface StepBase {
  id?: string;
  /** Skip the step unless this condition holds. */
  when?: string;
  /** The step to go to afterwards; by default the next one. */
  next?: string;
}

/** Tells the resident something and goes on. */
export interface SayStep extends StepBase {
  kind: 'say';
  say: Text | Text[];
  links?: Link[];
}

/** Asks a question and waits for the answer, which fills the slot `ask`. */
export interface AskStep extends StepBase {
  kind: 'ask';
  ask: string;
  type: SlotType;
  prompt: Text;
  reprompt?: Text;
  /** What the question means and why it is asked: said when the resident asks ("wat bedoelt u?"), then the question again. */
  explain?: Text;
  /** How the answer is named in summaries and in "Wat wilt u aanpassen?". */
  label?: Text;
  options?: Option[];
  options_from?: string;
  entity?: string;
  /** true: look for a value in the message that started the flow; 'message' (text questions): that message itself, when it describes rather than asks. */
  prefill?: boolean | 'message';
  validate?: SlotValidation;
  optional?: boolean;
  retries?: number;
  on_fail?: string;
}

/** Goes to the first step whose condition holds. */
export interface BranchStep extends StepBase {
  kind: 'branch';
  branch: ({ if: string; goto: string } | { else: string })[];
}

/** Calls a backend action; its data lands in the slot `result`. */
export interface ActionStep extends StepBase {
  kind: 'action';
  action: string;
  with?: Record<string, unknown>;
  result?: string;
  on_error?: string;
}

/** Shows a summary and asks whether it is right; "nee" lets the resident change the answers in `edit`. */
export interface ConfirmStep extends StepBase {
  kind: 'confirm';
  confirm: Text;
  edit?: string[];
  on_no?: string;
}

/** Starts another flow, handing it slots `with`. */
export interface GotoFlowStep extends StepBase {
  kind: 'goto_flow';
  goto_flow: string;
  with?: Record<string, unknown>;
}

/** Hands the conversation to a person. */
export interface HandoverStep extends StepBase {
  kind: 'handover';
  handover: PolicyReason | 'flow';
}

/** Ends the flow, with a last text or without. */
export interface EndStep extends StepBase {
  kind: 'end';
  end: true | Text;
  links?: Link[];
}

/** One step of a flow, of exactly one kind; the engine has one handler per kind (src/engine/steps.ts). */
export type Step = SayStep | AskStep | BranchStep | ActionStep | ConfirmStep | GotoFlowStep | HandoverStep | EndStep;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;
export function isAsk(step: Step): step is AskStep {
  return step.kind === 'ask';
}

/** A step's kind is the one of these fields it has. */
export const STEP_KINDS: readonly StepKind[] = ['say', 'ask', 'branch', 'action', 'confirm', 'goto_flow', 'handover', 'end'];

/**
 * A step as a flow file has it: any of the fields, not yet checked to have exactly one kind. Content validation reads
 * these; once a bot's content is valid, each becomes a `Step`.
 */
export type WrittenStep = Partial<
  Omit<SayStep, 'kind'> & Omit<AskStep, 'kind'> & Omit<BranchStep, 'kind'> & Omit<ActionStep, 'kind'> &
  Omit<ConfirmStep, 'kind'> & Omit<GotoFlowStep, 'kind'> & Omit<HandoverStep, 'kind'> & Omit<EndStep, 'kind'>
>;

/** What content validation knows of an action: its name and, when given, the arguments it takes. */
export interface ActionSpec {
  name: string;
  params?: { name: string; required: boolean }[];
  /** Other arguments are allowed too; only missing required ones are errors. */
  open?: boolean;
}

export interface Flow {
  id: string;
  file: string;
  title: Text;
  description?: string;
  triggers: string[];
  inputs: string[];
  steps: Step[];
}

/** A flow as read from its file, its steps as written. */
export interface WrittenFlow extends Omit<Flow, 'steps'> {
  steps: WrittenStep[];
}

export interface Intent {
  id: string;
  file: string;
  description?: string;
  label?: Text;
  utterances: { nl: string[]; en?: string[] };
  answer?: Text;
  links?: Link[];
  handover?: PolicyReason;
  out_of_scope?: boolean;
  /** The answer sends the resident to another body: its keywords outweigh a lean towards a colleague that is not sure. */
  elsewhere?: boolean;
  /** Talk about the conversation itself (greeting, thanks, who the bot is): its lean does not outweigh a handover keyword. */
  small_talk?: boolean;
  /** false: never answered in the middle of a flow ("doei" at the address question is not a goodbye). */
  in_flow?: boolean;
  /** A large background of other domains, taught to the n-gram classifier only (it weighs classes by size). */
  background?: boolean;
  keywords?: string[];
  /** Plain words that name what a handover intent is about ("bewusteloos", "door het ijs", "stuip*"). */
  lexicon?: string[];
}

export interface Entity {
  id: string;
  file: string;
  values?: { value: string; synonyms?: string[] }[];
  patterns?: string[];
}

/**
 * How sure the classifier must be for one handover reason, per kind of evidence (docs/nlu.md, "The handover decision").
 * `npm run bench -- --tune` chooses them on cross-validation and the development sets.
 */
export interface ReasonThresholds {
  /** The classifier alone. */
  min_score: number;
  /** With the reason's own keywords (for emotion also very negative or shouted wording) beside it. */
  with_keyword: number;
  /** The classifier alone, with this reason its first choice of all intents (crisis by default). */
  when_first?: number;
  /** Its first choice, with a word of the reason's lexicon in the message (crisis by default). */
  with_lexicon?: number;
  /** Crisis: its keywords where the classifier hears despair rather than danger; crisis and emotion together. */
  with_despair?: number;
  /** Crisis: two different phrases of its lexicon, not told of the past, not beside another reason's keywords. */
  with_two_phrases?: number;
  /** Crisis: a message of at most `panic_max_words` words, no other intent's keywords, a lexicon phrase in it. */
  panic_phrase?: number;
  /** Crisis: as panic_phrase with a single lexicon word, crisis the classifier's first choice. */
  panic_word?: number;
  panic_max_words?: number;
  /** Crisis: the crisis screen alone (src/nlu/crisisScreen.ts), outside a flow, no sign the danger is over or told. */
  with_screen?: number;
  /**
   * Not crisis: the crisis screen's probability that no colleague is needed at which the classifier alone (or all
   * reasons together) no longer hands over for this reason; keywords still do.
   */
  screen_clears?: number;
  /** Emotion: two angry faces (😡🤬😠👿💢) outside a flow, at anything but a product the resident asks for. */
  with_angry_faces?: number;
  /** Emotion: as with_keyword, when the only keywords are words of a death or a funeral (with_keyword if unset). */
  with_grief_keyword?: number;
}

export type ReasonSettings = Partial<ReasonThresholds> & { enabled?: boolean; priority?: 'urgent' | 'normal' };


/** Opening hours for chats: per weekday periods "HH:MM-HH:MM", closed dates, in one time zone. */
export interface OfficeHours {
  timezone?: string;
  days: Partial<Record<Weekday, string | string[]>>;
  holidays?: string[];
}

export type Weekday = 'ma' | 'di' | 'wo' | 'do' | 'vr' | 'za' | 'zo';

/** Desk appointments (the calendar.* actions): what can be booked, when, and at how many desks at once. */
export interface CalendarSettings {
  timezone?: string;
  /** Desks that serve residents at the same time: how many appointments can start in one slot. */
  desks?: number;
  /** Distance between possible start times. */
  slot_minutes?: number;
  /** How many days after the asked date free_slots looks when that date is full. */
  search_days?: number;
  /** Per weekday one or more periods "HH:MM-HH:MM"; a missing day is closed. */
  opening_hours?: Partial<Record<Weekday, string | string[]>>;
  /** Closed dates, YYYY-MM-DD. */
  holidays?: string[];
  products?: Record<string, CalendarProduct>;
}

export interface CalendarProduct {
  label?: Text;
  /** Minutes one appointment takes. */
  duration: number;
  /** Desk numbers (1..desks) that serve this product; all desks when left out. */
  desks?: number[];
}

/** A product stored as a case (cases.create): neither an appointment nor a melding, with a reference prefix of its own. */
export interface CaseProduct {
  /** 2 to 4 capital letters: GRV gives references like GRV-7K3M9Q. */
  prefix: string;
  label?: Text;
}

/** What a confirmation e-mail is about; each has its own template and placeholders (EMAIL_TEMPLATES). */
export type EmailKind = 'appointment_booked' | 'appointment_rescheduled' | 'appointment_cancelled' | 'report_received' | 'callback_requested';

export interface EmailTemplate { subject: Text; body: Text }

/** bot.yaml `email:`: the sender, the mail server and a template per kind of confirmation. */
export interface EmailSettings {
  /** "Gemeente Voorbeeld <noreply@voorbeeld.nl>" */
  from: string;
  reply_to?: string;
  /** The mail server; without it nothing is sent and the bot promises no e-mail. */
  smtp?: SmtpSettings;
  retry?: { first_seconds?: number; max_minutes?: number; max_attempts?: number };
  /** The calendar item attached to appointment e-mails (.ics). */
  appointment?: { title?: Text; location?: Text };
  /** A kind without a template sends no e-mail. */
  templates?: Partial<Record<EmailKind, EmailTemplate>>;
}

export interface SmtpSettings {
  host: string;
  port?: number;
  /** tls: encrypted from the start (port 465); starttls: the server must upgrade (587); none: a relay inside the network. */
  security?: 'tls' | 'starttls' | 'none';
  user?: string;
  /** The NAME of the environment variable with the password. */
  password_env?: string;
  timeout_ms?: number;
}

/** bot.yaml `signalen:`: where meldingen go, and how Loket's categories map onto Signalen's sub-categories. */
export interface SignalenSettings {
  /** The API's root, e.g. https://api.meldingen.voorbeeld.nl */
  url: string;
  /** The NAME of the environment variable with a bearer token, when a gateway in front of Signalen asks for one. */
  token_env?: string;
  /** Loket category (the flow's value) → Signalen "main-slug/sub-slug". */
  categories: Record<string, string>;
  /** "main-slug/sub-slug" for a category not in `categories`. */
  default_category?: string;
  /** A PDOK-style locatieserver (…/search/v3_1) that places an address; without it only shared locations have a point. */
  geocoder?: { url: string };
  /** [longitude, latitude] for a place the geocoder cannot find (the town hall); the resident's words go with the melding. */
  fallback_point?: [number, number];
  timeout_ms?: number;
}

/** bot.yaml `qmatic:`: appointments are booked at a Qmatic Orchestra branch instead of in Loket's own calendar. */
export interface QmaticSettings {
  /** The Calendar Public Appointment API's root, without /v1: https://…/calendar-backend/public/api */
  url: string;
  /** The NAME of the environment variable with the API key. */
  api_key_env?: string;
  /** The header the key goes in: X-Api-Key (default, e.g. behind a Layer7 gateway) or auth-token (Qmatic's API Gateway). */
  api_key_header?: 'X-Api-Key' | 'auth-token';
  /** The branch's publicId. */
  branch: string;
  /** The branch's time zone; Europe/Amsterdam when left out. */
  timezone?: string;
  /** When the asked day is full, how many days further to look. */
  search_days?: number;
  /** What flows pass as `product:` → the Qmatic service's publicId, and the name residents read. */
  products: Record<string, { service: string; label?: Text }>;
  timeout_ms?: number;
}

/** bot.yaml `zgw:`: cases of the listed products become zaken in a ZGW Zaken API (Open Zaak). */
export interface ZgwSettings {
  /** The Zaken API's root: https://…/zaken/api/v1 */
  zaken_url: string;
  /** The Catalogi API's root, for a zaak's statustype; left out, the root the zaaktypen are under. */
  catalogi_url?: string;
  client_id: string;
  /** The NAME of the environment variable with the client's secret (signs the JWT). */
  secret_env: string;
  /** RSIN of the municipality: who made the zaak. */
  bronorganisatie: string;
  /** RSIN of who handles it; the bronorganisatie when left out. */
  verantwoordelijke_organisatie?: string;
  /** Who the audit trail says acted: default "loket" and "Loket (chatbot)". */
  user_id?: string;
  user_representation?: string;
  timeout_ms?: number;
  /** Per case product (from `cases:`): its zaaktype, the roltype of the resident, and eigenschappen per answer. */
  products: Record<string, ZgwProduct>;
}

export interface ZgwProduct {
  /** URL of the ZAAKTYPE in the Catalogi API. */
  zaaktype: string;
  /** URL of the ROLTYPE (of that zaaktype) the resident gets: the initiator. */
  roltype: string;
  /** The flow's answer name → URL of the EIGENSCHAP (of that zaaktype) it is stored under. */
  eigenschappen?: Record<string, string>;
}

export interface WebhookHandoverSettings { url: string; secret_env: string; timeout_ms?: number }

export interface ChatwootSettings {
  url: string;
  account_id: number;
  inbox_id: number;
  token_env: string;
  webhook_token_env?: string;
  timeout_ms?: number;
}

/** Texts around the queue: where the resident stands, what happens when nobody is there, and the way back. */
export type QueueMessageKey =
  | 'queue_place' | 'while_waiting' | 'closed' | 'no_agents' | 'waiting_long' | 'assigned' | 'cancelled' | 'resolved' | 'returned' | 'expired'
  | 'keep_waiting' | 'answered_instead' | 'offer_callback' | 'offer_bot' | 'offer_wait';

/** Handover adapters Loket has itself; loket.config.js (`handoverAdapters`) can add more by name. */
export const BUILTIN_HANDOVER_ADAPTERS = ['queue', 'webhook', 'chatwoot'] as const;

export interface HandoverSettings {
  /** A built-in adapter or the name of one in loket.config.js; default queue. */
  adapter?: string;
  /** Settings for an adapter from loket.config.js, handed to its factory as they are written. */
  settings?: Record<string, unknown>;
  capacity?: number;
  average_minutes?: number;
  offer_callback_after_minutes?: number;
  expire_after_minutes?: number;
  keep_days?: number;
  callback_flow?: string;
  office_hours?: OfficeHours;
  webhook?: WebhookHandoverSettings;
  chatwoot?: ChatwootSettings;
  reasons?: Partial<Record<PolicyReason, ReasonSettings>>;
  /** A classifier lean this sure stands on its own, without a content word behind it (0.7). */
  sure_score?: number;
  /** In a flow the classifier alone must be this sure to interrupt it (0.85). */
  in_flow_min_score?: number;
  sentiment_threshold?: number;
  combined_min_score?: number;
  after_misunderstood?: number;
  messages: { default: Text; crisis: Text } & Partial<Record<HandoverReason | QueueMessageKey, Text>>;
}

export type BotTextKey =
  | 'welcome' | 'fallback' | 'goodbye' | 'help' | 'cancelled' | 'restarted' | 'nothing_to_go_back' | 'clarify'
  | 'resume' | 'switch_flow' | 'closed_unanswered' | 'already_done' | 'what_to_change' | 'anything_else' | 'action_failed' | 'too_long' | 'corrected'
  | 'corrected_mark' | 'share_location' | 'clarify_one' | 'suggest' | 'identifiers_masked' | 'noted'
  | 'condolence' | 'other_language';

export interface BotConfig {
  id: string;
  file: string;
  name: string;
  assistant_name?: string;
  languages: Lang[];
  address_form?: 'u' | 'je';
  flows: string[];
  intents: string[];
  texts: { welcome: Text; fallback: Text; goodbye: Text } & Partial<Record<BotTextKey, Text>>;
  facts: Record<string, Text | number>;
  menu?: { label: Text; intent: string }[];
  nlu?: { threshold?: number; clarify_margin?: number; crisis_corpus?: string };
  handover: HandoverSettings;
  actions?: Record<string, Record<string, unknown>>;
  storage?: { file?: string };
  /** Default: DEFAULT_CALENDAR, field by field. */
  calendar?: CalendarSettings;
  cases?: Record<string, CaseProduct>;
  /** Confirmations by e-mail (src/email/, docs/integrations.md); sent only when `smtp` is set. */
  email?: EmailSettings;
  /** Meldingen go to Signalen instead of staying in Loket's own table (src/signalen/, docs/integrations.md). */
  signalen?: SignalenSettings;
  /** Cases go to a ZGW Zaken API besides Loket's own table (src/zgw/, docs/zgw.md). */
  zgw?: ZgwSettings;
  /** Appointments go to Qmatic instead of Loket's own calendar (src/qmatic/, docs/qmatic.md). */
  qmatic?: QmaticSettings;
  theme?: Record<string, unknown>;
  channels?: { whatsapp?: WhatsAppSettings };
  /** Days each kind of personal data is kept, by kind (src/privacy/, docs/privacy.md). */
  privacy?: Record<string, number>;
}

/** WhatsApp Cloud API (src/channels/whatsapp/): secrets are never in YAML, only the names of the env vars holding them. */
export interface WhatsAppSettings {
  phone_number_id: string | number;
  verify_token_env: string;
  app_secret_env: string;
  access_token_env: string;
  graph_url?: string;
  graph_version?: string;
  template?: { name: string; language?: string };
}

/** Everything one bot needs, loaded and checked. */
export interface BotContent {
  root: string;
  bot: BotConfig;
  flows: Map<string, Flow>;
  intents: Map<string, Intent>;
  entities: Map<string, Entity>;
  /** Where each loaded item came from, for error messages at run time. */
  files: string[];
  /** The crisis corpus (root-relative file) and a hash of its bytes, when bot.yaml names one. */
  crisisCorpus?: { file: string; hash: string };
}
