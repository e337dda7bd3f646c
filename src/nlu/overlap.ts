/**
 * Editors see overlap before residents do: intents whose examples cross-validation takes for each other while they
 * lead to different things (a flow, a handover reason, an answer), named as pairs the way Rasa's intent report does,
 * and answers a flow takes over. Warnings, pinned to the intent's id line.
 */
import type { BotContent, Diagnostic } from '../content';
import { readBotFiles } from '../content/load';
import { confusedPairs, crossValidate } from './crossValidate';

export async function overlapWarnings(root: string, content: BotContent): Promise<Diagnostic[]> {
  const folds = await crossValidate(content, { folds: 5 });
  const where = intentPositions(root, content.bot.id);
  const flowOf = new Map([...content.flows.values()].flatMap((f) => f.triggers.map((t) => [t, f.id] as const)));
  const out: Diagnostic[] = [];
  // Two intents that lead to the same thing (two kinds of chatter, moving or cancelling in one flow) may overlap.
  const outcome = (id: string) => {
    const intent = content.intents.get(id);
    return flowOf.get(id) ?? (intent?.handover ? `handover:${intent.handover}` : 'answer');
  };
  for (const p of confusedPairs(folds)) {
    const at = where.get(p.a) ?? where.get(p.b);
    if (!at || outcome(p.a) === outcome(p.b)) continue;
    const share = `${Math.round(p.share * 100)}%`;
    // Examples of an intent with an answer, taken for one that starts a flow: those residents get the flow.
    const answerLost = [[p.a, p.b, p.aAsB], [p.b, p.a, p.bAsA]].find(([x, y, n]) => n && content.intents.get(x as string)?.answer && flowOf.has(y as string)) as string[] | undefined;
    const why = answerLost
      ? `residents asking "${answerLost[0]}" may get flow "${flowOf.get(answerLost[1])}" instead of its answer`
      : 'make their examples more distinct, or merge them';
    out.push(at(`intents "${p.a}" and "${p.b}" overlap: cross-validation takes ${p.count} examples (${share}) of one for the other, e.g. "${p.examples[0]}"; ${why}`));
  }
  return out;
}

function intentPositions(root: string, botId: string): Map<string, (message: string) => Diagnostic> {
  const out = new Map<string, (message: string) => Diagnostic>();
  for (const { file, intents } of readBotFiles(root, botId).intentFiles.values()) {
    intents.forEach((intent, i) => out.set(intent.id, (message) => file.warning(['intents', i, 'id'], message)));
  }
  return out;
}
