/**
 * The yardstick for `npm run bench:load`: a restify hello-world in its own process, with the same body parser as
 * Loket, answering a POST as Direct Line answers a posted activity. Prints its URL on stdout, stops on SIGTERM.
 */
import restify from 'restify';

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/*', async (_req: restify.Request, res: restify.Response) => void res.send(200, { id: 'hallo|0000001' }));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.url.replace('[::]', '127.0.0.1')}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
