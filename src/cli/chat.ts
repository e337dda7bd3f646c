import { createInterface } from 'node:readline/promises';
import { ConsoleAdapter } from '../channels/console';
import { LoketBot } from '../channels/loketBot';
import { MemoryHandoverAdapter } from '../handover';
import { startBot, type CliOptions } from './common';

const HELP = `Type as a resident would. Buttons are numbered: type the number to press one.
  /locatie 52.37,4.89   share a location        /foto NAME   send a photo
  /agent TEXT           answer as the employee  /release     hand back to the bot
  /quit                 stop`;

/** `loket chat`: the console channel, for editors trying their content. */
export async function chat(opts: CliOptions): Promise<number> {
  const queue = new MemoryHandoverAdapter();
  const loket = await startBot(opts, { handover: queue });
  const name = loket.content.bot.assistant_name ?? 'bot';
  const adapter = new ConsoleAdapter(new LoketBot(loket), (line) => process.stdout.write(`${line.startsWith('   ') ? '' : `${name}> `}${line}\n`));
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const conversationId = 'console:console';
  process.stdout.write(`${HELP}\n\n`);
  await adapter.start();
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/quit') break;
      if (text.startsWith('/agent ')) queue.reply(conversationId, text.slice(7));
      else if (text === '/release') queue.release(conversationId);
      else if (await adapter.typed(text)) {
        const state = await loket.state(conversationId);
        if (state.handover && queue.status(conversationId) === 'pending') process.stdout.write(`   [overgedragen aan een medewerker: ${state.handover.reasons.join(', ')}; /agent TEXT om te antwoorden]\n`);
      }
    }
  } finally {
    rl.close();
    loket.close();
  }
  return 0;
}
