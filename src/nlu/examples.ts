import type { BotContent } from '../content/types';
import type { Lang } from '../slots/types';

export interface TrainingExample { text: string; label: string; lang: Lang; background: boolean }

/** Every utterance of every intent in every language of the bot, labelled with its intent. */
export function trainingExamples(content: BotContent): TrainingExample[] {
  return [...content.intents.values()].flatMap((intent) =>
    content.bot.languages.flatMap((lang) => (intent.utterances[lang] ?? []).map((text) => ({ text, label: intent.id, lang, background: intent.background === true }))),
  );
}
