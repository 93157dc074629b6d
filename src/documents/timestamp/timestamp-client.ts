import { X509Certificate, randomBytes } from 'node:crypto';
import { SignatureTimestamper } from '../signing/cades-signed-data';
import { DerError, OID } from '../signing/der';
import { TimestampError, TimestampErrorCode } from './timestamp.errors';
import { PkiStatus, TimestampTokenInfo, decodeTimestampResponse, encodeTimestampRequest, parseTimestampToken } from './timestamp-protocol';

/** Sends one DER TimeStampReq and resolves with the DER TimeStampResp. */
export type TimestampTransport = (query: Buffer) => Promise<Buffer>;

/** Room for a token of an outside authority: its certificate chain is not known in advance. */
export const EXTERNAL_TOKEN_RESERVE = 16 * 1024;
const MAX_REPLY_BYTES = 256 * 1024;

/**
 * An RFC 3161 client: SHA-256 imprint, a fresh 64-bit nonce and certReq, then every check
 * a relying party makes before embedding the token: granted, same imprint and nonce, signed
 * by a certificate for timeStamping, signature valid.
 */
export class TimestampClient implements SignatureTimestamper {
  constructor(
    private readonly transport: TimestampTransport,
    readonly reserveBytes: number,
  ) {}

  async timestamp(sha256Digest: Buffer): Promise<Buffer> {
    return (await this.request(sha256Digest)).token;
  }

  async request(sha256Digest: Buffer): Promise<{ token: Buffer; info: TimestampTokenInfo }> {
    const nonceBytes = randomBytes(8);
    nonceBytes[0] &= 0x7f;
    const nonce = BigInt(`0x${nonceBytes.toString('hex')}`);
    const reply = await this.transport(encodeTimestampRequest({ hashAlgorithm: OID.sha256, hashedMessage: sha256Digest, nonce, certReq: true }));
    const bad = (message: string, details?: unknown) => new TimestampError(TimestampErrorCode.TSA_BAD_RESPONSE, message, details);
    let response;
    let info: TimestampTokenInfo;
    try {
      response = decodeTimestampResponse(reply);
      if (response.status !== PkiStatus.Granted && response.status !== PkiStatus.GrantedWithMods) {
        throw new TimestampError(TimestampErrorCode.TSA_REJECTED, 'The timestamp authority refused the request', {
          status: response.status,
          failure: response.failure,
          text: response.statusText,
        });
      }
      if (!response.token) throw bad('The timestamp authority granted the request but sent no token');
      info = parseTimestampToken(response.token);
    } catch (err) {
      if (err instanceof DerError) throw bad('The timestamp authority answered with unreadable DER', { reason: err.message });
      throw err;
    }
    if (info.hashAlgorithm !== OID.sha256 || !info.hashedMessage.equals(sha256Digest)) throw bad('The token stamps another message imprint');
    if (info.nonce !== nonce) throw bad('The token does not carry the nonce of the request');
    if (!info.tsaCertificatePem) throw bad('The token carries no TSA certificate although it was asked for');
    if (!info.signatureValid) throw bad('The signature of the token does not check with its TSA certificate');
    if (!tsaCertificateIsForTimestamping(info.tsaCertificatePem)) throw bad('The token is signed by a certificate not for timeStamping');
    return { token: response.token, info };
  }
}

function tsaCertificateIsForTimestamping(pem: string): boolean {
  // Node's keyUsage lists the extended key usages.
  return (new X509Certificate(pem).keyUsage ?? []).includes(OID.timeStamping);
}

/**
 * POST application/timestamp-query over HTTP(S). Nothing answering within `timeoutMs` (connect,
 * headers and body together) is TSA_UNAVAILABLE; the query is never retried here, the
 * signer retries the whole signature.
 */
export function httpTimestampTransport(url: string, timeoutMs: number): TimestampTransport {
  return async (query) => {
    const unavailable = (reason: string) =>
      new TimestampError(TimestampErrorCode.TSA_UNAVAILABLE, 'The timestamp authority is not available; nothing was signed, try again shortly', {
        reason,
        retryAfterSeconds: 5,
      });
    let res: Response;
    let body: Buffer;
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query' }, body: new Uint8Array(query), signal, redirect: 'error' });
      body = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      const name = (err as Error)?.name;
      throw unavailable(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'the connection failed');
    }
    if (res.status >= 500) throw unavailable(`HTTP ${res.status}`);
    if (res.status !== 200) throw new TimestampError(TimestampErrorCode.TSA_BAD_RESPONSE, 'The timestamp authority refused the query', { status: res.status });
    const type = res.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
    if (type !== 'application/timestamp-reply') {
      throw new TimestampError(TimestampErrorCode.TSA_BAD_RESPONSE, 'The timestamp authority answered with another media type', { contentType: type });
    }
    if (body.length > MAX_REPLY_BYTES) throw new TimestampError(TimestampErrorCode.TSA_BAD_RESPONSE, 'The timestamp reply is too large');
    return body;
  };
}
