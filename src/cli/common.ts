import pino from 'pino';
import { defaultContentRoot, listBots } from '../content';
import { Loket, type LoketOptions } from '../runtime';

export interface CliOptions { bot?: string; root?: string }

export function contentRoot(opts: CliOptions): string {
  return opts.root ?? defaultContentRoot();
}

/** The bot named with --bot, or the only bot there is. */
export function pickBot(opts: CliOptions): string {
  if (opts.bot) return opts.bot;
  const bots = listBots(contentRoot(opts));
  if (bots.length === 1) return bots[0];
  throw new Error(bots.length ? `more than one bot; choose one with --bot (${bots.join(', ')})` : 'no bots found in bots/');
}


export function startBot(opts: CliOptions, extra: Partial<LoketOptions> = {}): Promise<Loket> {
  return Loket.create({
    botId: pickBot(opts),
    root: contentRoot(opts),
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
    ...extra,
  });
}
