import { createHash, sign as cryptoSign } from 'node:crypto';
import { CadesSigner, cadesSignedAttributes, encodeSignedData } from '../signing/cades-signed-data';
import { DerError, OID } from '../signing/der';
import {
  IMPRINT_DIGESTS,
  PkiFailure,
  PkiStatus,
  TimestampRequest,
  decodeTimestampRequest,
  encodeTimestampResponse,
  encodeTstInfo,
} from './timestamp-protocol';

/**
 * The policy our built-in authority stamps under: a UUID-based OID (ITU-T X.667, arc 2.25),
 * which needs no registration. It names "the host's clock, accuracy one second, serials from
 * a database sequence, key held sealed by the deployment".
 */
export const LOCAL_TSA_POLICY = '2.25.21108609377692488926934809147974779006'; // UUID 0fe15ecb-39ee-41de-9040-75d2968a807e

export interface TimestampAuthorityOptions {
  /** The TSA's certificate (EKU timeStamping), the chain up to the CA, and its key. */
  identity: CadesSigner;
  /** The next serial number; never repeats (a database sequence). */
  nextSerial: () => Promise<bigint>;
  /** The host's clock; replaceable in tests. */
  now?: () => Date;
}

/**
 * An RFC 3161 timestamp authority: a DER TimeStampReq in, a DER TimeStampResp out. A request
 * it cannot honour is answered with a rejection (status 2 and a failure bit), never a throw,
 * as the protocol expects.
 */
export class TimestampAuthority {
  constructor(private readonly options: TimestampAuthorityOptions) {}

  get certificatePems(): string[] {
    const { identity } = this.options;
    return [identity.certificate, ...identity.chain].map((c) => c.x509.toString());
  }

  async respond(requestDer: Uint8Array): Promise<Buffer> {
    let request: TimestampRequest;
    try {
      request = decodeTimestampRequest(requestDer);
    } catch (err) {
      if (!(err instanceof DerError)) throw err;
      return reject(PkiFailure.BadDataFormat, 'The request is not a DER TimeStampReq');
    }
    const digest = IMPRINT_DIGESTS[request.hashAlgorithm];
    if (!digest) return reject(PkiFailure.BadAlg, 'The message imprint must use SHA-256, SHA-384 or SHA-512');
    if (request.hashedMessage.length !== digest.length) return reject(PkiFailure.BadDataFormat, 'The message imprint has the wrong length');
    if (request.policy && request.policy !== LOCAL_TSA_POLICY) return reject(PkiFailure.UnacceptedPolicy, 'This authority stamps under one policy only');
    if (request.hasExtensions) return reject(PkiFailure.UnacceptedExtension, 'This authority accepts no request extensions');
    return encodeTimestampResponse({ status: PkiStatus.Granted, token: await this.token(request) });
  }

  private async token(request: TimestampRequest): Promise<Buffer> {
    const { identity } = this.options;
    const serialNumber = await this.options.nextSerial();
    const tstInfo = encodeTstInfo({
      policy: LOCAL_TSA_POLICY,
      hashAlgorithm: request.hashAlgorithm,
      hashedMessage: request.hashedMessage,
      serialNumber,
      genTime: (this.options.now ?? (() => new Date()))(),
      accuracyMs: 1000,
      nonce: request.nonce,
    });
    const signedAttributes = cadesSignedAttributes(OID.tstInfo, createHash('sha256').update(tstInfo).digest(), identity.certificate);
    return encodeSignedData({
      contentType: OID.tstInfo,
      content: tstInfo,
      signer: identity,
      signedAttributes,
      signature: cryptoSign('sha256', signedAttributes, identity.privateKey),
      // RFC 3161 §2.4.1: the certificate only when the requester asked for it.
      withCertificates: request.certReq,
    });
  }
}

function reject(failure: PkiFailure, text: string): Buffer {
  return encodeTimestampResponse({ status: PkiStatus.Rejection, statusText: text, failure });
}
