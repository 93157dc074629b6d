import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PdfTools, pdfsigTimestampCount, pdfsigValidations, signatureAndToken, signatureFields, signedBytes } from '../../src/documents/__fixtures__/pdf-tools';
import { PdfReader } from '../../src/documents/pdf/syntax/pdf-reader';
import { certificateFacts } from '../../src/documents/signing/certificate-facts';
import { parseCrl } from '../../src/documents/pki/crl';
import { readDer } from '../../src/documents/signing/der';
import { parseCms } from '../../src/documents/verification/cms-signature';
import { readDss, vriKey } from '../../src/documents/pki/dss';
import { parseOcspResponse } from '../../src/documents/pki/ocsp';
import { serialKey } from '../../src/documents/pki/pki-asn1';
import { embeddedSignatures } from '../../src/documents/pki/signature-certificates';
import { downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { createTestPki } from '../../src/documents/__fixtures__/test-pki';
import { issueSigningCertificate, sealPrivateKey, unsealPrivateKey } from '../../src/documents/signing';
import { revocationPointers } from '../../src/documents/pki/pki-asn1';
import { LtvRenewalService, renewalDue } from '../../src/documents/pki/ltv-renewal.service';
import { DocumentsBootstrap } from '../../src/documents/documents.bootstrap';
import { hasRevocationPointers, reissueWithoutRevocationPointers } from '../../src/documents/signer-credentials';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';

async function readyToSign(t: TestApp): Promise<string> {
  const p = await positionIds(t);
  const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
  expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
  await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
  expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
  return letter.id;
}

/** openssl, run asynchronously: the server answering it lives in this process. */
function openssl(args: string[], input?: Buffer): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('openssl', args, { timeout: 20_000 });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
    child.stdin.end(input);
  });
}

describe('PKI: CRL, OCSP, revocation by date and the DSS of signed letters', () => {
  let t: TestApp;
  const tools = new PdfTools();
  let caPem: string;
  let caFile: string;
  let nssDb: string;
  let signedPdf: Buffer;
  let signedLetterId: string;
  let signerPem: string;
  let tsaFile: string;

  beforeAll(async () => {
    t = await createTestApp();
    caPem = (await t.http().get('/pki/ca.pem').expect(200)).text;
    caFile = join(tools.dir, 'ca.pem');
    writeFileSync(caFile, caPem);
    tsaFile = tools.file(Buffer.from((await t.http().get('/pki/tsa.pem').expect(200)).text), 'tsa.pem');
    nssDb = tools.nssDbTrusting([caPem]);
  });
  afterAll(async () => {
    await t.close();
    tools.cleanup();
  });

  it('a signed letter carries a DSS: the chain, an OCSP answer and the CRL, per signature in /VRI; pdfsig valid, qpdf clean', async () => {
    const id = await readyToSign(t);
    expect((await fire(t, id, 'kadis.kominfo', 'sign')).status).toBe(200);
    signedLetterId = id;
    signedPdf = await downloadDocument(t, id);
    signerPem = parseCms(readDer(embeddedSignatures(PdfReader.open(signedPdf))[0].contents).raw).signerCertificate!.toString();
    const report = tools.pdfsig(signedPdf, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(pdfsigTimestampCount(report)).toBe(1);
    const qpdf = tools.qpdfCheck(signedPdf);
    expect(qpdf.status).toBe(0);
    expect(qpdf.output).toContain('No syntax or stream encoding errors found');

    const reader = PdfReader.open(signedPdf);
    const [sig] = embeddedSignatures(reader);
    const signer = sig.certificates.find((c) => c.toString() === signerPem)!;
    const dss = readDss(reader);
    const ca = certificateFacts(caPem);
    const tsa = sig.certificates.find((c) => c.fingerprint256 !== signer.fingerprint256 && c.fingerprint256 !== ca.x509.fingerprint256)!;
    expect(tsa.subject).toContain('TSA');
    // Signer, timestamp authority and the CA: the whole chain of both.
    expect(dss.certs.map((c) => certificateFacts(c).x509.fingerprint256).sort()).toEqual([signer.fingerprint256, tsa.fingerprint256, ca.x509.fingerprint256].sort());
    expect(dss.ocsps).toHaveLength(2);
    const ocspOf = (cert: { raw: Buffer }) => dss.ocsps.map((o) => parseOcspResponse(o)).find((o) => o.responses[0].certId.serial === serialKey(certificateFacts(cert.raw).serialNumber.subarray(2)))!;
    expect(ocspOf(tsa).responses[0].status).toEqual({ status: 'good' });
    const ocsp = ocspOf(signer);
    expect(ocsp.verify(ca.x509)).toBe(true);
    expect(ocsp.responses[0].certId.serial).toBe(serialKey(certificateFacts(signer.raw).serialNumber.subarray(2)));
    expect(ocsp.responses[0].status).toEqual({ status: 'good' });
    expect(dss.crls).toHaveLength(1);
    expect(parseCrl(dss.crls[0]).verify(ca.x509)).toBe(true);
    const vri = dss.vri.get(vriKey(sig.contents))!;
    expect(vri.certs).toHaveLength(3);
    expect(vri.ocsps.length).toBe(2);
    expect(vri.crls).toEqual(dss.crls);
    // The signing certificate points to where its revocation is published.
    expect(signer.toLegacyObject().infoAccess?.['OCSP - URI']).toEqual([`${t.config.PUBLIC_URL}/pki/ocsp`]);
    expect((await openssl(['x509', '-noout', '-ext', 'crlDistributionPoints'], Buffer.from(signerPem))).out).toContain(`${t.config.PUBLIC_URL}/pki/crl`);
  });

  it('openssl checks the CRL and asks the OCSP responder over POST; GET answers the same request', async () => {
    const crl = await t.http().get('/pki/crl').buffer(true).parse(binary as never).expect(200);
    expect(crl.headers['content-type']).toContain('application/pkix-crl');
    const crlFile = tools.file(crl.body as Buffer, 'ca.crl');
    const checked = await openssl(['crl', '-inform', 'DER', '-in', crlFile, '-CAfile', caFile, '-noout', '-text']);
    expect(checked.out).toContain('verify OK');
    expect(checked.out).toContain('X509v3 CRL Number');

    const signerFile = join(tools.dir, 'signer.pem');
    writeFileSync(signerFile, signerPem);
    const asked = await openssl(['ocsp', '-issuer', caFile, '-cert', signerFile, '-url', `${t.baseUrl}/pki/ocsp`, '-timeout', '10', '-CAfile', caFile, '-resp_text']);
    expect(asked.out).toContain('Response verify OK');
    expect(asked.out).toContain(`${signerFile}: good`);

    const reqFile = join(tools.dir, 'req.der');
    await openssl(['ocsp', '-issuer', caFile, '-cert', signerFile, '-no_nonce', '-reqout', reqFile]);
    const der = readFileSync(reqFile);
    const viaGet = await t.http().get(`/pki/ocsp/${encodeURIComponent(der.toString('base64'))}`).buffer(true).parse(binary as never).expect(200);
    expect(viaGet.headers['content-type']).toContain('application/ocsp-response');
    expect(parseOcspResponse(viaGet.body as Buffer).responses[0].status).toEqual({ status: 'good' });

    const malformed = await t.http().post('/pki/ocsp').set('content-type', 'application/ocsp-request').send(Buffer.from('not der')).buffer(true).parse(binary as never).expect(200);
    expect(parseOcspResponse(malformed.body as Buffer).status).toBe(1);
    await t.http().post('/pki/ocsp').set('content-type', 'application/json').send('{}').expect(415);
  });

  it('an admin revokes from a date (audited): CRL and OCSP say revoked, signing is refused with 409 and nothing is written', async () => {
    const [kadis] = await t.sql(`SELECT id FROM person WHERE username = 'kadis.kominfo'`);
    const admin = `Bearer ${await t.token('admin')}`;
    const list = await t.http().get(`/api/v1/admin/signing-certificates?personId=${kadis.id}`).set('Authorization', admin).expect(200);
    const credential = list.body.find((c: { revokedAt: string | null }) => c.revokedAt === null);
    await t.http().get(`/api/v1/admin/signing-certificates?personId=${kadis.id}`).set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`).expect(403);
    const tooEarly = await t.http().post(`/api/v1/admin/signing-certificates/${credential.id}/revocation`).set('Authorization', admin).send({ revokedAt: '2001-01-01T00:00:00Z' }).expect(422);
    expect(tooEarly.body.code).toBe('REVOCATION_DATE_INVALID');
    const at = new Date(Date.now() - 1000).toISOString();
    const revoked = await t.http().post(`/api/v1/admin/signing-certificates/${credential.id}/revocation`).set('Authorization', admin).send({ revokedAt: at, reason: 'affiliationChanged' }).expect(200);
    expect(revoked.body).toMatchObject({ revocationReason: 'affiliationChanged' });
    expect(new Date(revoked.body.revokedAt).toISOString()).toBe(at);
    const again = await t.http().post(`/api/v1/admin/signing-certificates/${credential.id}/revocation`).set('Authorization', admin).send({}).expect(409);
    expect(again.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
    const audit = await eventually(async () => (await t.sql(`SELECT object_id, details FROM audit_entry WHERE action = 'signing_certificate.revoke'`))[0]);
    expect(audit).toMatchObject({ object_id: credential.id, details: { reason: 'affiliationChanged', personId: kadis.id } });

    const crl = parseCrl((await t.http().get('/pki/crl').buffer(true).parse(binary as never).expect(200)).body as Buffer);
    const serial = serialKey(certificateFacts(signerPem).serialNumber.subarray(2));
    expect(crl.revoked.get(serial)).toMatchObject({ revokedAt: new Date(at.replace(/\.\d+Z$/, 'Z')), reason: 3 });
    const signerFile = join(tools.dir, 'signer.pem');
    const asked = await openssl(['ocsp', '-issuer', caFile, '-cert', signerFile, '-url', `${t.baseUrl}/pki/ocsp`, '-timeout', '10', '-CAfile', caFile]);
    expect(asked.out).toContain(`${signerFile}: revoked`);
    expect(asked.out).toContain('Reason: affiliationChanged');

    const id = await readyToSign(t);
    const before = await t.sql(`SELECT count(*)::int AS n FROM letter_document WHERE letter_id = $1`, [id]);
    const refused = await fire(t, id, 'kadis.kominfo', 'sign');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SIGNING_CERTIFICATE_REVOKED');
    expect(await t.sql(`SELECT count(*)::int AS n FROM letter_document WHERE letter_id = $1`, [id])).toEqual(before);
    expect((await t.sql(`SELECT number FROM letter WHERE id = $1`, [id]))[0].number).toBeNull();
  });

  it('POST /api/v1/verify: our letter is B-LTA with its proven time, unrevoked then; the document timestamp is reported too', async () => {
    const res = await t.http().post('/api/v1/verify').attach('file', signedPdf, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
    const [signature, archive] = res.body.signatures;
    expect(signature).toMatchObject({ kind: 'signature', level: 'B-LTA', certificateValidAtTime: true, holds: true, intact: true, trusted: true });
    expect(signature.revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(Math.abs(new Date(signature.provenTime).getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(signature.claimedTime).toBeUndefined();
    expect(archive).toMatchObject({ kind: 'document-timestamp', intact: true, trusted: true });

    // GET /verify/:code (what the QR code opens): the same checks of the stored document, in the same shape.
    const [{ verification_code: code }] = await t.sql('SELECT verification_code FROM letter WHERE id = $1', [signedLetterId]);
    const byCode = await t.http().get(`/api/v1/verify/${code}`).expect(200);
    expect(byCode.body.signatures).toHaveLength(2);
    expect(byCode.body.signatures[0]).toMatchObject({ kind: 'signature', level: 'B-LTA', certificateValidAtTime: true, holds: true, revocation: { status: 'good' } });
    expect(byCode.body.signatures[0].provenTime).toBe(signature.provenTime);
    expect(Object.keys(byCode.body.signatures[0]).sort()).toEqual(Object.keys(signature).sort());
    expect(byCode.body.signatures[1]).toMatchObject({ kind: 'document-timestamp', level: 'B-LTA', provenTime: archive.provenTime });
    // Asked again: the same answer (kept, as the stored bytes never change).
    expect((await t.http().get(`/api/v1/verify/${code}`).expect(200)).body.signatures).toEqual(byCode.body.signatures);
    // The page the QR code opens says it in words.
    expect((await t.http().get(`/verify/${code}`).expect(200)).text).toMatch(/PAdES B-LTA, waktu terbukti .+ WIB, sah pada waktu itu/);
    // The public view inside POST /verify's answer leaves them out: its own `signatures` say it.
    expect(res.body.letter.signatures).toBeUndefined();
  });

  it('a certificate that expired and was revoked after signing: the letter still verifies, offline, with its proven time', async () => {
    const [kabid] = await t.sql(`SELECT id, name, nip FROM person WHERE username = 'kabid.aptika'`);
    const [row] = await t.sql('SELECT certificate_pem, sealed_private_key FROM deployment_ca');
    const ca = { certificatePem: row.certificate_pem, privateKey: await unsealPrivateKey(row.sealed_private_key, t.config.CA_PASSPHRASE) };
    const shortLived = await issueSigningCertificate(ca, { name: kabid.name, nip: String(kabid.nip).trim(), organization: 'Pemerintah Kota Pekalongan' }, {
      validityMs: 45_000,
      extraExtensions: revocationPointers(t.config.PUBLIC_URL),
    });
    const x509 = certificateFacts(shortLived.certificatePem).x509;
    await t.sql(`UPDATE signer_credential SET revoked_at = now(), revocation_reason = 'superseded' WHERE person_id = $1 AND revoked_at IS NULL`, [kabid.id]);
    const [credential] = await t.sql(
      `INSERT INTO signer_credential (person_id, provider, certificate_pem, chain_pems, sealed_private_key, subject, serial_number, not_before, not_after)
       VALUES ($1, 'local', $2, $3, $4, 'short-lived', $5, $6, $7) RETURNING id`,
      [kabid.id, shortLived.certificatePem, [ca.certificatePem], await sealPrivateKey(shortLived.privateKey, DEMO_SIGNING_PASSPHRASE), x509.serialNumber, new Date(x509.validFrom), new Date(x509.validTo)],
    );
    const p = await positionIds(t);
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KABID-APTIKA']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    const signed = await fire(t, letter.id, 'kabid.aptika', 'sign');
    expect(signed.status).toBe(200);
    const pdf = await downloadDocument(t, letter.id);
    const admin = `Bearer ${await t.token('admin')}`;
    // Timestamps and OCSP carry whole seconds, and a revocation in the proven second counts as
    // before it (the safe reading): the official leaves office a moment after signing, not within it.
    await new Promise((r) => setTimeout(r, 1100));
    await t.http().post(`/api/v1/admin/signing-certificates/${credential.id}/revocation`).set('Authorization', admin).send({ reason: 'keyCompromise' }).expect(200);
    // Past its notAfter now, and revoked: the OCSP responder says so ...
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(x509.validTo).getTime() - Date.now() + 1000)));
    const crl = parseCrl((await t.http().get('/pki/crl').buffer(true).parse(binary as never).expect(200)).body as Buffer);
    expect(crl.revoked.get(serialKey(certificateFacts(shortLived.certificatePem).serialNumber.subarray(2)))).toBeDefined();
    // ... yet the file proves it was signed before both, and the verifier reads only the file.
    const res = await t.http().post('/api/v1/verify').attach('file', pdf, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
    const [signature] = res.body.signatures;
    expect(new Date(signature.provenTime) < new Date(x509.validTo)).toBe(true);
    expect(signature).toMatchObject({ level: 'B-LTA', certificateValidAtTime: true, holds: true, intact: true, trusted: true, revocation: { status: 'good' } });
    expect(pdfsigValidations(tools.pdfsig(pdf, nssDb))).toEqual(['Signature is Valid.']);
    expect(tools.qpdfCheck(pdf).status).toBe(0);
    // openssl, independently of our verifier: the signature timestamp over the signature value,
    // and the document timestamp over its byte range, both chained to /pki/ca.pem.
    const [sigField, docField] = signatureFields(pdf);
    const { signature: value, token } = signatureAndToken(sigField.contents);
    const sigTs = await openssl(['ts', '-verify', '-token_in', '-in', tools.file(token!, 'expired-sig-token.der'), '-data', tools.file(value, 'expired-sig.bin'), '-CAfile', caFile, '-untrusted', tsaFile]);
    expect(sigTs.out).toContain('Verification: OK');
    expect(docField.subFilter).toBe('ETSI.RFC3161');
    const docTs = await openssl(['ts', '-verify', '-token_in', '-in', tools.file(docField.contents, 'expired-doc-token.der'), '-data', tools.file(signedBytes(pdf, docField.byteRange), 'expired-doc.bin'), '-CAfile', caFile, '-untrusted', tsaFile]);
    expect(docTs.out).toContain('Verification: OK');
    // The DSS holds what the chain needs: the signer's certificate and an OCSP answer about it, signed by the CA.
    const dss = readDss(pdf);
    expect(dss.certs.some((c) => certificateFacts(c).x509.fingerprint256 === x509.fingerprint256)).toBe(true);
    const serial = serialKey(certificateFacts(shortLived.certificatePem).serialNumber.subarray(2));
    expect(dss.ocsps.map((o) => parseOcspResponse(o)).some((o) => o.verify(certificateFacts(caPem).x509) && o.responses.some((r) => r.certId.serial === serial))).toBe(true);

    // The renewal job: a fresh DSS (now saying "revoked since", after the proven time) and a new
    // document timestamp, as a new version; the old bytes stay; audited.
    const renewal = t.app.get(LtvRenewalService);
    expect(await renewal.renewIfDue(letter.id, new Date())).toBe(false);
    expect(renewalDue(pdf, new Date('2100-01-01')).due).toBe(true);
    expect(await renewal.renewIfDue(letter.id, new Date('2100-01-01'))).toBe(true);
    const renewed = await downloadDocument(t, letter.id);
    expect(renewed.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const kinds = await t.sql(`SELECT kind FROM letter_document WHERE letter_id = $1 ORDER BY sequence`, [letter.id]);
    expect(kinds.map((k) => k.kind).slice(-2)).toEqual(['signed', 'ltv-renewal']);
    expect(pdfsigTimestampCount(tools.pdfsig(renewed, nssDb))).toBe(2);
    expect(tools.qpdfCheck(renewed).status).toBe(0);
    const after = await t.http().post('/api/v1/verify').attach('file', renewed, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
    expect(after.body.byteIdentical).toBe(true);
    expect({ ...after.body.signatures[0].revocation, provenTime: after.body.signatures[0].provenTime }).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(after.body.signatures[0]).toMatchObject({ level: 'B-LTA', holds: true });
    expect(after.body.signatures.filter((x: { kind: string }) => x.kind === 'document-timestamp')).toHaveLength(2);
    const audit = await eventually(async () => (await t.sql(`SELECT letter_id, details FROM audit_entry WHERE action = 'letter.ltv_renewal'`))[0]);
    expect(audit).toMatchObject({ letter_id: letter.id, details: { reason: 'tsa-certificate-ends' } });
  });

  it('a certificate issued before revocation pointers: re-issued at start for the same key, and the next signature carries the pointers', async () => {
    const [sekdis] = await t.sql(`SELECT id, name, nip FROM person WHERE username = 'sekdis.kominfo'`);
    const [row] = await t.sql('SELECT certificate_pem, sealed_private_key FROM deployment_ca');
    const ca = { certificatePem: row.certificate_pem, privateKey: await unsealPrivateKey(row.sealed_private_key, t.config.CA_PASSPHRASE) };
    // As certificates were issued before the CRL distribution point and AIA existed.
    const legacy = await issueSigningCertificate(ca, { name: sekdis.name, nip: String(sekdis.nip).trim(), organization: 'Pemerintah Kota Pekalongan' });
    expect(hasRevocationPointers(legacy.certificatePem)).toBe(false);
    const legacyX509 = certificateFacts(legacy.certificatePem).x509;
    const sealed = await sealPrivateKey(legacy.privateKey, DEMO_SIGNING_PASSPHRASE);
    await t.sql(`UPDATE signer_credential SET revoked_at = now(), revocation_reason = 'superseded' WHERE person_id = $1 AND revoked_at IS NULL`, [sekdis.id]);
    const [old] = await t.sql(
      `INSERT INTO signer_credential (person_id, provider, certificate_pem, chain_pems, sealed_private_key, subject, serial_number, not_before, not_after)
       VALUES ($1, 'local', $2, $3, $4, 'legacy', $5, $6, $7) RETURNING id`,
      [sekdis.id, legacy.certificatePem, [ca.certificatePem], sealed, legacyX509.serialNumber, new Date(legacyX509.validFrom), new Date(legacyX509.validTo)],
    );

    await t.app.get(DocumentsBootstrap).onApplicationBootstrap();
    const rows = await t.sql(`SELECT id, certificate_pem, sealed_private_key, revoked_at, revocation_reason, not_after FROM signer_credential WHERE person_id = $1 ORDER BY created_at DESC LIMIT 2`, [sekdis.id]);
    const [fresh, previous] = rows;
    expect(previous).toMatchObject({ id: old.id, revocation_reason: 'superseded' });
    expect(previous.revoked_at).not.toBeNull();
    expect(fresh.revoked_at).toBeNull();
    expect(fresh.sealed_private_key).toBe(sealed);
    expect(hasRevocationPointers(fresh.certificate_pem)).toBe(true);
    const freshX509 = certificateFacts(fresh.certificate_pem).x509;
    expect(freshX509.publicKey.export({ type: 'spki', format: 'der' }).equals(legacyX509.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(freshX509.subject).toBe(legacyX509.subject);
    expect(freshX509.validTo).toBe(legacyX509.validTo);
    expect(freshX509.serialNumber).not.toBe(legacyX509.serialNumber);
    // Nothing left to re-issue: a second start changes nothing.
    expect(await reissueWithoutRevocationPointers(t.app.get<DataSource>(getDataSourceToken()), t.config, ca)).toBe(0);

    // The official signs with the same passphrase; the chain in the file says where to check it.
    const p = await positionIds(t);
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }], signers: [{ positionIds: [p['SEKDIS-KOMINFO']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
    expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
    const signed = await fire(t, letter.id, 'sekdis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    const pdf = await downloadDocument(t, letter.id);
    const inFile = parseCms(readDer(embeddedSignatures(PdfReader.open(pdf))[0].contents).raw).signerCertificate!;
    expect(inFile.fingerprint256).toBe(freshX509.fingerprint256);
    expect(inFile.toLegacyObject().infoAccess?.['OCSP - URI']).toEqual([`${t.config.PUBLIC_URL}/pki/ocsp`]);
    const res = await t.http().post('/api/v1/verify').attach('file', pdf, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
    expect(res.body.signatures[0]).toMatchObject({ level: 'B-LTA', holds: true, revocation: { status: 'good', source: 'ocsp' } });
  });

  it('a B-B signature from an outside signer: reported as B-B, its time a claim', async () => {
    const outside = await createTestPki([{ name: 'Penandatangan Luar', nip: '198001012005011001' }], 'CA Luar');
    const pdf = Buffer.from(await outside.officials[0].signer.sign(signedPdf, { reason: 'Mengetahui' }));
    const res = await t.http().post('/api/v1/verify').attach('file', pdf, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
    const last = res.body.signatures[res.body.signatures.length - 1];
    expect(last).toMatchObject({ kind: 'signature', level: 'B-B', holds: false, trusted: false, revocation: { status: 'unknown' } });
    expect(last.provenTime).toBeUndefined();
    expect(last.claimedTime).toBeDefined();
  });
});

/** supertest parser keeping the body as bytes. */
function binary(res: { on(event: string, listener: (chunk?: Buffer) => void): void }, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(Buffer.from(c!)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
