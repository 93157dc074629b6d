import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/app-config';
import { HttpWhatsAppGateway, renderGatewayBody, WhatsAppError } from './whatsapp.gateway';

describe('WhatsApp HTTP gateway', () => {
  it('fills the body template with JSON-escaped values', () => {
    const body = renderGatewayBody('{"target":"{{phone}}","message":"{{message}}","countryCode":"62"}', '6281234567890', 'Baris "satu"\nBaris dua \\ {{phone}}');
    expect(JSON.parse(body)).toEqual({ target: '6281234567890', message: 'Baris "satu"\nBaris dua \\ {{phone}}', countryCode: '62' });
  });

  describe('against a local gateway', () => {
    let server: http.Server;
    let url: string;
    const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{"status":true}' };
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          seen.push({ headers: req.headers, body });
          setTimeout(() => res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body), answer.delayMs ?? 0);
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });
    const gateway = (env: Record<string, string> = {}) => new HttpWhatsAppGateway(loadConfig({ WHATSAPP_GATEWAY_URL: url, WHATSAPP_GATEWAY_TOKEN: 'tok-123', WHATSAPP_GATEWAY_TIMEOUT_MS: '300', ...env }));

    it('POSTs the rendered body with the token in the configured header', async () => {
      await gateway({ WHATSAPP_GATEWAY_AUTH_HEADER: 'X-Api-Key' }).send('6281234567890', 'Halo');
      const last = seen.at(-1)!;
      expect(last.headers['x-api-key']).toBe('tok-123');
      expect(JSON.parse(last.body)).toEqual({ target: '6281234567890', message: 'Halo' });
    });

    it('is off without a URL', async () => {
      const off = new HttpWhatsAppGateway(loadConfig({}));
      expect(off.enabled).toBe(false);
      await expect(off.send('62811', 'x')).rejects.toBeInstanceOf(WhatsAppError);
    });

    it.each([
      [{ status: 500, body: '{}' }, false],
      [{ status: 429, body: '{}' }, false],
      [{ status: 401, body: '{"reason":"invalid token"}' }, true],
      [{ status: 200, body: '{"status":false,"reason":"target invalid"}' }, true],
    ])('fails on %j, permanent: %s, without the token or the message in the error', async (next, permanent) => {
      answer = next;
      try {
        const err = await gateway().send('6281234567890', 'Pesan rahasia').catch((e) => e);
        expect(err).toBeInstanceOf(WhatsAppError);
        expect(err.permanent).toBe(permanent);
        expect(err.message).not.toMatch(/tok-123|Pesan rahasia/);
      } finally {
        answer = { status: 200, body: '{"status":true}' };
      }
    });

    it('times out a gateway that does not answer, as a transient failure', async () => {
      answer = { status: 200, body: '{}', delayMs: 1000 };
      try {
        const err = await gateway().send('6281234567890', 'x').catch((e) => e);
        expect(err).toBeInstanceOf(WhatsAppError);
        expect(err.message).toMatch(/within 300 ms/);
        expect(err.permanent).toBe(false);
      } finally {
        answer = { status: 200, body: '{"status":true}' };
      }
    });
  });
});
