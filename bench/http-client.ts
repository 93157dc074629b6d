import { Agent, request } from 'node:http';

/**
 * A lean keep-alive JSON client for load loops whose requests depend on earlier answers
 * (autocannon cannot carry a letter's version from one request to the next). `fetch` spends
 * about a millisecond of CPU per request on this machine, which the server would then lack.
 */
export class JsonClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** `token` '' sends no Authorization header; `headers` adds others (X-Api-Key of a module). */
  post(path: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers, 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
