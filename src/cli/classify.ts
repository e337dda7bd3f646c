import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { replyTexts } from '../runtime';
import { startBot, type CliOptions } from './common';

/**
 * `loket classify`: for each JSON line {"text": ...} on stdin, the first turn of a new conversation with the live
 * bot, reported as one JSON line. Same runtime as every channel: nothing here classifies on its own.
 */
export async function classify(opts: CliOptions): Promise<number> {
  const bot = await startBot(opts);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      process.stdout.write(`${JSON.stringify(await classifyLine(bot, line))}\n`);
    }
  } finally {
    bot.close();
  }
  return 0;
}

async function classifyLine(bot: Awaited<ReturnType<typeof startBot>>, line: string): Promise<Record<string, unknown>> {
  let text: unknown;
  try {
    text = (JSON.parse(line) as { text?: unknown })?.text;
  } catch {
    return { text: null, error: 'not valid JSON: expected {"text": "..."}' };
  }
  if (typeof text !== 'string') return { text: null, error: 'missing "text" (a string)' };
  const result = await bot.handle(`classify-${randomUUID()}`, { type: 'text', text });
  const u = result.understanding;
  return {
    text,
    intent: u?.intent ?? null,
    score: u ? Math.round(u.score * 1000) / 1000 : 0,
    flow: result.startedFlow ?? null,
    handover: Boolean(result.handover),
    reasons: result.handover?.reasons ?? [],
    reply: replyTexts(result.outputs),
    evidence: result.decision?.evidence ?? [],
    ...(result.decision?.setAside ? { setAside: result.decision.setAside } : {}),
  };
}
