import { join } from 'node:path';
import { PdfTools, pdfsigValidations } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, KEPALA_DINAS, PUBLIC_URL, sampleLetter } from '../__fixtures__/sample-letters';
import { TestOfficial, createTestPki } from '../__fixtures__/test-pki';
import { loadTemplates } from '../pdf/letter-template.loader';
import { renderLetter } from '../pdf/letter-renderer';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { certificateFacts } from '../signing/certificate-facts';
import { KeyAndCertificate } from '../signing/local-ca';
import { buildCrl, parseCrl } from './crl';
import { appendDss, readDss, vriKey } from './dss';
import { buildOcspRequest, buildOcspResponse, certIdFor, certIdIssuedBy, parseOcspRequest, parseOcspResponse } from './ocsp';
import { RevocationReason, serialKey } from './pki-asn1';
import { embeddedSignatures } from './signature-certificates';

describe('PKI building blocks: CRL, OCSP, DSS', () => {
  const tools = new PdfTools();
  let ca: KeyAndCertificate;
  let officials: TestOfficial[];
  let letter: Uint8Array;
  let nssDb: string;

  beforeAll(async () => {
    ({ ca, officials } = await createTestPki([{ name: 'Budi Santoso', nip: KEPALA_DINAS.nip! }]));
    const templates = await loadTemplates(join(__dirname, '..', '..', '..', 'templates'));
    letter = await renderLetter(sampleLetter(), { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    nssDb = tools.nssDbTrusting([ca.certificatePem]);
  });
  afterAll(() => tools.cleanup());

  it('a CRL lists revoked serials with date and reason, and verifies with the CA key only', () => {
    const caFacts = certificateFacts(ca.certificatePem);
    const leaf = certificateFacts(officials[0].issued.certificatePem);
    const revokedAt = new Date('2026-12-01T08:00:00Z');
    const crl = parseCrl(
      buildCrl({ issuer: caFacts, issuerKey: ca.privateKey, entries: [{ serial: leaf.serialNumber, revokedAt, reason: RevocationReason.keyCompromise }], thisUpdate: revokedAt, nextUpdate: new Date('2026-12-02T08:00:00Z'), crlNumber: 7 }),
    );
    expect(crl.verify(caFacts.x509)).toBe(true);
    expect(crl.verify(leaf.x509)).toBe(false);
    expect(crl.issuerName.equals(caFacts.subjectName)).toBe(true);
    expect(crl.revoked.get(serialKey(leaf.serialNumber.subarray(2)))).toEqual({ revokedAt, reason: RevocationReason.keyCompromise });
  });

  it('an OCSP request round-trips; the response answers its CertID with the status, nonce echoed', () => {
    const caFacts = certificateFacts(ca.certificatePem);
    const leaf = certificateFacts(officials[0].issued.certificatePem);
    const id = certIdFor(leaf, caFacts);
    const nonce = Buffer.from('0410' + '11'.repeat(16), 'hex');
    const request = parseOcspRequest(buildOcspRequest([id], Buffer.alloc(16, 0x11)));
    expect(request.nonce).toEqual(nonce);
    expect(certIdIssuedBy(request.certIds[0], caFacts)).toBe(true);
    expect(certIdIssuedBy(request.certIds[0], leaf)).toBe(false);
    const revokedAt = new Date('2026-12-01T08:00:00Z');
    const response = parseOcspResponse(
      buildOcspResponse({
        responder: caFacts,
        responderKey: ca.privateKey,
        answers: [{ certId: request.certIds[0].raw, status: { status: 'revoked', revokedAt, reason: RevocationReason.affiliationChanged } }],
        producedAt: revokedAt,
        nextUpdate: new Date('2026-12-02T08:00:00Z'),
        nonce: request.nonce,
      }),
    );
    expect(response.verify(caFacts.x509)).toBe(true);
    expect(response.nonce).toEqual(nonce);
    expect(response.responses[0].certId.serial).toBe(serialKey(leaf.serialNumber.subarray(2)));
    expect(response.responses[0].status).toEqual({ status: 'revoked', revokedAt, reason: RevocationReason.affiliationChanged });
  });

  it('appendDss adds /DSS with /VRI as an incremental update; the signature stays valid; a second DSS merges without duplicates', async () => {
    const signed = Buffer.from(await officials[0].signer.sign(letter, { reason: 'Persetujuan' }));
    const [sig] = embeddedSignatures(PdfReader.open(signed));
    expect(sig.certificates.map((c) => c.fingerprint256)).toContain(certificateFacts(ca.certificatePem).x509.fingerprint256);
    const leafDer = certificateFacts(officials[0].issued.certificatePem).der;
    const caDer = certificateFacts(ca.certificatePem).der;
    const ocsp = Buffer.from('30030a0100', 'hex');
    const withDss = appendDss(signed, { certs: [leafDer, caDer], ocsps: [ocsp], crls: [], vri: new Map([[vriKey(sig.contents), { certs: [leafDer], ocsps: [ocsp], crls: [] }]]) });
    expect(withDss.subarray(0, signed.length).equals(signed)).toBe(true);
    expect(pdfsigValidations(tools.pdfsig(withDss, nssDb))).toEqual(['Signature is Valid.']);
    expect(tools.qpdfCheck(withDss).status).toBe(0);
    const again = appendDss(withDss, { certs: [caDer], ocsps: [], crls: [Buffer.from('3000', 'hex')], vri: new Map() });
    const dss = readDss(again);
    expect(dss.certs).toEqual([leafDer, caDer]);
    expect(dss.ocsps).toEqual([ocsp]);
    expect(dss.crls).toEqual([Buffer.from('3000', 'hex')]);
    expect(dss.vri.get(vriKey(sig.contents))).toEqual({ certs: [leafDer], ocsps: [ocsp], crls: [] });
    expect(tools.qpdfCheck(again).status).toBe(0);
  });
});
