import { createInterface } from 'node:readline/promises';
import { ConsoleAdapter } from '../channels/console';
import { LoketBot } from '../channels/loketBot';
import { StandInAgent } from '../testing/agent';
import { startBot, type CliOptions } from './common';

const HELP = `Type as a resident would. Buttons are numbered: type the number to press one.
  /locatie 52.37,4.89   share a location        /foto NAME   send a photo
  /agent TEXT           answer as the employee  /release     hand back to the bot
  /offline              no employee signed in   /online      an employee signed in again
  /quit                 stop`;

/** `loket chat`: the console channel, for editors trying their content. */
export async function chat(opts: CliOptions): Promise<number> {
  // A private queue with a stand-in employee: editors try handovers without touching the real queue.
  const agent = new StandInAgent();
  const loket = await startBot(opts, { handover: agent.queue });
  agent.signIn(loket.botId);
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
      if (text.startsWith('/agent ')) notHandedOver(!(await agent.say(conversationId, text.slice(7))));
      else if (text === '/release') notHandedOver(!(await agent.handBack(conversationId)));
      else if (text === '/offline') agent.signOut();
      else if (text === '/online') agent.signIn(loket.botId);
      else if (await adapter.typed(text)) {
        const state = await loket.state(conversationId);
        if (state.handover?.status === 'pending') process.stdout.write(`   [overgedragen aan een medewerker: ${state.handover.reasons.join(', ')}; /agent TEXT om te antwoorden]\n`);
      }
    }
  } finally {
    rl.close();
    await loket.close();
  }
  return 0;
}

function notHandedOver(yes: boolean): void {
  if (yes) process.stdout.write('   [dit gesprek is niet overgedragen aan een medewerker]\n');
}
