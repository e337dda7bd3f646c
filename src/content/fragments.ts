import type { Diagnostic } from './diagnostics';
import type { Entity, Intent } from './types';
import type { YamlFile, YamlPath } from './yamlFile';

/**
 * Named pieces of a regular expression, written once under `fragments:` in an intents file and used as `{name}` in
 * that file's keywords and entity patterns. A guard shared by thirty patterns ("not in one's own home or garden") is
 * then one list to edit, not thirty copies that drift apart.
 */
export type Fragments = Record<string, string>;

/** `{name}`, not escaped (`\{`); a quantifier such as `{2,}` starts with a digit and is never a name. */
const REFERENCE = /(?<!\\)\{([a-z][a-z0-9_]*)\}/g;

interface Written {
  intents: Omit<Intent, 'file'>[];
  entities: Omit<Entity, 'file'>[];
}

/** The file's intents and entities with every `{name}` written out; unknown, nested and unused names are reported. */
export function expandFragments(fragments: Fragments, written: Written, file: YamlFile, out: Diagnostic[]): Written {
  const used = new Set<string>();
  for (const [name, src] of Object.entries(fragments)) {
    if (new RegExp(REFERENCE.source).test(src)) out.push(file.error(['fragments', name], `fragment "${name}" uses another fragment: write it out in full`));
    else if (regexProblem(src) !== undefined) out.push(file.error(['fragments', name], `fragment "${name}" is not a valid regular expression on its own`));
  }
  const expand = (src: string, path: YamlPath): string =>
    src.replace(REFERENCE, (_, name: string) => {
      const fragment = fragments[name];
      if (fragment === undefined) {
        out.push(file.error(path, `unknown fragment {${name}}: define it under "fragments:" at the top of this file`));
        // Never matches, and keeps the pattern a valid expression: one error, not a second about the braces.
        return '(?!)';
      }
      used.add(name);
      // A group of its own, so an alternation in the fragment never reaches into the pattern around it.
      return `(?:${fragment})`;
    });
  const intents = written.intents.map((intent, i) =>
    intent.keywords ? { ...intent, keywords: intent.keywords.map((k, j) => expand(k, ['intents', i, 'keywords', j])) } : intent,
  );
  const entities = written.entities.map((entity, i) =>
    entity.patterns ? { ...entity, patterns: entity.patterns.map((p, j) => expand(p, ['entities', i, 'patterns', j])) } : entity,
  );
  for (const name of Object.keys(fragments)) {
    if (!used.has(name)) out.push(file.warning(['fragments', name], `fragment "${name}" is not used in this file`));
  }
  return { intents, entities };
}

/** Why `src` is no regular expression as keywords and entity patterns are compiled (case-insensitive, Unicode). */
export function regexProblem(src: string): string | undefined {
  try {
    new RegExp(src, 'iu');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
