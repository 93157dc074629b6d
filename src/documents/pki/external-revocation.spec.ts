import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { TestOfficial, createTestPki } from '../__fixtures__/test-pki';
import { certificateFacts } from '../signing/certificate-facts';
import { OID, der, tlv } from '../signing/der';
import { KeyAndCertificate, issueSigningCertificate } from '../signing/local-ca';
import { buildCrl } from './crl';
import { coversRevocation, fetchOcsp, ocspUrlOf, revocationInCms } from './external-revocation';
import { buildOcspResponse, certIdFor, parseOcspRequest, parseOcspResponse } from './ocsp';
import { RevocationReason, revocationPointers, serialKey } from './pki-asn1';

/** A SignedData with no signer, carrying `choices` as its revocationInfoChoices ([1]). */
function signedDataWith(choices: Buffer[]): Buffer {
  const signedData = der.sequence(der.integer(1), der.set(), der.sequence(der.oid(OID.data)), tlv(0xa1, ...choices), der.set());
  return der.sequence(der.oid(OID.signedData), der.context(0, signedData));
}

describe('Revocation data of outside issuers (BSrE): carried in the CMS, or from the OCSP responder the AIA names', () => {
  let ca: KeyAndCertificate;
  let official: TestOfficial;
  const now = new Date();
  const crlOf = (revoked: { serial: Buffer; revokedAt: Date }[]) =>
    buildCrl({
      issuer: certificateFacts(ca.certificatePem),
      issuerKey: ca.privateKey,
      entries: revoked.map((r) => ({ ...r, reason: RevocationReason.keyCompromise })),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      crlNumber: 1,
    });
  const ocspOf = (cert: string, status: 'good' | 'revoked') =>
    buildOcspResponse({
      responder: certificateFacts(ca.certificatePem),
      responderKey: ca.privateKey,
      answers: [{ certId: certIdFor(certificateFacts(cert), certificateFacts(ca.certificatePem)), status: status === 'good' ? { status } : { status, revokedAt: now, reason: RevocationReason.keyCompromise } }],
      producedAt: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      nonce: undefined,
    });

  beforeAll(async () => {
    const pki = await createTestPki([{ name: 'Sri Budi Santoso', nip: '197103151997031004' }], 'Test BSrE Root');
    ca = pki.ca;
    official = pki.officials[0];
  });

  it('reads CRLs and RFC 5940 OCSP responses from SignedData.crls; they cover the certificate they speak of', () => {
    const cert = certificateFacts(official.issued.certificatePem).x509;
    const root = certificateFacts(ca.certificatePem).x509;
    const crl = crlOf([]);
    const ocsp = ocspOf(official.issued.certificatePem, 'good');
    const cms = signedDataWith([crl, tlv(0xa1, der.oid('1.3.6.1.5.5.7.16.2'), ocsp)]);
    const carried = revocationInCms(cms);
    expect(carried.crls).toEqual([crl]);
    expect(carried.ocsps).toEqual([ocsp]);
    expect(coversRevocation(carried, cert, root, now)).toBe(true);
    expect(coversRevocation({ crls: [crl], ocsps: [] }, cert, root, now)).toBe(true);
    expect(coversRevocation({ crls: [], ocsps: [] }, cert, root, now)).toBe(false);
    // Signed by someone else: it says nothing.
    expect(coversRevocation(carried, cert, cert, now)).toBe(false);
    expect(revocationInCms(Buffer.from('not der'))).toEqual({ crls: [], ocsps: [] });
  });

  it('asks the responder of the AIA over POST and keeps only an answer signed by the issuer about this certificate', async () => {
    let answer: (request: Buffer) => Buffer = () => Buffer.alloc(0);
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      expect(req.headers['content-type']).toBe('application/ocsp-request');
      res.writeHead(200, { 'content-type': 'application/ocsp-response' });
      res.end(answer(Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const pointed = await issueSigningCertificate(ca, { name: 'Sri Budi Santoso', nip: '197103151997031004', organization: 'BSrE' }, { keyBits: 2048, extraExtensions: revocationPointers(url) });
      const cert = certificateFacts(pointed.certificatePem).x509;
      const root = certificateFacts(ca.certificatePem).x509;
      expect(ocspUrlOf(cert)).toBe(`${url}/pki/ocsp`);
      expect(ocspUrlOf(certificateFacts(official.issued.certificatePem).x509)).toBeUndefined();

      answer = (request) => {
        expect(parseOcspRequest(request).certIds[0].serial).toBe(serialKey(certificateFacts(pointed.certificatePem).serialNumber.subarray(2)));
        return ocspOf(pointed.certificatePem, 'revoked');
      };
      const got = await fetchOcsp(cert, root, 2000);
      expect(parseOcspResponse(got!).responses[0].status).toMatchObject({ status: 'revoked' });
      expect(coversRevocation({ crls: [], ocsps: [got!] }, cert, root, now)).toBe(true);

      // About another certificate, or not verifiable with the issuer: dropped.
      answer = () => ocspOf(official.issued.certificatePem, 'good');
      expect(await fetchOcsp(cert, root, 2000)).toBeUndefined();
      answer = () => Buffer.from('garbage');
      await expect(fetchOcsp(cert, root, 2000)).rejects.toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
