import { conditionRefs, parseCondition } from './conditions';
import { templateRefs } from './template';
import { normalize } from '../text';
import type { Diagnostic } from './diagnostics';
import { regexProblem } from './fragments';
import { checkEnglish } from './languages';
import { writtenKinds, type LoadedFiles } from './load';
import { APPOINTMENT_PLACEHOLDERS, EMAIL_TEMPLATES } from './email';
import { casePrefixProblems, isRsin, DEFAULT_CALENDAR } from './products';
import { closest } from './schema';
import { BUILTIN_HANDOVER_ADAPTERS, STEP_KINDS, type ActionSpec, type Intent, type Text, type Weekday, type WrittenFlow, type WrittenStep } from './types';
import type { YamlFile, YamlPath } from './yamlFile';

const STEP_REF_FIELDS = ['next', 'on_fail', 'on_error', 'on_no'] as const;
const TEXT_FIELDS = ['say', 'prompt', 'reprompt', 'confirm', 'end', 'label'] as const;

/** Checks across files that a schema cannot express: references, reachability, duplicate training data. */
export function crossCheck(files: LoadedFiles, actions: Map<string, ActionSpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!files.bot) return out;
  const intents = collectIntents(files, out);
  const entityIds = new Set([...files.intentFiles.values()].flatMap((f) => f.entities.map((e) => e.id)));
  const factNames = new Set(Object.keys(files.bot.data.facts ?? {}));
  const triggered = new Map<string, string>();

  for (const { file, data: flow } of files.flows.values()) {
    checkFlow(flow, file, { files, intents, entityIds, factNames, actions, triggered }, out);
  }
  checkIntents(files, triggered, factNames, out);
  checkBot(files, intents, factNames, out);
  checkAddressForm(files, out);
  checkEnglish(files, out);
  return out;
}

const OTHER_FORM: Record<'u' | 'je', RegExp> = { u: /\b(je|jij|jou|jouw)\b/i, je: /\b(u|uw)\b/i };

/** Residents are addressed one way per bot (B1 guidance): "u" texts with "je" in them get a warning. */
function checkAddressForm(files: LoadedFiles, out: Diagnostic[]): void {
  const form = files.bot!.data.address_form;
  if (!form) return;
  const check = (file: YamlFile, path: YamlPath, t: Text | Text[] | true | undefined) => {
    const nl = (Array.isArray(t) ? t : [t]).map((x) => (x === undefined || x === true ? '' : typeof x === 'string' ? x : x.nl)).join(' ');
    const hit = OTHER_FORM[form].exec(nl);
    if (hit) out.push(file.warning(path, `this bot says "${form}" to residents, but this text says "${hit[0]}"`));
  };
  const { file: botFile, data: bot } = files.bot!;
  for (const [k, t] of Object.entries(bot.texts)) check(botFile, ['texts', k], t);
  for (const [k, t] of Object.entries(bot.handover.messages)) check(botFile, ['handover', 'messages', k], t);
  for (const { file, data } of files.flows.values()) {
    data.steps.forEach((step, i) => TEXT_FIELDS.forEach((f) => check(file, ['steps', i, f], step[f] as Text | Text[] | true | undefined)));
  }
  for (const { file, intents } of files.intentFiles.values()) intents.forEach((intent, i) => check(file, ['intents', i, 'answer'], intent.answer));
}

interface FlowScope {
  files: LoadedFiles;
  intents: Map<string, Intent>;
  entityIds: Set<string>;
  factNames: Set<string>;
  actions: Map<string, ActionSpec>;
  triggered: Map<string, string>;
}

function collectIntents(files: LoadedFiles, out: Diagnostic[]): Map<string, Intent> {
  const intents = new Map<string, Intent>();
  const entities = new Set<string>();
  for (const { file, intents: list, entities: ents } of files.intentFiles.values()) {
    list.forEach((intent, i) => {
      const prev = intents.get(intent.id);
      if (prev) out.push(file.error(['intents', i, 'id'], `intent "${intent.id}" is already defined in ${prev.file}`));
      intents.set(intent.id, intent);
      (intent.keywords ?? []).forEach((k, j) => regexCheck(k, file, ['intents', i, 'keywords', j], out));
    });
    ents.forEach((e, i) => {
      if (entities.has(e.id)) out.push(file.error(['entities', i, 'id'], `entity "${e.id}" is defined twice`));
      entities.add(e.id);
      (e.patterns ?? []).forEach((p, j) => regexCheck(p, file, ['entities', i, 'patterns', j], out));
    });
  }
  return intents;
}

function regexCheck(src: string, file: YamlFile, path: YamlPath, out: Diagnostic[]): void {
  const problem = regexProblem(src);
  if (problem !== undefined) out.push(file.error(path, `not a valid regular expression: ${problem}`));
}

function checkFlow(flow: WrittenFlow, file: YamlFile, scope: FlowScope, out: Diagnostic[]): void {
  const ids = new Map<string, number>();
  flow.triggers.forEach((t, i) => {
    if (!scope.intents.has(t)) out.push(file.error(['triggers', i], `unknown intent "${t}"${hint(t, scope.intents.keys())}`));
    const other = scope.triggered.get(t);
    if (other) out.push(file.error(['triggers', i], `intent "${t}" already starts flow "${other}"; an intent can start one flow only`));
    scope.triggered.set(t, flow.id);
  });
  flow.steps.forEach((s, i) => {
    if (!s.id) return;
    if (ids.has(s.id)) out.push(file.error(['steps', i, 'id'], `step id "${s.id}" is used twice in this flow`));
    ids.set(s.id, i);
  });
  const slots = slotsOf(flow);
  flow.steps.forEach((step, i) => checkStep(step, ['steps', i], { flow, file, scope, ids, slots }, out));
  checkProducts(flow, file, scope.files, out);
  for (const i of unreachable(flow, ids)) {
    out.push(file.error(['steps', i], `step ${flow.steps[i].id ? `"${flow.steps[i].id}"` : i + 1} can never be reached; add a goto or next to it, or remove it`));
  }
}

/** Slots a flow can read: the intent that started it, what it asks, what its actions return, and its inputs. */
function slotsOf(flow: WrittenFlow): Set<string> {
  const s = new Set(['intent', ...flow.inputs]);
  for (const step of flow.steps) {
    if (step.ask) s.add(step.ask);
    if (step.result) s.add(step.result);
  }
  return s;
}

interface StepScope { flow: WrittenFlow; file: YamlFile; scope: FlowScope; ids: Map<string, number>; slots: Set<string> }

function checkStep(step: WrittenStep, path: YamlPath, ctx: StepScope, out: Diagnostic[]): void {
  const { file, scope, ids, flow } = ctx;
  const kinds = writtenKinds(step);
  if (kinds.length !== 1) {
    const what = kinds.length ? `has ${kinds.join(' and ')}` : 'has none';
    out.push(file.error(path, `a step needs exactly one of ${STEP_KINDS.join(', ')}; this one ${what}`));
    return;
  }
  const ref = (target: string | undefined, p: YamlPath) => {
    if (target !== undefined && !ids.has(target)) out.push(file.error(p, `unknown step "${target}"${hint(target, ids.keys())}`));
  };
  for (const f of STEP_REF_FIELDS) ref(step[f], [...path, f]);
  step.options?.forEach((o, i) => ref(o.goto, [...path, 'options', i, 'goto']));
  step.branch?.forEach((b, i) => ('if' in b ? ref(b.goto, [...path, 'branch', i, 'goto']) : ref(b.else, [...path, 'branch', i, 'else'])));

  const conditions: [string, YamlPath][] = [];
  if (step.when) conditions.push([step.when, [...path, 'when']]);
  step.branch?.forEach((b, i) => 'if' in b && conditions.push([b.if, [...path, 'branch', i, 'if']]));
  for (const [src, p] of conditions) checkCondition(src, p, ctx, out);

  for (const f of TEXT_FIELDS) textsOf(step[f] as Text | Text[] | true | undefined).forEach((t) => checkRefs(t, [...path, f], ctx, out));

  if (step.ask !== undefined) checkAsk(step, path, ctx, out);
  if (step.action !== undefined && !scope.actions.has(step.action)) {
    out.push(file.error([...path, 'action'], `unknown action "${step.action}"${hint(step.action, scope.actions.keys())}`));
  }
  const spec = step.action !== undefined ? scope.actions.get(step.action) : undefined;
  if (spec?.params) checkParams(step, spec, path, ctx, out);
  if (step.action !== undefined) {
    for (const [k, v] of Object.entries(step.with ?? {})) if (typeof v === 'string') checkRefs(v, [...path, 'with', k], ctx, out);
  }
  if (step.goto_flow !== undefined) checkGotoFlow(step, path, ctx, out);
  if (step.edit) step.edit.forEach((s, i) => {
    if (!flow.steps.some((x) => x.ask === s)) out.push(file.error([...path, 'edit', i], `"${s}" is not a question (ask) in this flow`));
  });
}

function checkAsk(step: WrittenStep, path: YamlPath, { file, scope }: StepScope, out: Diagnostic[]): void {
  if (!step.type) out.push(file.error(path, `missing required field "type" (what kind of answer: date, text, choice, ...)`));
  if (!step.prompt) out.push(file.error(path, `missing required field "prompt" (the question the resident sees)`));
  if (step.type === 'choice' && !step.options && !step.options_from) out.push(file.error(path, 'a choice question needs "options" or "options_from"'));
  if (step.type !== 'choice' && (step.options || step.options_from)) out.push(file.error([...path, 'options'], 'only a question of type choice has options'));
  if (step.entity && !scope.entityIds.has(step.entity)) out.push(file.error([...path, 'entity'], `unknown entity "${step.entity}"${hint(step.entity, scope.entityIds)}`));
  if (step.validate?.pattern) regexCheck(step.validate.pattern, file, [...path, 'validate', 'pattern'], out);
}

function checkGotoFlow(step: WrittenStep, path: YamlPath, { file, scope }: StepScope, out: Diagnostic[]): void {
  const target = scope.files.flows.get(step.goto_flow!);
  if (!scope.files.bot?.data.flows.includes(step.goto_flow!)) {
    out.push(file.error([...path, 'goto_flow'], `unknown flow "${step.goto_flow}"${hint(step.goto_flow!, scope.files.flows.keys())}`));
    return;
  }
  if (!target) return;
  const accepts = slotsOf(target.data);
  for (const key of Object.keys(step.with ?? {})) {
    if (!target.data.inputs.includes(key)) out.push(file.error([...path, 'with', key], `flow "${step.goto_flow}" does not list "${key}" under inputs`, true));
    else if (!accepts.has(key)) out.push(file.error([...path, 'with', key], `flow "${step.goto_flow}" has no slot "${key}"`, true));
  }
}

function checkCondition(src: string, path: YamlPath, ctx: StepScope, out: Diagnostic[]): void {
  try {
    for (const refPath of conditionRefs(parseCondition(src))) checkRef(refPath, path, ctx, out);
  } catch (e) {
    out.push(ctx.file.error(path, `condition "${src}": ${(e as Error).message}`));
  }
}

function checkRefs(text: string, path: YamlPath, ctx: StepScope, out: Diagnostic[]): void {
  for (const refPath of templateRefs(text)) checkRef(refPath, path, ctx, out);
}

function checkRef(refPath: string[], path: YamlPath, { file, scope, slots }: StepScope, out: Diagnostic[]): void {
  const [root, field] = refPath;
  if (root === 'bot') return;
  if (root === 'example') {
    if (field !== 'date') out.push(file.error(path, `unknown example "${field ?? ''}": use {example.date}`));
    return;
  }
  if (root === 'facts') {
    if (!field || !scope.factNames.has(field)) out.push(file.error(path, `unknown fact "${field ?? ''}": add it under facts: in bot.yaml${hint(field ?? '', scope.factNames)}`));
    return;
  }
  if (!slots.has(root)) out.push(file.error(path, `unknown slot "${root}": no question (ask), action result or input sets it${hint(root, slots)}`));
}

/** `with:` against the action's parameters: a misspelt or missing argument is found before a resident meets it. */
function checkParams(step: WrittenStep, spec: ActionSpec, path: YamlPath, { file }: StepScope, out: Diagnostic[]): void {
  const params = spec.params ?? [];
  const names = params.map((p) => p.name);
  for (const k of spec.open ? [] : Object.keys(step.with ?? {})) {
    if (!names.includes(k)) out.push(file.error([...path, 'with', k], `action "${step.action}" has no parameter "${k}"${hint(k, names)}`, true));
  }
  for (const p of params) {
    if (p.required && !(p.name in (step.with ?? {}))) out.push(file.error([...path, 'action'], `action "${step.action}" needs "${p.name}" under with:`));
  }
}

function textsOf(t: Text | Text[] | true | undefined): string[] {
  if (t === undefined || t === true) return [];
  if (Array.isArray(t)) return t.flatMap(textsOf);
  return typeof t === 'string' ? [t] : [t.nl, ...(t.en ? [t.en] : [])];
}

/** Steps no path from the first step reaches. */
function unreachable(flow: WrittenFlow, ids: Map<string, number>): number[] {
  const seen = new Set<number>();
  const todo = [0];
  while (todo.length) {
    const i = todo.pop()!;
    if (i >= flow.steps.length || seen.has(i)) continue;
    seen.add(i);
    const s = flow.steps[i];
    const targets = [s.next, s.on_fail, s.on_error, s.on_no, ...(s.options ?? []).map((o) => o.goto),
      ...(s.branch ?? []).map((b) => ('if' in b ? b.goto : b.else))];
    for (const t of targets) if (t && ids.has(t)) todo.push(ids.get(t)!);
    if (fallsThrough(s)) todo.push(i + 1);
  }
  return flow.steps.map((_, i) => i).filter((i) => !seen.has(i));
}

function fallsThrough(s: WrittenStep): boolean {
  if (s.end !== undefined || s.goto_flow !== undefined || s.handover !== undefined || s.next) return s.when !== undefined && !s.next;
  if (s.branch) return !s.branch.some((b) => 'else' in b);
  if (s.options?.every((o) => o.goto)) return false;
  return true;
}

function checkIntents(files: LoadedFiles, triggered: Map<string, string>, factNames: Set<string>, out: Diagnostic[]): void {
  const seen = new Map<string, string>();
  for (const { file, intents } of files.intentFiles.values()) {
    intents.forEach((intent, i) => {
      for (const lang of ['nl', 'en'] as const) {
        (intent.utterances[lang] ?? []).forEach((u, j) => {
          const key = `${lang}:${normalize(u) || u.trim()}`;
          const other = seen.get(key);
          const p: YamlPath = ['intents', i, 'utterances', lang, j];
          if (other === intent.id) out.push(file.warning(p, `"${u}" appears twice in intent "${intent.id}"`));
          else if (other) out.push(file.error(p, `"${u}" is also an example of intent "${other}"; an example can belong to one intent only`));
          seen.set(key, intent.id);
        });
      }
      const flow = triggered.get(intent.id);
      if (flow && intent.answer) out.push(file.warning(['intents', i, 'answer'], `the answer of intent "${intent.id}" is never shown: it starts flow "${flow}"`));
      const used = triggered.has(intent.id) || intent.answer || intent.handover || intent.out_of_scope;
      if (intent.background && !intent.out_of_scope) out.push(file.error(['intents', i, 'background'], `intent "${intent.id}" is a background but not out_of_scope: add out_of_scope: true`));
      if (!used) out.push(file.warning(['intents', i, 'id'], `intent "${intent.id}" starts no flow and has no answer, handover or out_of_scope`));
      for (const t of textsOf(intent.answer)) {
        for (const [root, name] of templateRefs(t)) {
          if (root === 'facts' && !factNames.has(name)) out.push(file.error(['intents', i, 'answer'], `unknown fact "${name}": add it under facts: in the bot.yaml of every bot using this file`));
        }
      }
    });
  }
}

function checkBot(files: LoadedFiles, intents: Map<string, Intent>, factNames: Set<string>, out: Diagnostic[]): void {
  const { file, data } = files.bot!;
  (data.menu ?? []).forEach((m, i) => {
    if (!intents.has(m.intent)) out.push(file.error(['menu', i, 'intent'], `unknown intent "${m.intent}"${hint(m.intent, intents.keys())}`));
  });
  for (const [key, t] of Object.entries(data.texts)) {
    for (const s of textsOf(t)) for (const [root, name] of templateRefs(s)) {
      if (root === 'facts' && !factNames.has(name)) out.push(file.error(['texts', key], `unknown fact "${name}"`));
    }
  }
  checkHandoverSettings(files, out);
  checkCalendar(files, out);
  checkEmail(files, factNames, out);
  for (const { product, message } of casePrefixProblems(data.cases ?? {})) out.push(file.error(['cases', product, 'prefix'], message));
  checkZgw(files, out);
}

/** The Zaken API's settings: RSINs that pass the eleven test, and only products cases: has. */
function checkZgw(files: LoadedFiles, out: Diagnostic[]): void {
  const { file, data } = files.bot!;
  const zgw = data.zgw;
  if (!zgw) return;
  for (const key of ['bronorganisatie', 'verantwoordelijke_organisatie'] as const) {
    const rsin = zgw[key];
    if (rsin !== undefined && !isRsin(rsin)) out.push(file.error(['zgw', key], `"${rsin}" is not an RSIN: its digits do not pass the eleven test`));
  }
  const cases = Object.keys(data.cases ?? {});
  for (const product of Object.keys(zgw.products)) {
    if (!cases.includes(product)) out.push(file.error(['zgw', 'products', product], `"${product}" is not a product under cases:${hint(product, cases)}`));
  }
}

/**
 * A remote adapter needs its settings block, the callback flow must be loaded, the time zone known, and every
 * office-hours period must end after it starts.
 */
function checkHandoverSettings(files: LoadedFiles, out: Diagnostic[]): void {
  const { file, data } = files.bot!;
  const h = data.handover;
  if ((h.adapter === 'webhook' || h.adapter === 'chatwoot') && !h[h.adapter]) {
    out.push(file.error(['handover', 'adapter'], `adapter "${h.adapter}" needs a handover.${h.adapter} section with its settings (see docs/handover-remote.md)`));
  }
  const callback = h.callback_flow ?? 'terugbelverzoek';
  if (!files.flows.has(callback) && (h.callback_flow || h.office_hours)) {
    out.push(file.error(['handover', ...(h.callback_flow ? ['callback_flow'] : [])], `the callback flow "${callback}" is not in this bot's flows${hint(callback, files.flows.keys())}`));
  }
  const hours = h.office_hours;
  if (!hours) return;
  if (hours.timezone) checkZone(file, ['handover', 'office_hours', 'timezone'], hours.timezone, out);
  checkPeriods(file, ['handover', 'office_hours', 'days'], hours.days, out);
}

/**
 * The appointment calendar: a known time zone, periods that end after they start, real dates, existing desks. With
 * Qmatic, Qmatic keeps the calendar, so a `calendar:` beside it would be read by nobody.
 */
function checkCalendar(files: LoadedFiles, out: Diagnostic[]): void {
  const { file, data } = files.bot!;
  if (data.qmatic?.timezone) checkZone(file, ['qmatic', 'timezone'], data.qmatic.timezone, out);
  const c = data.calendar;
  if (!c) return;
  if (data.qmatic) out.push(file.error(['calendar'], 'with qmatic: appointments are booked in Qmatic, so calendar: is not used; remove one of the two (docs/qmatic.md)'));
  if (c.timezone) checkZone(file, ['calendar', 'timezone'], c.timezone, out);
  if (c.opening_hours) checkPeriods(file, ['calendar', 'opening_hours'], c.opening_hours, out);
  if (c.opening_hours && Object.keys(c.opening_hours).length === 0) {
    out.push(file.warning(['calendar', 'opening_hours'], 'the calendar is open on no day, so no appointment can be booked'));
  }
  (c.holidays ?? []).forEach((d, i) => {
    if (!isCalendarDate(d)) out.push(file.error(['calendar', 'holidays', i], `"${d}" is not a date in the calendar`));
  });
  const desks = c.desks ?? DEFAULT_CALENDAR.desks;
  for (const [name, product] of Object.entries(c.products ?? {})) {
    (product.desks ?? []).forEach((d, i) => {
      if (d > desks) out.push(file.error(['calendar', 'products', name, 'desks', i], `desk ${d} does not exist: there are ${desks} desks (calendar.desks)`));
    });
  }
}

/**
 * E-mail templates may only name what their kind fills in, facts that exist and the bot's name; a bot that speaks
 * English needs English e-mails too; an SMTP user needs the env var with its password.
 */
function checkEmail(files: LoadedFiles, factNames: Set<string>, out: Diagnostic[]): void {
  const { file, data } = files.bot!;
  const email = data.email;
  if (!email) return;
  const english = data.languages.includes('en');
  const check = (path: YamlPath, text: Text | undefined, allowed: readonly string[]) => {
    if (text === undefined) return;
    // A text of placeholders alone ("{facts.adres}") reads the same in English.
    if (english && typeof text === 'string' && /\p{L}/u.test(text.replace(/\{[^}]*\}/g, ''))) out.push(file.warning(path, 'this text has no English version ("en:"), but the bot speaks English'));
    for (const s of textsOf(text)) for (const [root, name, ...rest] of templateRefs(s)) {
      const ref = [root, name, ...rest].filter(Boolean).join('.');
      if (root === 'facts') {
        if (!factNames.has(name)) out.push(file.error(path, `unknown fact "${name}": add it under facts:${hint(name, factNames)}`));
      } else if (root === 'bot') {
        if (name !== 'name' || rest.length) out.push(file.error(path, `{${ref}} is not filled in; use {bot.name}`));
      } else if (!allowed.includes(root) || name !== undefined) {
        out.push(file.error(path, `{${ref}} is not filled in here; use ${allowed.map((a) => `{${a}}`).join(', ')}, {facts.…} or {bot.name}`));
      }
    }
  };
  for (const [kind, template] of Object.entries(email.templates ?? {})) {
    const allowed = EMAIL_TEMPLATES[kind as keyof typeof EMAIL_TEMPLATES];
    check(['email', 'templates', kind, 'subject'], template.subject, allowed);
    check(['email', 'templates', kind, 'body'], template.body, allowed);
  }
  check(['email', 'appointment', 'title'], email.appointment?.title, APPOINTMENT_PLACEHOLDERS);
  check(['email', 'appointment', 'location'], email.appointment?.location, APPOINTMENT_PLACEHOLDERS);
  const smtp = email.smtp;
  if (smtp?.user && !smtp.password_env) out.push(file.error(['email', 'smtp', 'user'], 'an SMTP user needs password_env: the name of the environment variable with the password'));
  if (smtp?.password_env && !smtp.user) out.push(file.error(['email', 'smtp', 'password_env'], 'password_env needs user: the name to log in with'));
}

function checkZone(file: YamlFile, path: YamlPath, zone: string, out: Diagnostic[]): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }); // throws on a zone the runtime does not know
  } catch {
    out.push(file.error(path, `unknown time zone "${zone}" (use an IANA name such as Europe/Amsterdam)`));
  }
}

/** Periods "HH:MM-HH:MM" per weekday (the schema checked their form): each must end after it starts. */
function checkPeriods(file: YamlFile, path: YamlPath, days: Partial<Record<Weekday, string | string[]>>, out: Diagnostic[]): void {
  for (const [day, periods] of Object.entries(days)) {
    (Array.isArray(periods) ? periods : [periods]).forEach((p, i) => {
      const [from, to] = p.split('-');
      if (from >= to) out.push(file.error(Array.isArray(periods) ? [...path, day, i] : [...path, day], `the period "${p}" ends before it starts`));
    });
  }
}

/** YYYY-MM-DD that exists: not 2026-02-30. */
function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Which product list each action that takes a `product` looks it up in. */
const PRODUCT_ACTIONS: Record<string, 'calendar' | 'cases'> = { 'calendar.free_slots': 'calendar', 'calendar.book': 'calendar', 'cases.create': 'cases' };

/**
 * A product a flow passes to the calendar or to cases.create must be one bot.yaml offers: the value as written, or,
 * for `product: "{slot}"`, each option of the choice question that sets the slot.
 */
function checkProducts(flow: WrittenFlow, file: YamlFile, files: LoadedFiles, out: Diagnostic[]): void {
  const { file: botFile, data: bot } = files.bot!;
  flow.steps.forEach((step, i) => {
    const kind = step.action === undefined ? undefined : PRODUCT_ACTIONS[step.action];
    const value = step.with?.product;
    if (!kind || typeof value !== 'string') return;
    const calendar = bot.qmatic ? bot.qmatic.products : (bot.calendar?.products ?? DEFAULT_CALENDAR.products);
    const offered = Object.keys(kind === 'calendar' ? calendar : (bot.cases ?? {}));
    const where = kind === 'cases' ? 'cases:' : bot.qmatic ? 'qmatic: products:' : 'calendar: products:';
    const check = (product: unknown, path: YamlPath) => {
      if (typeof product !== 'string' || offered.includes(product.toLowerCase())) return;
      const known = offered.length ? `, or use one of: ${offered.join(', ')}` : '';
      out.push(file.error(path, `unknown product "${product}": add it under ${where} in ${botFile.display}${known}${hint(product, offered)}`));
    };
    const slot = /^\{([A-Za-z_]\w*)\}$/.exec(value)?.[1]; // the form the engine passes as the slot's own value
    if (slot === undefined) {
      if (!value.includes('{')) check(value, ['steps', i, 'with', 'product']);
      return;
    }
    const asked = flow.steps.findIndex((s) => s.ask === slot && s.options);
    flow.steps[asked]?.options?.forEach((o, k) => check(o.value, ['steps', asked, 'options', k, 'value']));
  });
}

/** bot.yaml's handover.adapter names a built-in adapter or one that loket.config.js registers. */
export function checkHandoverAdapter(files: LoadedFiles, registered: Iterable<string>): Diagnostic[] {
  const adapter = files.bot?.data.handover?.adapter;
  const known = [...BUILTIN_HANDOVER_ADAPTERS, ...registered];
  if (adapter === undefined || known.includes(adapter)) return [];
  return [files.bot!.file.error(['handover', 'adapter'], `unknown handover adapter "${adapter}"${hint(adapter, known)} (add it to handoverAdapters in loket.config.js; see docs/handover-adapters.md)`)];
}

function hint(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `; did you mean "${c}"?` : '';
}
