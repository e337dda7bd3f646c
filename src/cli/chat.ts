import { createInterface } from 'node:readline/promises';
import type { Button, Input, Output } from '../engine';
import { MemoryHandoverAdapter } from '../handover';
import { startBot, type CliOptions } from './common';

const HELP = `Type as a resident would. Buttons are numbered: type the number to press one.
  /locatie 52.37,4.89   share a location        /foto NAME   send a photo
  /agent TEXT           answer as the employee  /release     hand back to the bot
  /quit                 stop`;

/** `loket chat`: the console channel, for editors trying their content. */
export async function chat(opts: CliOptions): Promise<number> {
  const queue = new MemoryHandoverAdapter();
  const bot = await startBot(opts, { handover: queue });
  const id = `console-${Date.now()}`;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let buttons: Button[] = [];
  const show = (outputs: Output[], who = bot.content.bot.assistant_name ?? 'bot') => {
    buttons = [];
    for (const o of outputs) {
      if (o.type === 'link') { process.stdout.write(`   🔗 ${o.title}: ${o.url}\n`); continue; }
      process.stdout.write(`${who}> ${o.text}\n`);
      o.buttons?.forEach((b, i) => process.stdout.write(`   ${i + 1}. ${b.title}\n`));
      if (o.buttons?.length) buttons = o.buttons;
    }
  };
  bot.onProactive((conv, outputs) => conv === id && show(outputs, 'medewerker'));
  process.stdout.write(`${HELP}\n\n`);
  show((await bot.handle(id, { type: 'start' })).outputs);
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/quit') break;
      const input = toInput(text, buttons);
      if (text.startsWith('/agent ')) { queue.reply(id, text.slice(7)); continue; }
      if (text === '/release') { queue.release(id); continue; }
      if (!input) continue;
      const result = await bot.handle(id, input);
      show(result.outputs);
      if (result.handover) process.stdout.write(`   [overgedragen aan een medewerker: ${result.handover.reasons.join(', ')}; /agent TEXT om te antwoorden]\n`);
    }
  } finally {
    rl.close();
    bot.close();
  }
  return 0;
}

function toInput(text: string, buttons: Button[]): Input | undefined {
  if (!text) return undefined;
  const loc = /^\/locatie\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (loc) return { type: 'location', location: { latitude: Number(loc[1]), longitude: Number(loc[2]) } };
  const photo = /^\/foto\s+(\S+)$/.exec(text);
  if (photo) return { type: 'attachment', attachment: { url: `file://${photo[1]}`, contentType: 'image/jpeg', name: photo[1] } };
  if (text.startsWith('/')) return undefined;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= buttons.length) return { type: 'text', text: buttons[n - 1].value };
  return { type: 'text', text };
}
