import { DocumentError, DocumentErrorCode } from '../documents.errors';

/** Connection to a BSrE "Esign Client Service" gateway (API v2) inside the agency network. */
export interface BsreConfig {
  /** e.g. "http://esign.internal:8080". */
  baseUrl: string;
  /** Basic-auth client credentials issued with the gateway. */
  username: string;
  password: string;
  timeoutMs: number;
}

/** Who signs: BSrE v2 accepts the NIK or the registered e-mail. */
export type BsreIdentity = { nik: string } | { email: string };

/** How the signer unlocks their certificate: passphrase, or a TOTP code. Never stored or logged. */
export type BsreCredential = { passphrase: string } | { totp: string };

export interface BsreSignatureProperties {
  tampilan: 'VISIBLE' | 'INVISIBLE';
  imageBase64?: string;
  /** 1-based. */
  page?: number;
  originX?: number;
  originY?: number;
  width?: number;
  height?: number;
  reason?: string;
  location?: string;
}

/** User statuses the gateway reports; ISSUE means a certificate is issued and usable. */
export type BsreUserStatus = 'ISSUE' | 'NOT_REGISTERED' | 'NO_CERTIFICATE' | (string & {});

interface GatewayAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

/**
 * HTTP client for the gateway. Every failure becomes a DocumentError with a
 * code the UI can act on. Nothing here retries: a sign request that timed out
 * may still have been signed, so only a person may decide to try again.
 */
export class BsreClient {
  constructor(
    private readonly config: BsreConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async checkUserStatus(identity: BsreIdentity): Promise<{ status: BsreUserStatus; message?: string }> {
    const answer = await this.post('/api/v2/user/check/status', { ...identity });
    const data = (answer.body.data as Record<string, unknown> | undefined) ?? answer.body;
    if (answer.httpStatus >= 300 || typeof data.status !== 'string') throw failure(answer);
    return { status: data.status, message: messageOf(answer.body) };
  }

  /** Signs one PDF; the gateway answers with the signed file. */
  async signPdf(
    identity: BsreIdentity,
    credential: BsreCredential,
    pdf: Uint8Array,
    properties: BsreSignatureProperties,
  ): Promise<Buffer> {
    const answer = await this.post('/api/v2/sign/pdf', {
      ...identity,
      ...credential,
      signatureProperties: [properties],
      file: [Buffer.from(pdf).toString('base64')],
    });
    const files = answer.body.file;
    if (answer.httpStatus >= 300 || answer.body.error !== undefined) throw failure(answer);
    if (!Array.isArray(files) || typeof files[0] !== 'string') {
      throw new DocumentError(DocumentErrorCode.BSRE_BAD_RESPONSE, 'BSrE answered without a signed file');
    }
    return Buffer.from(files[0], 'base64');
  }

  private async post(path: string, payload: Record<string, unknown>): Promise<GatewayAnswer> {
    const url = `${this.config.baseUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Basic ${Buffer.from(`${this.config.username}:${this.config.password}`).toString('base64')}`,
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (e) {
      throw transportFailure(e, this.config.timeoutMs);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw transportFailure(e, this.config.timeoutMs);
    }
    return { httpStatus: response.status, body: parseBody(text) };
  }
}

function transportFailure(e: unknown, timeoutMs: number): DocumentError {
  const name = (e as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DocumentError(
      DocumentErrorCode.BSRE_TIMEOUT,
      `BSrE did not answer within ${timeoutMs} ms. A signing request may still have gone through: check the document before trying again.`,
    );
  }
  return new DocumentError(DocumentErrorCode.BSRE_UNAVAILABLE, 'The BSrE gateway cannot be reached', {
    reason: (e as Error)?.message,
  });
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { error: text.slice(0, 200) };
  }
}

function messageOf(body: Record<string, unknown>): string | undefined {
  for (const key of ['error', 'message', 'msg', 'deskripsi_status']) {
    const v = body[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/**
 * Maps the gateway's answer to our codes. BSrE signals through status_code
 * (2011 user not registered, 2031 wrong passphrase) and Indonesian messages,
 * so both are looked at; the HTTP status decides what remains.
 */
function failure(answer: GatewayAnswer): DocumentError {
  const message = messageOf(answer.body) ?? `HTTP ${answer.httpStatus}`;
  const code = Number(answer.body.status_code);
  const details = { httpStatus: answer.httpStatus, gatewayCode: Number.isFinite(code) ? code : undefined, gatewayMessage: message };
  const has = (re: RegExp) => re.test(message);
  if (code === 2031 || (has(/pass ?phrase|totp|otp/i) && has(/salah|invalid|wrong|tidak (valid|sesuai|cocok)/i))) {
    return new DocumentError(DocumentErrorCode.WRONG_PASSPHRASE, 'BSrE refused the passphrase', details);
  }
  if (code === 2011 || has(/tidak terdaftar|belum terdaftar|not registered|NOT_REGISTERED/i)) {
    return new DocumentError(DocumentErrorCode.BSRE_NOT_REGISTERED, 'The signer is not registered with BSrE', details);
  }
  if (has(/NO_CERTIFICATE/) || (has(/sertifikat|certificate/i) && has(/tidak|belum|no |not |kedaluwarsa|kadaluarsa|expired|dicabut|revoked/i))) {
    return new DocumentError(DocumentErrorCode.BSRE_NO_CERTIFICATE, 'The signer has no usable BSrE certificate', details);
  }
  if (answer.httpStatus === 401 || answer.httpStatus === 403) {
    return new DocumentError(DocumentErrorCode.BSRE_CLIENT_AUTH_FAILED, 'BSrE refused our client credentials', details);
  }
  if (answer.httpStatus >= 500) return new DocumentError(DocumentErrorCode.BSRE_UNAVAILABLE, 'The BSrE gateway failed', details);
  return new DocumentError(DocumentErrorCode.BSRE_REJECTED, `BSrE refused the request: ${message}`, details);
}
