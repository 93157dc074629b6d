import * as net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  auth: string | null;
  data: string;
}

/**
 * A fake SMTP server: enough of RFC 5321 for the client; refuses RCPT to addresses in `refuse`
 * for good (550) and to addresses in `busy` for now (451, a greylisting or full-mailbox answer).
 * While `hang(true)`, a new connection gets no greeting (a server that stopped answering).
 */
export async function fakeSmtp(refuse: string[] = [], busy: string[] = []) {
  let hanging = false;
  const mails: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (hanging) return;
    socket.write('220 fake.smtp ESMTP\r\n');
    let buf = '';
    let data: string[] | null = null;
    let current: ReceivedMail = { from: '', to: [], auth: null, data: '' };
    socket.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            current.data = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
            mails.push(current);
            current = { from: '', to: [], auth: current.auth, data: '' };
            data = null;
            socket.write('250 2.0.0 Ok: queued\r\n');
          } else data.push(line);
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake.smtp\r\n250-SIZE 10485760\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (verb === 'AUTH') {
          current.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
          socket.write('235 2.7.0 Authentication successful\r\n');
        } else if (verb === 'MAIL') {
          current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write('250 2.1.0 Ok\r\n');
        } else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          rcptAttempts.push(to);
          if (refuse.includes(to)) socket.write('550 5.1.1 <' + to + '>: Recipient address rejected: User unknown\r\n');
          else if (busy.includes(to)) socket.write('451 4.7.1 <' + to + '>: Greylisted, try again later\r\n');
          else {
            current.to.push(to);
            socket.write('250 2.1.5 Ok\r\n');
          }
        } else if (verb === 'DATA') {
          data = [];
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 2.0.0 Bye\r\n');
        } else socket.write('502 5.5.2 Error: command not recognized\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    mails,
    rcptAttempts,
    connections: () => connections,
    hang: (on: boolean) => {
      hanging = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
