import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './callback-guard';

export interface SendResult {
  statusCode?: number;
  latencyMs: number;
  error?: string;
}

/**
 * POSTs one webhook body. Keep-alive agents (most modules receive many events); the SSRF
 * check runs in `lookup`, on the address actually connected to; redirects are not followed
 * (a 3xx is a failed delivery), so a callback cannot bounce the server elsewhere.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  /**
   * `maxSockets`: at least the POSTs a process may have in flight, so none waits for a socket
   * (its claim's lease, sized to the timeout, starts before the POST).
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivate: boolean,
    maxSockets: number,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: Omit<SendResult, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...result, latencyMs: latency() });
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        done({ error: 'invalid callback URL' });
        return;
      }
      const secure = target.protocol === 'https:';
      const req = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: guardedLookup(this.allowPrivate) as never,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'e-Surat-Core-Webhooks/1', ...headers },
          timeout: this.timeoutMs,
        },
        (res) => {
          // The answer's body is not used; read it so the connection can be reused.
          res.resume();
          res.on('end', () => done({ statusCode: res.statusCode }));
          res.on('error', (err) => done({ statusCode: res.statusCode, error: err.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => done({ error: err.message.slice(0, 500) }));
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
