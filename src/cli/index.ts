/** `loket <command>`: validate, chat, test and classify. Each command is a small module in this folder. */
import { parseArgs } from 'node:util';
import { readModelsAhead } from '../nlu/readAhead';
import { cacheDirIn, defaultContentRoot, PACKAGE_ROOT } from '../paths';
import { cacheFile, installCompileCache } from './compileCache';
import { tuneV8 } from './v8Flags';

const USAGE = `Loket — chatbot for municipalities

Usage:
  loket validate [--bot ID]          check all content (bots, flows, intents); exit 1 on errors
  loket chat --bot ID                chat with a bot in the terminal
  loket test [FILES...] [--transcript]
                                     run YAML conversation tests (default: test/conversations/);
                                     --transcript prints the conversation of each failed test
  loket classify --bot ID            JSON lines {"text": ...} on stdin → what the bot does, one JSON line each
  loket serve [--bot ID] [--host H] [--port P] [--anonymous] [--watch]
                                     run the server (Bot Framework endpoint on /api/messages)
  loket agent add BOT USERNAME --name NAME | list BOT | remove BOT USERNAME | password BOT USERNAME
                                     agent accounts for the console at /agent (password: LOKET_AGENT_PASSWORD or prompt)
  loket privacy purge [--bot ID] | export WHO [--out FILE] | erase WHO [--out FILE]
                                     retention purge now; a resident's data by reference, conversation, e-mail or
                                     phone, as JSON, or erased everywhere (docs/privacy.md)

Options:
  --bot ID      the bot in bots/ID/bot.yaml
  --root DIR    folder with bots/, flows/ and intents/ (default: current folder, else the Loket package)
  --anonymous   accept Bot Framework messages without authentication (local development only)
  --watch       reload bots/, flows/ and intents/ when they change (validated first; a broken edit keeps the old)
`;

const OPTIONS = {
  bot: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  host: { type: 'string' }, port: { type: 'string' }, anonymous: { type: 'boolean' }, name: { type: 'string' },
  transcript: { type: 'boolean' }, watch: { type: 'boolean' }, out: { type: 'string' }, state: { type: 'string' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const opts = { bot: values.bot, root: values.root };
  if (!command || values.help || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  tuneV8();
  // Before any command's modules load: they are what the cache is for.
  installCompileCache(cacheFile(cacheDirIn(PACKAGE_ROOT)));
  // The server's modules take longest to load; its model files are read meanwhile.
  if (command === 'serve') readModelsAhead(cacheDirIn(opts.root ?? defaultContentRoot()), opts.bot);
  switch (command) {
    // Each command is loaded on demand: one command's modules (the terminal channel, restify) cost the others start-up.
    case 'validate': return (await import('./validate')).validate(opts);
    case 'chat': return (await import('./chat')).chat(opts);
    case 'test': return (await import('./test')).runTests({ ...opts, transcript: values.transcript }, positionals);
    case 'classify': return (await import('./classify')).classify(opts);
    case 'agent': return (await import('./agent')).agent({ ...opts, name: values.name }, positionals);
    case 'privacy': return (await import('./privacy')).privacy({ ...opts, out: values.out, state: values.state }, positionals);
    case 'serve': return (await import('./serve')).serve({ ...opts, host: values.host, port: values.port, anonymous: values.anonymous, watch: values.watch });
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
