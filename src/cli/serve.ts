import { forgetReadAhead } from '../nlu/readAhead';
import { startServer } from '../server';
import { contentRoot, type CliOptions } from './common';

export interface ServeCliOptions extends CliOptions { host?: string; port?: string; anonymous?: boolean; watch?: boolean }

/** `loket serve`: runs until stopped (Ctrl+C or SIGTERM), then closes the server and databases cleanly. */
export async function serve(opts: ServeCliOptions): Promise<number> {
  const port = Number(opts.port ?? process.env.PORT ?? 3978);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${opts.port}"`);
  const running = await startServer({
    root: contentRoot(opts),
    host: opts.host ?? process.env.HOST ?? '127.0.0.1',
    port,
    bots: opts.bot ? [opts.bot] : undefined,
    anonymous: opts.anonymous ?? process.env.LOKET_ANONYMOUS === 'true',
    watch: opts.watch,
  });
  forgetReadAhead();
  process.stderr.write(`Loket is running on ${running.url} (Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}
