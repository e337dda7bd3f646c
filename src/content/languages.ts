import type { Diagnostic } from './diagnostics';
import type { LoadedFiles } from './load';
import type { Text } from './types';
import type { YamlFile, YamlPath } from './yamlFile';

/**
 * A bot that speaks English must say everything in English: a text without `en` would answer an English resident
 * half in Dutch. Facts are checked too when they read as Dutch words ("5 werkdagen"); names, links and numbers are the
 * same in both languages.
 */
export function checkEnglish(files: LoadedFiles, out: Diagnostic[]): void {
  const { file: botFile, data: bot } = files.bot!;
  if (!bot.languages?.includes('en')) return;
  const check = (file: YamlFile, path: YamlPath, t: Text | Text[] | true | undefined) => {
    for (const [i, x] of (Array.isArray(t) ? t : [t]).entries()) {
      if (x === undefined || x === true || (typeof x === 'object' && x.en)) continue;
      out.push(file.warning(Array.isArray(t) ? [...path, i] : path, 'this text has no English version ("en:"), but the bot speaks English'));
    }
  };
  for (const [k, t] of Object.entries(bot.texts)) check(botFile, ['texts', k], t);
  for (const [k, t] of Object.entries(bot.handover.messages)) check(botFile, ['handover', 'messages', k], t);
  (bot.menu ?? []).forEach((m, i) => check(botFile, ['menu', i, 'label'], m.label));
  for (const [k, v] of Object.entries(bot.facts ?? {})) {
    if (typeof v === 'string' && readsDutch(v)) out.push(botFile.warning(['facts', k], `fact "${k}" reads as Dutch; give it "nl:" and "en:" so English answers are English`));
  }
  for (const { file, data } of files.flows.values()) {
    check(file, ['title'], data.title);
    data.steps.forEach((step, i) => {
      for (const f of ['say', 'prompt', 'reprompt', 'confirm', 'end', 'label'] as const) check(file, ['steps', i, f], step[f] as Text | Text[] | true | undefined);
      (step.options ?? []).forEach((o, j) => check(file, ['steps', i, 'options', j, 'label'], o.label));
      (step.links ?? []).forEach((l, j) => check(file, ['steps', i, 'links', j, 'title'], l.title));
    });
  }
  for (const { file, intents } of files.intentFiles.values()) {
    intents.forEach((intent, i) => {
      check(file, ['intents', i, 'answer'], intent.answer);
      check(file, ['intents', i, 'label'], intent.label);
      (intent.links ?? []).forEach((l, j) => check(file, ['intents', i, 'links', j, 'title'], l.title));
    });
  }
}

/** Common Dutch words in facts: a fact made of them needs an English version. */
const DUTCH = /\b(?:en|tot|met|van|op|of|ook|niet|kan|uur|dag|dagen|werkdag|werkdagen|week|weken|maand|maanden|jaar|gratis|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|betalen|contant|pinnen)\b/i;

function readsDutch(value: string): boolean {
  return !/^(?:https?:|mailto:)/.test(value) && DUTCH.test(value);
}
