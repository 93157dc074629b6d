import { createHash, sign } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildCrl } from '../pki/crl';
import { buildOcspResponse, certIdIssuedBy, parseOcspRequest } from '../pki/ocsp';
import { KeyAndCertificate } from '../signing/local-ca';
import { compressedPng } from '../pdf/png-image';
import { CertificateFacts, certificateFacts, commonNameOf } from '../signing/certificate-facts';
import { estimateCadesSize } from '../signing/cades-signed-data';
import { OID, der, tlv } from '../signing/der';
import { SigningIdentity } from '../signing/pades-signature';
import { digestSignedRanges, insertSignature, prepareSignature } from '../signing/signature-placeholder';

export interface FakeBsreUser {
  nik: string;
  status: 'ISSUE' | 'NOT_REGISTERED' | 'NO_CERTIFICATE';
  passphrase: string;
  identity?: SigningIdentity;
}

interface RecordedRequest {
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the BSrE Esign Client Service v2 on 127.0.0.1: it answers the
 * status and sign endpoints with BSrE's shapes and error codes, and really
 * signs, PAdES with a signature timestamp (baseline T) like BSrE does, using a
 * separate test "BSrE" CA and timestamp authority.
 */
export class FakeBsreGateway {
  readonly requests: RecordedRequest[] = [];
  /** Delay before answering a sign request (to provoke client timeouts). */
  signDelayMs = 0;
  /** Answer the next sign request with this HTTP status and a server error. */
  failNextSignWith?: number;
  /** Answer sign requests with a document that does not extend the one sent. */
  returnForeignDocument = false;
  /**
   * BSrE's CA: with it set, POST /pki/ocsp answers for its certificates (good), as a BSrE
   * certificate's AIA names a responder, and `crlInCms` puts the CA's CRL in each signature's SignedData.crls.
   */
  revocation?: { ca: KeyAndCertificate; crlInCms: boolean };
  private server?: Server;

  constructor(
    private readonly users: FakeBsreUser[],
    private readonly client: { username: string; password: string },
    private readonly tsa: SigningIdentity,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  signRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/api/v2/sign/pdf');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/pki/ocsp' && req.method === 'POST') return this.answerOcsp(res, Buffer.concat(chunks));
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const expected = `Basic ${Buffer.from(`${this.client.username}:${this.client.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return reply(res, 401, { error: 'Unauthorized' });
    const user = this.users.find((u) => u.nik === body.nik);
    if (req.url === '/api/v2/user/check/status') {
      return reply(res, 200, user ? { status: user.status, message: 'OK' } : { status: 'NOT_REGISTERED', message: 'User tidak terdaftar' });
    }
    if (req.url === '/api/v2/sign/pdf') return this.signPdf(res, body, user);
    reply(res, 404, { error: 'not found' });
  }

  private answerOcsp(res: ServerResponse, request: Buffer): void {
    this.requests.push({ path: '/pki/ocsp', body: {} });
    if (!this.revocation) return reply(res, 404, { error: 'not found' });
    const ca = certificateFacts(this.revocation.ca.certificatePem);
    const parsed = parseOcspRequest(request);
    const now = new Date();
    const answer = buildOcspResponse({
      responder: ca,
      responderKey: this.revocation.ca.privateKey,
      answers: parsed.certIds.filter((id) => certIdIssuedBy(id, ca)).map((id) => ({ certId: id.raw, status: { status: 'good' as const } })),
      producedAt: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      nonce: parsed.nonce,
    });
    res.writeHead(200, { 'Content-Type': 'application/ocsp-response' });
    res.end(answer);
  }

  private crl(): Buffer | undefined {
    if (!this.revocation?.crlInCms) return undefined;
    const now = new Date();
    return buildCrl({
      issuer: certificateFacts(this.revocation.ca.certificatePem),
      issuerKey: this.revocation.ca.privateKey,
      entries: [],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      crlNumber: Math.floor(now.getTime() / 1000),
    });
  }

  private async signPdf(res: ServerResponse, body: Record<string, unknown>, user?: FakeBsreUser): Promise<void> {
    if (this.signDelayMs) await new Promise((r) => setTimeout(r, this.signDelayMs));
    if (this.failNextSignWith) {
      const status = this.failNextSignWith;
      this.failNextSignWith = undefined;
      return reply(res, status, { error: 'Internal Server Error' });
    }
    if (!user || user.status === 'NOT_REGISTERED') return reply(res, 400, { status_code: 2011, error: 'User tidak terdaftar' });
    if (user.status === 'NO_CERTIFICATE' || !user.identity) return reply(res, 400, { status_code: 2021, error: 'Sertifikat tidak ditemukan' });
    if (body.passphrase !== user.passphrase) return reply(res, 400, { status_code: 2031, error: 'Passphrase anda salah' });
    const [props] = body.signatureProperties as Record<string, unknown>[];
    const [file] = body.file as string[];
    const pdf = Buffer.from(file, 'base64');
    const signed = this.returnForeignDocument ? Buffer.concat([Buffer.from('%PDF-1.7\n'), pdf]) : await this.signLikeBsre(pdf, user.identity, props);
    reply(res, 200, { file: [signed.toString('base64')], time: new Date().toISOString() });
  }

  private async signLikeBsre(pdf: Buffer, identity: SigningIdentity, props: Record<string, unknown>): Promise<Buffer> {
    const visible = props.tampilan === 'VISIBLE';
    const [x, y, w, h] = [props.originX, props.originY, props.width, props.height].map(Number);
    const prepared = prepareSignature(pdf, {
      pageIndex: visible ? Number(props.page) - 1 : 0,
      rect: visible ? [x, y, x + w, y + h] : undefined,
      image: visible ? await compressedPng(Buffer.from(String(props.imageBase64), 'base64')) : undefined,
      signingTime: new Date(),
      signerName: commonNameOf(identity.certificate.x509),
      reason: props.reason as string | undefined,
      location: props.location as string | undefined,
      contentsCapacity: estimateCadesSize(identity) + this.tsa.certificate.der.length + 4096,
    });
    return insertSignature(prepared, timestampedCades(digestSignedRanges(prepared), identity, this.tsa, this.crl()));
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const TST_INFO = OID.tstInfo;

/** CAdES with an RFC 3161 signature timestamp in the unsigned attributes (what PAdES B-T adds). */
function timestampedCades(digest: Buffer, signer: SigningIdentity, tsa: SigningIdentity, crl?: Buffer): Buffer {
  const signedAttrs = signedAttributes(OID.data, digest, signer.certificate);
  const signature = sign('sha256', signedAttrs, signer.privateKey);
  const token = timestampToken(createHash('sha256').update(signature).digest(), tsa);
  const unsigned = tlv(0xa1, der.sequence(der.oid(OID.signatureTimeStampToken), der.set(token)));
  return contentInfo(OID.data, undefined, signer, signedAttrs, signature, unsigned, crl);
}

function timestampToken(imprint: Buffer, tsa: SigningIdentity): Buffer {
  const genTime = tlv(0x18, Buffer.from(`${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`));
  const tstInfo = der.sequence(
    der.integer(1),
    der.oid('1.3.6.1.4.1.99999.1'),
    der.sequence(der.algorithm(OID.sha256, false), der.octetString(imprint)),
    der.integer(Buffer.from('1234', 'hex')),
    genTime,
  );
  const signedAttrs = signedAttributes(TST_INFO, createHash('sha256').update(tstInfo).digest(), tsa.certificate);
  return contentInfo(TST_INFO, tstInfo, tsa, signedAttrs, sign('sha256', signedAttrs, tsa.privateKey));
}

function signedAttributes(contentType: string, digest: Buffer, cert: CertificateFacts): Buffer {
  const attribute = (oid: string, value: Buffer) => der.sequence(der.oid(oid), der.set(value));
  const essCert = der.sequence(der.sequence(der.sequence(der.octetString(cert.sha256))));
  return der.setOf([
    attribute(OID.contentType, der.oid(contentType)),
    attribute(OID.messageDigest, der.octetString(digest)),
    attribute(OID.signingCertificateV2, essCert),
  ]);
}

function contentInfo(
  contentType: string,
  content: Buffer | undefined,
  signer: SigningIdentity,
  signedAttrs: Buffer,
  signature: Buffer,
  unsigned?: Buffer,
  crl?: Buffer,
): Buffer {
  const signerInfo = der.sequence(
    der.integer(1),
    der.sequence(signer.certificate.issuerName, signer.certificate.serialNumber),
    der.algorithm(OID.sha256, false),
    Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]),
    der.algorithm(OID.sha256WithRsa, true),
    der.octetString(signature),
    ...(unsigned ? [unsigned] : []),
  );
  const encap = content ? der.sequence(der.oid(contentType), der.context(0, der.octetString(content))) : der.sequence(der.oid(contentType));
  const signedData = der.sequence(
    der.integer(content ? 3 : 1),
    der.set(der.algorithm(OID.sha256, false)),
    encap,
    der.context(0, signer.certificate.der, ...signer.chain.map((c) => c.der)),
    // RevocationInfoChoices: the CRL as BSrE may return it with the signature.
    ...(crl ? [der.context(1, crl)] : []),
    der.set(signerInfo),
  );
  return der.sequence(der.oid(OID.signedData), der.context(0, signedData));
}
