import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths';
import { editDistance } from '../text';
import type { Diagnostic } from './diagnostics';
import type { YamlFile } from './yamlFile';

export type FileKind = 'bot' | 'flow' | 'intents';

let validators: Record<FileKind, ValidateFunction> | undefined;

/** The JSON Schemas in schemas/ are the single source of truth, for editors' YAML plugins and for us. */
function compile(): Record<FileKind, ValidateFunction> {
  // Loaded here: a start that reads checked content back from the cache never checks a schema.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv: typeof import('ajv').default = require('ajv').default;
  // Each schema checks a few files once per start: optimising the generated code costs more than it saves.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { optimize: false } });
  const load = (name: string) => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8'));
  ajv.addSchema(load('common.schema.json'));
  return {
    bot: ajv.compile(load('bot.schema.json')),
    flow: ajv.compile(load('flow.schema.json')),
    intents: ajv.compile(load('intents.schema.json')),
  };
}

export function checkSchema(kind: FileKind, file: YamlFile): Diagnostic[] {
  validators ??= compile();
  const validate = validators[kind];
  if (validate(file.data ?? {})) return [];
  return plainErrors(validate.errors ?? []).map(({ path, message, key }) => file.error(path, message, key));
}

function toPath(instancePath: string): (string | number)[] {
  return instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/** One plain message per place: ajv's raw errors for "string or map" texts are noise to an editor. */
function plainErrors(errors: ErrorObject[]): { path: (string | number)[]; message: string; key: boolean }[] {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const place = e.keyword === 'additionalProperties' ? `${e.instancePath}/${e.params.additionalProperty}` : e.instancePath;
    byPlace.set(place, [...(byPlace.get(place) ?? []), e]);
  }
  const out: { path: (string | number)[]; message: string; key: boolean }[] = [];
  for (const group of byPlace.values()) {
    const e = group.find((x) => x.keyword !== 'oneOf' && x.keyword !== 'type' && x.keyword !== 'required' && x.keyword !== 'if') ?? group.find((x) => x.keyword === 'required') ?? group[0];
    const hasOneOf = group.some((x) => x.keyword === 'oneOf');
    const path = toPath(e.instancePath);
    const named = group.find((x) => x.propertyName !== undefined);
    if (named) {
      const allowed = named.keyword === 'enum' ? (named.params.allowedValues as string[]) : undefined;
      out.push({ path: [...path, named.propertyName!], key: true, message: `unknown key "${named.propertyName}" under ${where(path)}${allowed ? `; use one of: ${allowed.join(', ')}` : ''}` });
    } else if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const hint = closest(name, known);
      out.push({ path: [...path, name], key: true, message: `unknown field "${name}"${hint ? `; did you mean "${hint}"?` : ''}` });
    } else if (hasOneOf && e.keyword === 'type') {
      out.push({ path, key: false, message: `${where(path)} has the wrong form: write a text, or nl:/en: texts` });
    } else {
      out.push({ path, key: false, message: describe(e, path) });
    }
  }
  return out;
}

function where(path: (string | number)[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return last ? `"${last}"` : 'this value';
}

function describe(e: ErrorObject, path: (string | number)[]): string {
  switch (e.keyword) {
    case 'required': return `missing required field "${e.params.missingProperty}"`;
    case 'enum': return `${where(path)} must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'type': return `${where(path)} must be ${article(String(e.params.type))}`;
    case 'pattern': return patternMessage(e, path);
    case 'minItems': return `${where(path)} needs at least ${e.params.limit} item(s)`;
    case 'minProperties': return `${where(path)} needs at least one entry`;
    case 'minLength': return `${where(path)} must not be empty`;
    case 'uniqueItems': return `${where(path)} lists the same item twice`;
    case 'const': return `${where(path)} must be ${JSON.stringify(e.params.allowedValue)} or a text`;
    case 'minimum': case 'maximum': return `${where(path)} ${e.message}`;
    default: return `${where(path)} ${e.message ?? 'is not valid'}`;
  }
}

/** A schema with `examples` is a format (a time, a date, a prefix): show one; else it is a name. */
function patternMessage(e: ErrorObject, path: (string | number)[]): string {
  const example = (e.parentSchema as { examples?: unknown[] } | undefined)?.examples?.[0];
  if (example !== undefined) return `${where(path)}: "${String(e.data)}" has the wrong form; write it like ${String(example)}`;
  return `${where(path)}: "${String(e.data)}" is not a valid name; use lower-case letters, digits, _ or -`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a map (key: value lines)', array: 'a list (lines starting with "- ")', string: 'a text', number: 'a number', integer: 'a whole number', boolean: 'true or false' };
  return type.split(',').map((t) => names[t] ?? t).join(' or ');
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, { swaps: false });
    if (d < bestDist) { best = c; bestDist = d; }
  }
  return best;
}
