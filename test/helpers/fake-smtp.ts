import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  auth: { method: string; username: string; password: string } | null;
  /** The message as received (headers and MIME body), CRLF line ends. */
  data: string;
}

/**
 * A local SMTP server (the smtp-server package) on port 0 that keeps what it receives. It
 * refuses RCPT to addresses in `refuse` for good (550) and to addresses in `busy` for now (451,
 * a greylisting or full-mailbox answer). While `hang(true)`, a new connection gets no greeting
 * (a server that stopped answering). `options` adds server settings (TLS key and certificate,
 * hideSTARTTLS).
 */
export async function fakeSmtp(refuse: string[] = [], busy: string[] = [], options: SMTPServerOptions = {}) {
  let hanging = false;
  const mails: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  const secured: boolean[] = [];
  let connections = 0;
  const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    size: 10 * 1024 * 1024,
    closeTimeout: 500,
    ...options,
    onConnect(_session, callback) {
      connections++;
      if (!hanging) callback();
      // Hanging: no greeting, ever; the client's own timeout ends the conversation.
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: { method: auth.method, username: auth.username ?? '', password: auth.password ?? '' } });
    },
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      if (refuse.includes(address.address)) return callback(smtpError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550));
      if (busy.includes(address.address)) return callback(smtpError(`4.7.1 <${address.address}>: Greylisted, try again later`, 451));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        secured.push(Boolean(session.secure));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          auth: (session.user as ReceivedMail['auth']) ?? null,
          data: Buffer.concat(chunks).toString('latin1'),
        });
        callback(null, 'Ok: queued');
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    rcptAttempts,
    /** Per received mail, whether its session ran over TLS. */
    secured,
    connections: () => connections,
    hang: (on: boolean) => {
      hanging = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
