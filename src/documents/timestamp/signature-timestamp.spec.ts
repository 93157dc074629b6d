import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PdfTools, pdfsigTimestampCount, pdfsigValidations } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, PUBLIC_URL, sampleLetter } from '../__fixtures__/sample-letters';
import { loadTemplates } from '../pdf/letter-template.loader';
import { renderLetter } from '../pdf/letter-renderer';
import { PdfName, PdfString } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { CadesSigner, buildCadesSignedData, estimateCadesSize } from '../signing/cades-signed-data';
import { certificateFacts } from '../signing/certificate-facts';
import { DerNode, OID, contextChild, oidOf, readDer } from '../signing/der';
import { KeyAndCertificate, createDeploymentCa, issueSigningCertificate, issueTimestampingCertificate } from '../signing/local-ca';
import { digestSignedRanges, insertSignature, prepareSignature } from '../signing/signature-placeholder';
import { verifyPdf } from '../verification/pdf-verifier';
import { appendDocumentTimestamp } from './document-timestamp';
import { ensureSignatureTimestamp } from './signature-timestamp';
import { TimestampAuthority } from './timestamp-authority';
import { TimestampClient } from './timestamp-client';
import { parseTimestampToken } from './timestamp-protocol';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');

interface Field {
  subFilter: string;
  byteRange: number[];
  contents: Buffer;
}

function fields(pdf: Uint8Array): Field[] {
  const reader = PdfReader.open(pdf);
  const list = reader.resolve(reader.dict(reader.catalog().get('AcroForm'))?.get('Fields')) as unknown[];
  return list.map((f) => {
    const v = reader.dict(reader.dict(f as never)?.get('V'))!;
    return {
      subFilter: (v.get('SubFilter') as PdfName).value,
      byteRange: (v.get('ByteRange') as number[]).map(Number),
      contents: readDer((v.get('Contents') as PdfString).bytes).raw,
    };
  });
}

function signatureAndToken(cms: Buffer): { signature: Buffer; token?: Buffer } {
  const signedData = contextChild(readDer(cms), 0)!.children[0];
  const signerInfo: DerNode = signedData.children[signedData.children.length - 1].children[0];
  const unsigned = signerInfo.children.find((c) => c.tag === 0xa1);
  const attr = unsigned?.children.find((a) => oidOf(a.children[0]) === OID.signatureTimeStampToken);
  return { signature: Buffer.from(signerInfo.children[5].content), token: attr ? Buffer.from(attr.children[1].children[0].raw) : undefined };
}

describe('Timestamps on a signed letter: a BSrE-style B-B signature made B-T, document timestamps', () => {
  const tools = new PdfTools();
  let ca: KeyAndCertificate;
  let signer: CadesSigner;
  let client: TimestampClient;
  let letter: Uint8Array;
  let nssDb: string;
  let caFile: string;
  let serial = 0n;

  /** A baseline-B signature as another signer (BSrE without its TSA) would return it, with `room` spare bytes in /Contents. */
  function signB(pdf: Uint8Array, room: number): Buffer {
    const prepared = prepareSignature(pdf, { pageIndex: 0, signingTime: new Date(), contentsCapacity: estimateCadesSize(signer) + room });
    return insertSignature(prepared, buildCadesSignedData(digestSignedRanges(prepared), signer));
  }

  function verifyToken(token: Buffer, data: Buffer): string {
    const run = spawnSync('openssl', ['ts', '-verify', '-token_in', '-in', tools.file(token, `t${++serial}.der`), '-data', tools.file(data, `d${serial}.bin`), '-CAfile', caFile], { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`;
  }

  beforeAll(async () => {
    ca = await createDeploymentCa({ commonName: 'e-Surat Test CA', organization: 'Pemerintah Kota Pekalongan' }, { keyBits: 2048 });
    const official = await issueSigningCertificate(ca, { name: 'Budi Santoso', nip: '197103151997031004', organization: 'Pemerintah Kota Pekalongan' });
    signer = { certificate: certificateFacts(official.certificatePem), chain: [certificateFacts(ca.certificatePem)], privateKey: official.privateKey };
    const tsa = await issueTimestampingCertificate(ca, { commonName: 'TSA e-Surat Test CA', organization: 'Pemerintah Kota Pekalongan' });
    const authority = new TimestampAuthority({
      identity: { certificate: certificateFacts(tsa.certificatePem), chain: [certificateFacts(ca.certificatePem)], privateKey: tsa.privateKey },
      nextSerial: async () => BigInt(Date.now()),
    });
    client = new TimestampClient((q) => authority.respond(q), 6000);
    letter = await renderLetter(sampleLetter(), { templates: await loadTemplates(TEMPLATES_DIR), mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    nssDb = tools.nssDbTrusting([ca.certificatePem]);
    caFile = tools.file(Buffer.from(ca.certificatePem), 'ca.pem');
  });
  afterAll(() => tools.cleanup());

  it('adds the token to the unsigned attributes in place when /Contents has room, and keeps a stamped signature as it is', async () => {
    const signed = signB(letter, 8192);
    const stamped = await ensureSignatureTimestamp(signed, client);
    // Same length, same signed bytes: only the /Contents hex changed.
    expect(stamped.length).toBe(signed.length);
    const [field] = fields(stamped);
    const [a, b, c, d] = field.byteRange;
    expect(Buffer.concat([stamped.subarray(a, b), stamped.subarray(c, c + d)]).equals(Buffer.concat([signed.subarray(a, b), signed.subarray(c, c + d)]))).toBe(true);
    const { signature, token } = signatureAndToken(field.contents);
    expect(token).toBeDefined();
    expect(verifyToken(token!, signature)).toContain('Verification: OK');
    expect(pdfsigValidations(tools.pdfsig(stamped, nssDb))).toEqual(['Signature is Valid.']);
    expect(tools.qpdfCheck(stamped).status).toBe(0);
    const [ours] = verifyPdf(stamped, [ca.certificatePem]).signatures;
    expect(ours).toMatchObject({ intact: true, chainOk: true, timestamp: { imprintOk: true, signatureOk: true } });
    expect(ours.signingTime).toEqual(parseTimestampToken(token!).genTime);
    // Already B-T: nothing is asked of the authority and nothing changes.
    const refusing = new TimestampClient(async () => {
      throw new Error('must not be called');
    }, 6000);
    expect((await ensureSignatureTimestamp(stamped, refusing)).equals(stamped)).toBe(true);
  });

  it('appends a document timestamp when the signer left no room for a token', async () => {
    const signed = signB(letter, 0);
    const stamped = await ensureSignatureTimestamp(signed, client);
    expect(stamped.subarray(0, signed.length).equals(signed)).toBe(true);
    const [sig, docTs] = fields(stamped);
    expect(signatureAndToken(sig.contents).token).toBeUndefined();
    expect(docTs.subFilter).toBe('ETSI.RFC3161');
    const [a, b, c, d] = docTs.byteRange;
    const covered = Buffer.concat([stamped.subarray(a, a + b), stamped.subarray(c, c + d)]);
    expect(c + d).toBe(stamped.length);
    expect(verifyToken(docTs.contents, covered)).toContain('Verification: OK');
    expect(parseTimestampToken(docTs.contents).hashedMessage).toEqual(createHash('sha256').update(covered).digest());
    const report = tools.pdfsig(stamped, nssDb);
    // pdfsig checks the CAdES signature; the document timestamp it lists but cannot check (openssl does, below).
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(pdfsigTimestampCount(report)).toBe(1);
    expect(report).not.toMatch(/invalid|mismatch/i);
    expect(tools.qpdfCheck(stamped).status).toBe(0);
    // Our own verifier checks the document timestamp as what it is: the TSA's token over the range.
    const verified = verifyPdf(stamped, [ca.certificatePem]);
    expect(verified.allIntact).toBe(true);
    expect(verified.allTrusted).toBe(true);
    expect(verified.signatures.map((s) => [s.subFilter, s.signerName, s.errors])).toEqual([
      ['ETSI.CAdES.detached', 'Budi Santoso', []],
      ['ETSI.RFC3161', 'TSA e-Surat Test CA', []],
    ]);
    // A byte changed inside the stamped range (in a page's stream data) is caught.
    const altered = Buffer.from(stamped);
    altered[stamped.indexOf('stream') + 20] ^= 0x01;
    const broken = verifyPdf(altered, [ca.certificatePem]).signatures;
    expect(broken.map((s) => s.subFilter)).toEqual(['ETSI.CAdES.detached', 'ETSI.RFC3161']);
    expect(broken[1]).toMatchObject({ digestOk: false, intact: false });
  });

  it('document timestamps chain: a second one covers the first, each verifies over its own range', async () => {
    const once = await appendDocumentTimestamp(signB(letter, 0), client);
    const twice = await appendDocumentTimestamp(once, client);
    const stamps = fields(twice).filter((f) => f.subFilter === 'ETSI.RFC3161');
    expect(stamps).toHaveLength(2);
    for (const stamp of stamps) {
      const [a, b, c, d] = stamp.byteRange;
      expect(verifyToken(stamp.contents, Buffer.concat([twice.subarray(a, a + b), twice.subarray(c, c + d)]))).toContain('Verification: OK');
    }
    expect(twice.toString('latin1').match(/\/Type \/DocTimeStamp/g)).toHaveLength(2);
    expect(tools.qpdfCheck(twice).status).toBe(0);
  });

  it('an authority that fails leaves the document as it was', async () => {
    const signed = signB(letter, 8192);
    const copy = Buffer.from(signed);
    const failing = new TimestampClient(async () => {
      throw Object.assign(new Error('down'), { code: 'TSA_UNAVAILABLE' });
    }, 6000);
    await expect(ensureSignatureTimestamp(signed, failing)).rejects.toThrow('down');
    await expect(appendDocumentTimestamp(signed, failing)).rejects.toThrow('down');
    expect(signed.equals(copy)).toBe(true);
  });
});
