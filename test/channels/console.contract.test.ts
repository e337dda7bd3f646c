import { ConsoleAdapter } from '../../src/channels/console';
import { LoketBot } from '../../src/channels/loketBot';
import { exampleBot } from '../runtime/helpers';
import { describeChannelContract, type SeenReply } from './contract';

describeChannelContract('console', async () => {
  const loket = await exampleBot();
  const bot = new LoketBot(loket);
  const adapters = new Map<string, { adapter: ConsoleAdapter; out: string[] }>();
  const conv = (id: string) => {
    if (!adapters.has(id)) {
      const out: string[] = [];
      adapters.set(id, { adapter: new ConsoleAdapter(bot, (l) => out.push(l), id), out });
    }
    return adapters.get(id)!;
  };
  const typed = async (id: string, line: string): Promise<SeenReply> => {
    const c = conv(id);
    c.out.length = 0;
    const accepted = await c.adapter.typed(line);
    if (!accepted) return { texts: [], options: [] };
    const numbered = c.out.filter((l) => /^ {3}\d+\. /.test(l));
    return { texts: c.out.filter((l) => !numbered.includes(l)), options: numbered.map((l) => l.replace(/^ {3}\d+\. /, '')) };
  };
  let last: SeenReply = { texts: [], options: [] };
  return {
    say: async (id, text) => (last = await typed(id, text)),
    choose: async (id, option) => (last = await typed(id, String(last.options.indexOf(option) + 1))),
    shareLocation: (id, lat, lon) => typed(id, `/locatie ${lat},${lon}`),
    sendPhoto: (id) => typed(id, '/foto lantaarnpaal.jpg'),
    sendMalformed: async () => {
      const accepted = await conv('bad').adapter.typed('/onbekend commando');
      return { refused: !accepted, message: 'unknown console command is not sent to the bot' };
    },
    close: async () => loket.close(),
  };
});
