import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/** A WhatsApp send that failed; `permanent` when the gateway refused the request itself (4xx but 408/429). */
export class WhatsAppError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WhatsAppError';
  }
  get permanent(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** Sends a WhatsApp text to a number (international form without "+", e.g. 6281234567890). */
export abstract class WhatsAppGateway {
  /** False when no gateway is configured: WhatsApp notices are not offered. */
  abstract readonly enabled: boolean;
  abstract send(phone: string, text: string): Promise<void>;
}

/** The body template with `{{phone}}` and `{{message}}` replaced by JSON-escaped string content. */
export function renderGatewayBody(template: string, phone: string, text: string): string {
  const inString = (v: string) => JSON.stringify(v).slice(1, -1);
  return template.replace(/\{\{(phone|message)\}\}/g, (_, name: string) => inString(name === 'phone' ? phone : text));
}

/**
 * The generic HTTP gateway of Indonesian WhatsApp services (Fonnte, Wablas and the like): one
 * POST of a JSON body built from WHATSAPP_GATEWAY_BODY, the token in WHATSAPP_GATEWAY_AUTH_HEADER.
 * A 2xx answer is success unless its JSON says `"status": false` (how these gateways report a
 * refused number); the token never appears in an error.
 */
@Injectable()
export class HttpWhatsAppGateway extends WhatsAppGateway {
  constructor(private readonly config: AppConfig) {
    super();
  }

  get enabled(): boolean {
    return this.config.WHATSAPP_GATEWAY_URL !== '';
  }

  async send(phone: string, text: string): Promise<void> {
    const c = this.config;
    if (!this.enabled) throw new WhatsAppError('No WhatsApp gateway is configured (WHATSAPP_GATEWAY_URL)');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (c.WHATSAPP_GATEWAY_TOKEN) headers[c.WHATSAPP_GATEWAY_AUTH_HEADER] = c.WHATSAPP_GATEWAY_TOKEN;
    let res: Response;
    try {
      res = await fetch(c.WHATSAPP_GATEWAY_URL, {
        method: 'POST',
        headers,
        body: renderGatewayBody(c.WHATSAPP_GATEWAY_BODY, phone, text),
        signal: AbortSignal.timeout(c.WHATSAPP_GATEWAY_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error;
      throw new WhatsAppError(`WhatsApp gateway unreachable: ${e.name === 'TimeoutError' ? `no answer within ${c.WHATSAPP_GATEWAY_TIMEOUT_MS} ms` : e.message}`);
    }
    const body = (await res.text().catch(() => '')).slice(0, 2000);
    // The gateway's body may echo the message: errors carry the status only.
    if (!res.ok) throw new WhatsAppError(`WhatsApp gateway answered ${res.status}`, res.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (parsed && typeof parsed === 'object' && (parsed as { status?: unknown }).status === false) {
      // A refusal in a 200 (an unregistered number, a device offline): the same request would be refused again.
      throw new WhatsAppError('WhatsApp gateway refused the message (status false)', 422);
    }
  }
}
