import type { ApiErrorBody, Approval, ApprovalSummary, CreateApprovalRequest, ListApprovalsQuery, Page, WebhookDeliveryPage, WebhookEventsQuery } from './types';

type RequestBody = NonNullable<RequestInit['body']>;

export class EsuratApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
    this.name = 'EsuratApiError';
  }
}

export interface EsuratClientOptions {
  /** e.g. https://esurat.pekalongankota.go.id */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

/** A small typed client of the e-Surat approval API for SIM modules (Node 20+, uses fetch). */
export class EsuratClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: EsuratClientOptions) {
    this.base = options.baseUrl.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * Asks for an approval. Give an `idempotencyKey` (e.g. your record id) so that a retry after
   * a timeout returns the same approval instead of creating another. `created` is false then.
   */
  async createApproval(request: CreateApprovalRequest, idempotencyKey?: string): Promise<{ approval: Approval; created: boolean }> {
    const { pdf, ...fields } = request;
    const headers: Record<string, string> = {};
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let body: RequestBody;
    if (pdf) {
      const form = new FormData();
      form.set('request', JSON.stringify(fields));
      form.set('pdf', new Blob([pdf], { type: 'application/pdf' }), request.pdfFileName ?? 'document.pdf');
      body = form;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(fields);
    }
    const res = await this.call('POST', '/api/v1/approvals', body, headers);
    return { approval: (await res.json()) as Approval, created: res.status === 201 };
  }

  async getApproval(id: string): Promise<Approval> {
    return (await this.call('GET', `/api/v1/approvals/${encodeURIComponent(id)}`)).json() as Promise<Approval>;
  }

  async listApprovals(query: ListApprovalsQuery = {}): Promise<Page<ApprovalSummary>> {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return (await this.call('GET', `/api/v1/approvals${qs ? `?${qs}` : ''}`)).json() as Promise<Page<ApprovalSummary>>;
  }

  /** Only while pending; afterwards the API answers 422 TRANSITION_NOT_ALLOWED. */
  async cancelApproval(id: string, comment?: string): Promise<Approval> {
    const res = await this.call('POST', `/api/v1/approvals/${encodeURIComponent(id)}/cancel`, JSON.stringify(comment ? { comment } : {}), { 'content-type': 'application/json' });
    return (await res.json()) as Approval;
  }

  /** The approval's PDF: the signed one once signed (`signed` true), else the original. */
  async downloadSignedPdf(id: string): Promise<{ bytes: Uint8Array; signed: boolean }> {
    const res = await this.call('GET', `/api/v1/approvals/${encodeURIComponent(id)}/document`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), signed: res.headers.get('x-esurat-document') === 'signed' };
  }

  /** The module's webhook events with every delivery attempt, oldest first: why a delivery failed. */
  async listWebhookEvents(query: WebhookEventsQuery = {}): Promise<WebhookDeliveryPage> {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return (await this.call('GET', `/api/v1/webhooks/events${qs ? `?${qs}` : ''}`)).json() as Promise<WebhookDeliveryPage>;
  }

  /** Delivers one of the module's events again, with the same webhook-id. */
  async resendWebhookEvent(id: string): Promise<{ id: string; status: 'pending' }> {
    return (await this.call('POST', `/api/v1/webhooks/events/${encodeURIComponent(id)}/resend`)).json() as Promise<{ id: string; status: 'pending' }>;
  }

  /** Sends a signed `ping` event to one of the module's registered callback URLs. */
  async sendTestWebhook(callbackUrl: string): Promise<{ id: string; status: 'pending' }> {
    const res = await this.call('POST', '/api/v1/webhooks/test', JSON.stringify({ callbackUrl }), { 'content-type': 'application/json' });
    return (await res.json()) as { id: string; status: 'pending' };
  }

  private async call(method: string, path: string, body?: RequestBody, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.fetchImpl(`${this.base}${path}`, { method, body, headers: { 'x-api-key': this.options.apiKey, ...headers } });
    if (!res.ok) {
      const text = await res.text();
      let parsed: ApiErrorBody;
      try {
        parsed = JSON.parse(text) as ApiErrorBody;
      } catch {
        parsed = { code: 'HTTP_ERROR', message: text.slice(0, 500) };
      }
      throw new EsuratApiError(res.status, parsed);
    }
    return res;
  }
}
