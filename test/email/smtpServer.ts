import { once } from 'node:events';
import { createServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** As mailparser reads it: headers, text, attachments. */
  mail: ParsedMail;
  /** The message as it came over the wire, to check the encoding itself. */
  raw: string;
  envelope: { from: string; to: string[] };
  user?: string;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** Resolves with the next message that arrives (or the one already waiting). */
  next(): Promise<ReceivedMail>;
  /** Login attempts, also refused ones: to check no password crossed a connection it should not. */
  logins: string[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  port?: number;
  /** user → password; given: a login is required. */
  users?: Record<string, string>;
  /** Recipients refused with 550. */
  refuse?: RegExp;
}

/** A free port on 127.0.0.1 with nothing listening on it: a mail server that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A real SMTP server on 127.0.0.1 (the smtp-server package) that keeps what it receives. No TLS is offered. */
export async function startSmtp(opts: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiting: ((m: ReceivedMail) => void)[] = [];
  const logins: string[] = [];
  let taken = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: !opts.users,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (opts.users && auth.username && opts.users[auth.username] === auth.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.test(address.address)) return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const message: ReceivedMail = {
          mail: await simpleParser(raw),
          raw,
          envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          user: session.user as string | undefined,
        };
        received.push(message);
        callback();
        const next = waiting.shift();
        if (next) {
          taken++;
          next(message);
        }
      });
    },
  });
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as { port: number };
  return {
    port,
    received,
    logins,
    next() {
      if (taken < received.length) return Promise.resolve(received[taken++]);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
