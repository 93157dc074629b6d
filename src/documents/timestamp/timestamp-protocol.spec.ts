import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateFacts } from '../signing/certificate-facts';
import { CadesSigner } from '../signing/cades-signed-data';
import { OID, readDer } from '../signing/der';
import { KeyAndCertificate, createDeploymentCa, issueTimestampingCertificate } from '../signing/local-ca';
import { LOCAL_TSA_POLICY, TimestampAuthority } from './timestamp-authority';
import { TimestampClient, httpTimestampTransport } from './timestamp-client';
import { TimestampErrorCode } from './timestamp.errors';
import {
  PkiFailure,
  PkiStatus,
  decodeTimestampRequest,
  decodeTimestampResponse,
  encodeTimestampRequest,
  encodeTimestampResponse,
  parseTimestampToken,
} from './timestamp-protocol';

const dir = mkdtempSync(join(tmpdir(), 'esurat-tsa-test-'));
let counter = 0;
function file(bytes: Uint8Array | string, ext: string): string {
  const path = join(dir, `f${++counter}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}
function openssl(args: string[]): { status: number | null; out: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('RFC 3161 request and reply DER', () => {
  it('writes the TimeStampReq byte for byte: version, SHA-256 imprint, nonce, certReq', () => {
    const digest = Buffer.alloc(32, 0xab);
    const query = encodeTimestampRequest({ hashAlgorithm: OID.sha256, hashedMessage: digest, nonce: 0x0102030405060708n, certReq: true });
    const expected = Buffer.concat([
      Buffer.from('3041', 'hex'), // SEQUENCE, 65 bytes
      Buffer.from('020101', 'hex'), // version 1
      Buffer.from('302f300b0609608648016503040201', 'hex'), // MessageImprint { sha256 (no NULL) ,
      Buffer.from('0420', 'hex'),
      digest, // OCTET STRING digest }
      Buffer.from('02080102030405060708', 'hex'), // nonce
      Buffer.from('0101ff', 'hex'), // certReq TRUE
    ]);
    expect(query.toString('hex')).toBe(expected.toString('hex'));
    // openssl reads it the same way.
    const text = openssl(['ts', '-query', '-in', file(query, 'tsq'), '-text']).out;
    expect(text).toContain('Hash Algorithm: sha256');
    expect(text).toContain('Nonce: 0x0102030405060708');
    expect(text).toContain('Certificate required: yes');
    expect(decodeTimestampRequest(query)).toEqual({ hashAlgorithm: OID.sha256, hashedMessage: digest, nonce: 0x0102030405060708n, certReq: true, hasExtensions: false });
  });

  it("reads openssl's own query (a random nonce, no certReq)", () => {
    const data = file('hello', 'txt');
    const query = file('', 'tsq');
    expect(openssl(['ts', '-query', '-data', data, '-sha256', '-out', query]).status).toBe(0);
    const decoded = decodeTimestampRequest(readFileSync(query));
    expect(decoded.hashedMessage).toEqual(createHash('sha256').update('hello').digest());
    expect(decoded.certReq).toBe(false);
    expect(typeof decoded.nonce).toBe('bigint');
  });

  it('writes a rejection with a DER failure bit that openssl reads', () => {
    const reply = encodeTimestampResponse({ status: PkiStatus.Rejection, statusText: 'nope', failure: PkiFailure.UnacceptedPolicy });
    // failInfo bit 15: two bytes, the last bit of the second, no unused bits.
    // SEQUENCE { SEQUENCE { INTEGER 2, SEQUENCE { UTF8String "nope" }, BIT STRING } }
    expect(reply.toString('hex')).toBe('3012301002010230060c046e6f70650303000001');
    const text = openssl(['ts', '-reply', '-in', file(reply, 'tsr'), '-text']).out;
    expect(text).toContain('Status: Rejected');
    expect(text).toContain('Failure info: the requested TSA policy is not supported by the TSA');
    expect(decodeTimestampResponse(reply)).toEqual({ status: PkiStatus.Rejection, statusText: 'nope', failure: PkiFailure.UnacceptedPolicy });
  });
});

describe('The built-in timestamp authority', () => {
  let ca: KeyAndCertificate;
  let tsa: KeyAndCertificate;
  let identity: CadesSigner;
  let serial = 41n;
  let authority: TimestampAuthority;

  beforeAll(async () => {
    ca = await createDeploymentCa({ commonName: 'e-Surat Test CA', organization: 'Pemerintah Kota Pekalongan' }, { keyBits: 2048 });
    tsa = await issueTimestampingCertificate(ca, { commonName: 'TSA e-Surat Test CA', organization: 'Pemerintah Kota Pekalongan' });
    identity = { certificate: certificateFacts(tsa.certificatePem), chain: [certificateFacts(ca.certificatePem)], privateKey: tsa.privateKey };
    authority = new TimestampAuthority({ identity, nextSerial: async () => ++serial });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a TSA certificate with the critical extended key usage timeStamping only', () => {
    const text = openssl(['x509', '-in', file(tsa.certificatePem, 'pem'), '-noout', '-text']).out;
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping\s/);
    expect(openssl(['verify', '-CAfile', file(ca.certificatePem, 'pem'), '-purpose', 'timestampsign', file(tsa.certificatePem, 'pem')]).status).toBe(0);
  });

  it("answers openssl's query with a token openssl verifies against the CA, serials counting up", async () => {
    const data = file('surat dinas', 'txt');
    const queryFile = file('', 'tsq');
    expect(openssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', queryFile]).status).toBe(0);
    const replies = [await authority.respond(readFileSync(queryFile)), await authority.respond(readFileSync(queryFile))];
    const caFile = file(ca.certificatePem, 'pem');
    for (const reply of replies) {
      const verified = openssl(['ts', '-verify', '-in', file(reply, 'tsr'), '-queryfile', queryFile, '-CAfile', caFile]);
      expect(verified.out).toContain('Verification: OK');
      expect(verified.status).toBe(0);
    }
    const infos = replies.map((r) => parseTimestampToken(decodeTimestampResponse(r).token!));
    expect(infos.map((i) => i.serialNumber)).toEqual([42n, 43n]);
    expect(infos[0]).toMatchObject({ policy: LOCAL_TSA_POLICY, hashAlgorithm: OID.sha256, signatureValid: true });
    expect(infos[0].hashedMessage).toEqual(createHash('sha256').update('surat dinas').digest());
    expect(Math.abs(infos[0].genTime.getTime() - Date.now())).toBeLessThan(5000);
    expect(certificateFacts(infos[0].tsaCertificatePem!).sha256).toEqual(identity.certificate.sha256);
    const text = openssl(['ts', '-reply', '-in', file(replies[0], 'tsr'), '-text']).out;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${LOCAL_TSA_POLICY}`);
    expect(text).toContain('Accuracy: 0x01 seconds');
  });

  it('leaves the certificates out when the query does not ask for them', async () => {
    const query = encodeTimestampRequest({ hashAlgorithm: OID.sha256, hashedMessage: Buffer.alloc(32, 1), certReq: false });
    const info = parseTimestampToken(decodeTimestampResponse(await authority.respond(query)).token!);
    expect(info.tsaCertificatePem).toBeUndefined();
    expect(info.signatureValid).toBe(false);
  });

  it.each([
    ['not DER at all', Buffer.from('hello'), PkiFailure.BadDataFormat],
    ['SHA-1', encodeTimestampRequest({ hashAlgorithm: OID.sha1, hashedMessage: Buffer.alloc(20), certReq: true }), PkiFailure.BadAlg],
    ['a short imprint', encodeTimestampRequest({ hashAlgorithm: OID.sha256, hashedMessage: Buffer.alloc(31), certReq: true }), PkiFailure.BadDataFormat],
    ['another policy', encodeTimestampRequest({ hashAlgorithm: OID.sha256, hashedMessage: Buffer.alloc(32), policy: '1.2.3.4', certReq: true }), PkiFailure.UnacceptedPolicy],
  ])('rejects %s with the matching failure bit', async (_what, query, failure) => {
    const before = serial;
    const reply = decodeTimestampResponse(await authority.respond(query));
    expect(reply).toMatchObject({ status: PkiStatus.Rejection, failure });
    expect(reply.token).toBeUndefined();
    expect(serial).toBe(before);
  });

  it('the client checks imprint, nonce and signature before it takes a token', async () => {
    const digest = createHash('sha256').update('x').digest();
    const client = new TimestampClient((q) => authority.respond(q), 4096);
    const { token, info } = await client.request(digest);
    expect(info.hashedMessage).toEqual(digest);
    expect(readDer(token).raw).toEqual(token);

    // A replayed answer (another request's nonce) is refused.
    const replay = new TimestampClient(async () => encodeTimestampResponse({ status: PkiStatus.Granted, token }), 4096);
    await expect(replay.timestamp(digest)).rejects.toMatchObject({ code: TimestampErrorCode.TSA_BAD_RESPONSE });
    // A token over another imprint is refused.
    const other = new TimestampClient((q) => authority.respond(encodeTimestampRequest({ ...decodeTimestampRequest(q), hashedMessage: Buffer.alloc(32) })), 4096);
    await expect(other.timestamp(digest)).rejects.toMatchObject({ code: TimestampErrorCode.TSA_BAD_RESPONSE });
    // A token whose TSTInfo was altered no longer checks.
    const tampered = new TimestampClient(async (q) => {
      const reply = await authority.respond(q);
      const at = reply.indexOf(digest);
      reply[at + 31] ^= 1;
      return reply;
    }, 4096);
    await expect(tampered.timestamp(digest)).rejects.toMatchObject({ code: TimestampErrorCode.TSA_BAD_RESPONSE });
    // A rejection is TSA_REJECTED.
    const refusing = new TimestampClient(async () => encodeTimestampResponse({ status: PkiStatus.Rejection, failure: PkiFailure.SystemFailure }), 4096);
    await expect(refusing.timestamp(digest)).rejects.toMatchObject({ code: TimestampErrorCode.TSA_REJECTED, status: 424 });
  });

  it('over HTTP: a TSA that never answers is TSA_UNAVAILABLE (503) after the timeout', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
    try {
      const started = Date.now();
      const client = new TimestampClient(httpTimestampTransport(url, 300), 4096);
      await expect(client.timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: TimestampErrorCode.TSA_UNAVAILABLE, status: 503 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
