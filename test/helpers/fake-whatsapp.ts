import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A local WhatsApp gateway in the style of Fonnte or Wablas (node:http on port 0): keeps each
 * POST's headers and JSON body and answers `{"status": true}`; `answer(status)` makes it answer
 * that HTTP status from then on (500: a gateway down; 400: a request refused).
 */
export async function fakeWhatsAppGateway() {
  const requests: GatewayRequest[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      requests.push({ headers: req.headers, body });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { status: true, detail: 'success! message in queue' } : { status: false, reason: 'gateway error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/send-message`,
    requests,
    answer: (next: number) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
