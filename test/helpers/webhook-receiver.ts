import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ReceivedWebhook {
  /** The request's headers, names in lower case (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). */
  headers: Record<string, string>;
  eventId: string;
  type: string;
  timestamp: number;
  signature: string;
  rawBody: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, any> };
  at: number;
}

/** What to do with a request: answer with a status, or never answer (`hang`). */
export type Reply = number | 'hang';

/**
 * A module's webhook endpoint on 127.0.0.1 that records every request. `reply` decides the
 * answer per request (default 200); `unique()` is what a receiver deduplicating by event id keeps.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  reply: (hook: ReceivedWebhook, nth: number) => Reply = () => 200;
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    return this.url;
  }

  get url(): string {
    const address = this.server!.address() as { port: number };
    return `http://127.0.0.1:${address.port}/hooks/esurat`;
  }

  unique(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const hook of this.received) if (!seen.has(hook.eventId)) seen.set(hook.eventId, hook);
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
    const hook: ReceivedWebhook = {
      headers,
      eventId: String(req.headers['x-esurat-event-id']),
      type: String(req.headers['x-esurat-event-type']),
      timestamp: Number(req.headers['x-esurat-timestamp']),
      signature: String(req.headers['x-esurat-signature']),
      rawBody,
      body: JSON.parse(rawBody),
      at: Date.now(),
    };
    this.received.push(hook);
    const reply = this.reply(hook, this.received.length);
    if (reply === 'hang') {
      this.hanging.add(res);
      return;
    }
    res.writeHead(reply, { 'content-type': 'application/json' });
    res.end('{}');
  }
}
