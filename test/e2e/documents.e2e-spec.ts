import { KeyObject, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { PdfTools, pdfsigValidations } from '../../src/documents/__fixtures__/pdf-tools';
import { FakeBsreGateway, FakeBsreUser } from '../../src/documents/__fixtures__/fake-bsre-gateway';
import { createTestPki } from '../../src/documents/__fixtures__/test-pki';
import { PdfDict, PdfName, PdfStream } from '../../src/documents/pdf/syntax/pdf-objects';
import { PdfReader } from '../../src/documents/pdf/syntax/pdf-reader';
import { issueSigningCertificate, unsealPrivateKey } from '../../src/documents/signing';
import { parseCrl } from '../../src/documents/pki/crl';
import { readDss, vriKey } from '../../src/documents/pki/dss';
import { parseOcspResponse } from '../../src/documents/pki/ocsp';
import { revocationPointers, serialKey } from '../../src/documents/pki/pki-asn1';
import { embeddedSignatures } from '../../src/documents/pki/signature-certificates';
import { buildCadesSignedData } from '../../src/documents/signing/cades-signed-data';
import { certificateFacts } from '../../src/documents/signing/certificate-facts';
import { IncrementalUpdateWriter } from '../../src/documents/signing/incremental-update.writer';
import { digestSignedRanges, insertSignature, prepareSignature } from '../../src/documents/signing/signature-placeholder';
import { downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Drafts a letter, submits it and has every reviewer paraf it: it waits for its first signer. */
async function readyToSign(t: TestApp, options: Parameters<typeof draftLetter>[1] = {}): Promise<string> {
  const p = await positionIds(t);
  const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }], ...options });
  expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
  // Entering review renders the draft (KONSEP) in the workers.
  await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
  expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
  return letter.id;
}


function verifyUpload(t: TestApp, bytes: Buffer, name = 'surat.pdf') {
  return t.http().post('/api/v1/verify').attach('file', bytes, { filename: name, contentType: 'application/pdf' });
}

const storedObjects = async (t: TestApp) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM stored_object'))[0].n;

describe('Documents and electronic signatures over HTTP', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const tools = new PdfTools();
  let nssDb: string;
  let signedLetterId: string;
  let signedPdf: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    const [ca] = await t.sql<{ certificate_pem: string }>('SELECT certificate_pem FROM deployment_ca');
    nssDb = tools.nssDbTrusting([ca.certificate_pem]);
  });
  afterAll(async () => {
    await t.close();
    tools.cleanup();
  });

  it('signs a surat dinas: PAdES valid for pdfsig, qpdf clean, number and footer in the text, every version stored with its SHA-256', async () => {
    signedLetterId = await readyToSign(t);
    const draft = await downloadDocument(t, signedLetterId);
    // A draft: watermarked (pdftotext splits the rotated "KONSEP"), no number, no signature footer.
    expect(tools.pdftotext(draft).replace(/\s+/g, '')).toContain('KONSE');
    expect(tools.pdftotext(draft)).not.toContain('000.8.3.3/');
    expect(tools.pdftotext(draft)).not.toContain('ditandatangani secara elektronik');
    expect(pdfsigValidations(tools.pdfsig(draft, nssDb))).toEqual([]);
    const unsigned = await t.http().get(`/api/v1/letters/${signedLetterId}`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(unsigned.body).not.toHaveProperty('verification');
    const signed = await fire(t, signedLetterId, 'kadis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('signed');
    const [{ number }] = await t.sql('SELECT number FROM letter WHERE id = $1', [signedLetterId]);
    expect(number).toMatch(/^000\.8\.3\.3\/\d+\/Diskominfo\/\d{4}$/);

    signedPdf = await downloadDocument(t, signedLetterId);
    const report = tools.pdfsig(signedPdf, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(report).toContain('ETSI.CAdES.detached');
    expect(tools.qpdfCheck(signedPdf).status === 0 || tools.qpdfCheck(signedPdf).status === 3).toBe(true);
    const text = tools.pdftotext(signedPdf);
    expect(text).toContain(number);
    expect(text).toContain('Dokumen ini telah ditandatangani secara elektronik');
    expect(text).toContain('Sri Budi Santoso');
    // Pangkat/golongan between the name and the NIP (Permendagri 1/2023).
    expect(text).toMatch(/Sri Budi Santoso, S\.Sos\., M\.M\.\s+Pembina Utama Muda \(IV\/c\)\s+NIP\. 19710315 199703 1 004/);
    expect(text).not.toContain('KONSEP');

    const versions = await t.http().get(`/api/v1/letters/${signedLetterId}/documents`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(versions.body.map((v: { kind: string }) => v.kind)).toEqual(['draft', 'final', 'signed']);
    expect(versions.body[2]).toMatchObject({ current: true, signer: { capacity: 'holder', positionId: p['KADIS-KOMINFO'] } });
    expect(createHash('sha256').update(signedPdf).digest('hex')).toBe(versions.body[2].sha256);
    expect(signedPdf.length).toBe(versions.body[2].size);
    const rows = await t.sql(
      `SELECT d.sha256, d.size, o.sha256 AS object_sha256, o.size AS object_size FROM letter_document d JOIN stored_object o ON o.id = d.object_id WHERE d.letter_id = $1`,
      [signedLetterId],
    );
    for (const r of rows) expect([r.object_sha256, Number(r.object_size)]).toEqual([r.sha256, Number(r.size)]);
    const [letter] = await t.sql('SELECT current_document_id, verification_code, signed_at, number FROM letter WHERE id = $1', [signedLetterId]);
    expect(letter.current_document_id).toBe(versions.body[2].id);
    expect(letter.verification_code).toMatch(/^[A-Z2-7]{26}$/);
    expect(letter.signed_at).not.toBeNull();
    // The QR code opens the public verification page of this letter.
    const [png] = tools.toPngs(signedPdf, 150);
    expect(tools.readQrCodes(png)).toEqual([`${t.config.PUBLIC_URL}/verify/${letter.verification_code}`]);
    // The letter itself carries that code and address for those who may see it.
    const verification = { code: letter.verification_code, url: `${t.config.PUBLIC_URL}/verify/${letter.verification_code}` };
    expect(signed.body.verification).toEqual(verification);
    const shown = await t.http().get(`/api/v1/letters/${signedLetterId}`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(shown.body.verification).toEqual(verification);
    // The download is named after the letter's number and subject.
    const download = await t.http().head(`/api/v1/letters/${signedLetterId}/document`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    const fileName = `${number.replace(/\//g, '-')} Permohonan Dukungan Integrasi Sistem Informasi Kesehatan.pdf`;
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    // Nothing queued after the signature renders or numbers the letter again.
    await eventually(async () => (await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE letter_id = $1 AND dispatched_at IS NULL`, [signedLetterId]))[0].n === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.sql('SELECT count(*)::int AS n FROM letter_document WHERE letter_id = $1', [signedLetterId]))[0].n).toBe(3);
    expect((await t.sql('SELECT number FROM letter WHERE id = $1', [signedLetterId]))[0].number).toBe(letter.number);
  });

  it('a draft resubmitted unchanged keeps its KONSEP render; a revised draft is rendered again with the new text', async () => {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }], subject: 'Undangan Rapat Koordinasi Awal' });
    const drafts = async () => t.sql<{ sequence: number; render_sha256: string }>(`SELECT sequence, render_sha256 FROM letter_document WHERE letter_id = $1 AND kind = 'draft' ORDER BY sequence`, [letter.id]);
    // Every renderDocument action of the letter has run (its completion mark is written).
    const rendersDone = async () =>
      (
        await t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_event e WHERE e.letter_id = $1 AND e.type = 'workflow.action' AND e.payload->>'name' = 'renderDocument'
              AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`,
          [letter.id],
        )
      )[0].n === 0;
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await drafts()).length === 1 && (await rendersDone()));
    const [first] = await drafts();
    expect(first.render_sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await fire(t, letter.id, 'kabid.aptika', 'return', { comment: 'Mohon dicek ulang lampirannya.' })).status).toBe(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'resubmit')).status).toBe(200);
    await eventually(async () => (await rendersDone()) && (await t.sql(`SELECT 1 FROM outbox_event WHERE letter_id = $1 AND dispatched_at IS NULL`, [letter.id])).length === 0);
    expect(await drafts()).toEqual([first]);
    // The transition saw that the draft is still right: it queued no render at all.
    const renderEvents = async () =>
      (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE letter_id = $1 AND type = 'workflow.action' AND payload->>'name' = 'renderDocument'`, [letter.id]))[0].n;
    expect(await renderEvents()).toBe(1);

    expect((await fire(t, letter.id, 'kabid.aptika', 'return', { comment: 'Perihal kurang tepat.' })).status).toBe(200);
    const staf = `Bearer ${await t.token('staf.kominfo')}`;
    const current = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', staf).expect(200);
    await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', staf).send({ version: current.body.version, subject: 'Undangan Rapat Koordinasi Lanjutan' }).expect(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'resubmit')).status).toBe(200);
    const revised = await eventually(async () => {
      const rows = await drafts();
      return rows.length === 2 && rows;
    });
    expect(revised[1].render_sha256).not.toBe(first.render_sha256);
    expect(await renderEvents()).toBe(2);
    const text = tools.pdftotext(await downloadDocument(t, letter.id));
    expect(text).toContain('Lanjutan');
    expect(text).not.toContain('Koordinasi Awal');
  });

  it('co-signed letter: the number is rendered once, then each signer adds an incremental signature, all valid', async () => {
    const letterId = await readyToSign(t, { signers: [{ positionIds: [p['KADIS-KOMINFO']] }, { positionIds: [p.SEKDA] }] });
    expect((await fire(t, letterId, 'kadis.kominfo', 'sign')).status).toBe(200);
    const [half] = await t.sql('SELECT state, number, signed_at FROM letter WHERE id = $1', [letterId]);
    expect(half).toMatchObject({ state: 'awaiting_signature', signed_at: null });
    expect(half.number).toBeTruthy();
    const once = await downloadDocument(t, letterId);
    expect(pdfsigValidations(tools.pdfsig(once, nssDb))).toEqual(['Signature is Valid.']);
    const text = tools.pdftotext(once);
    expect(text).toContain('Sri Budi Santoso');
    expect(text).toContain('Nur Priyantomo'); // the Sekretaris Daerah's block is on the page before they sign

    expect((await fire(t, letterId, 'sekda', 'sign')).status).toBe(200);
    const twice = await downloadDocument(t, letterId);
    // Incremental: the first signed revision is a prefix of the second.
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
    expect(pdfsigValidations(tools.pdfsig(twice, nssDb))).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect([0, 3]).toContain(tools.qpdfCheck(twice).status);
    const [done] = await t.sql('SELECT state, number, signed_at FROM letter WHERE id = $1', [letterId]);
    expect(done.state).toBe('signed');
    expect(done.number).toBe(half.number);
    expect(done.signed_at).not.toBeNull();
    const kinds = await t.sql('SELECT kind FROM letter_document WHERE letter_id = $1 ORDER BY sequence', [letterId]);
    expect(kinds.map((k) => k.kind)).toEqual(['draft', 'final', 'signed', 'signed']);

    const verified = await verifyUpload(t, twice).expect(200);
    expect(verified.body).toMatchObject({ byteIdentical: true, latestRevision: true, allIntact: true, allTrusted: true });
    // Each signature is followed by its archive timestamp (B-LTA): the signatures proper, in order.
    const signatures = verified.body.signatures.filter((s: { kind: string }) => s.kind === 'signature');
    expect(signatures.map((s: { signerName: string }) => s.signerName)).toEqual(['Sri Budi Santoso, S.Sos., M.M.', 'Dr. Ir. Nur Priyantomo, M.Si.']);
    // The first signed revision is ours too, but not the latest.
    const older = await verifyUpload(t, once).expect(200);
    expect(older.body).toMatchObject({ byteIdentical: true, latestRevision: false, allIntact: true });
  });

  it('a Plh signs for the Kepala Dinas and the letter shows "Plh."', async () => {
    const letterId = await readyToSign(t);
    const sekdisId = (await t.sql(`SELECT id FROM person WHERE username = 'sekdis.kominfo'`))[0].id;
    await t
      .http()
      .post('/api/v1/delegations')
      .set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`)
      .send({ kind: 'plh', personId: sekdisId, positionId: p['KADIS-KOMINFO'], startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    try {
      const signed = await fire(t, letterId, 'sekdis.kominfo', 'sign');
      expect(signed.status).toBe(200);
      const pdf = await downloadDocument(t, letterId);
      const text = tools.pdftotext(pdf);
      expect(text).toContain('Plh.');
      expect(text).toContain('Dewi Kartikasari');
      expect(pdfsigValidations(tools.pdfsig(pdf, nssDb))).toEqual(['Signature is Valid.']);
      const [doc] = await t.sql(`SELECT signer_capacity, signer_person_id FROM letter_document WHERE letter_id = $1 AND kind = 'signed'`, [letterId]);
      expect(doc).toEqual({ signer_capacity: 'plh', signer_person_id: sekdisId });
    } finally {
      await t.sql('UPDATE delegation SET revoked_at = now() WHERE revoked_at IS NULL');
    }
  });

  it('asks for the passphrase, refuses a wrong one with 403 and counts it, and locks the signer out after 5', async () => {
    const letterId = await readyToSign(t, { signers: [{ positionIds: [p['KADIS-DINKES']] }] });
    const objectsBefore = await storedObjects(t);
    const missing = await fire(t, letterId, 'kadis.dinkes', 'sign', { passphrase: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('SIGNING_PASSPHRASE_REQUIRED');

    for (let i = 0; i < 5; i++) {
      const wrong = await fire(t, letterId, 'kadis.dinkes', 'sign', { passphrase: `Salah#${i}xyz` });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('WRONG_PASSPHRASE');
      // The signer is told how many tries remain before the lockout.
      expect(wrong.body.details.attemptsLeft).toBe(4 - i);
      expect(JSON.stringify(wrong.body)).not.toContain(`Salah#${i}xyz`);
    }
    const personId = (await t.sql(`SELECT id FROM person WHERE username = 'kadis.dinkes'`))[0].id;
    expect((await t.sql('SELECT count(*)::int AS n FROM signing_failure WHERE person_id = $1', [personId]))[0].n).toBe(5);
    const locked = await fire(t, letterId, 'kadis.dinkes', 'sign', { passphrase: DEMO_SIGNING_PASSPHRASE });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('SIGNER_LOCKED');
    expect(locked.body.details.retryAfterSeconds).toBeGreaterThan(0);
    // Nothing of the refused attempts remains: no number, no document.
    const [row] = await t.sql('SELECT l.state, l.number, d.kind FROM letter l JOIN letter_document d ON d.id = l.current_document_id WHERE l.id = $1', [letterId]);
    expect(row).toEqual({ state: 'awaiting_signature', number: null, kind: 'draft' });
    expect(await storedObjects(t)).toBe(objectsBefore);

    // Once the window has passed, the right passphrase signs.
    await t.sql(`UPDATE signing_failure SET at = at - interval '16 minutes' WHERE person_id = $1`, [personId]);
    expect((await fire(t, letterId, 'kadis.dinkes', 'sign')).status).toBe(200);
  });

  it('GET /api/v1/verify/:code and the public page /verify/:code show the letter; unknown codes are 404', async () => {
    const [{ verification_code: code, number }] = await t.sql('SELECT verification_code, number FROM letter WHERE id = $1', [signedLetterId]);
    const res = await t.http().get(`/api/v1/verify/${code}`).expect(200);
    expect(res.body).toMatchObject({
      code,
      number,
      type: 'surat-keluar',
      sifat: 'biasa',
      sifatLabel: 'Biasa',
      subject: 'Permohonan Dukungan Integrasi Sistem Informasi Kesehatan',
      status: 'signed',
      signed: true,
      signers: [{ name: 'Sri Budi Santoso, S.Sos., M.M.', position: 'Kepala Dinas Komunikasi dan Informatika', capacity: 'holder' }],
    });
    expect(res.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body).not.toHaveProperty('body');

    const page = await t.http().get(`/verify/${code}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Verifikasi Naskah Dinas');
    expect(page.text).toContain(number);
    expect(page.text).toContain('telah ditandatangani secara elektronik');
    // The sifat in the words the PDF prints.
    expect(page.text).toContain('<th>Sifat</th><td>Biasa</td>');

    expect((await t.http().get('/api/v1/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404)).body.code).toBe('VERIFICATION_CODE_NOT_FOUND');
    expect((await t.http().get('/verify/<script>').expect(404)).text).toContain('Naskah tidak ditemukan');
  });

  it('a Rahasia letter: the public verification shows no perihal', async () => {
    const subject = 'Hasil Audit Keamanan Sistem Informasi (rahasia)';
    const letterId = await readyToSign(t, { sifat: 'rahasia', subject });
    expect((await fire(t, letterId, 'kadis.kominfo', 'sign')).status).toBe(200);
    const [{ verification_code: code }] = await t.sql('SELECT verification_code FROM letter WHERE id = $1', [letterId]);
    const res = await t.http().get(`/api/v1/verify/${code}`).expect(200);
    expect(res.body.sifat).toBe('rahasia');
    expect(res.body).not.toHaveProperty('subject');
    expect(JSON.stringify(res.body)).not.toContain('Audit');
    const page = await t.http().get(`/verify/${code}`).expect(200);
    expect(page.text).not.toContain('Audit');
    expect(page.text).toContain('Dirahasiakan');
    expect(page.text).toContain('<th>Sifat</th><td>Rahasia</td>');
  });

  it('POST /api/v1/verify: the original is byte-identical and intact', async () => {
    const res = await verifyUpload(t, signedPdf).expect(200);
    expect(res.body).toMatchObject({ byteIdentical: true, latestRevision: true, allIntact: true, allTrusted: true, modifiedAfterLastSignature: false });
    expect(res.body.letter).toMatchObject({ number: expect.any(String), status: 'signed', signers: [expect.objectContaining({ name: 'Sri Budi Santoso, S.Sos., M.M.' })] });
    expect(res.body.signatures).toEqual([
      expect.objectContaining({ kind: 'signature', signerName: 'Sri Budi Santoso, S.Sos., M.M.', intact: true, trusted: true, signingTime: expect.any(String), level: 'B-LTA' }),
      expect.objectContaining({ kind: 'document-timestamp', intact: true, trusted: true }),
    ]);
  });

  describe('tampered copies are detected over HTTP', () => {
    it('one byte flipped in the signed range', async () => {
      const tampered = Buffer.from(signedPdf);
      const at = tampered.indexOf('stream\n', 2000);
      tampered[at + 200] ^= 0x01;
      const res = await verifyUpload(t, tampered).expect(200);
      expect(res.body).toMatchObject({ byteIdentical: false, allIntact: false });
      expect(res.body.letter).toBeUndefined();
      expect(pdfsigValidations(tools.pdfsig(tampered, nssDb))).toEqual(['Digest Mismatch.']);
    });

    it('an incremental update appended after signing that replaces the page content', async () => {
      const reader = PdfReader.open(signedPdf);
      const writer = new IncrementalUpdateWriter(signedPdf, reader);
      const pageRef = reader.pageRefs()[0];
      const forged = writer.allocate();
      writer.put(forged, new PdfStream(new PdfDict().set('Filter', new PdfName('FlateDecode')), deflateSync(Buffer.from('BT /F1 40 Tf 100 400 Td (PALSU) Tj ET', 'latin1'))));
      writer.put(pageRef, reader.dict(pageRef)!.clone().set('Contents', forged));
      const tampered = writer.write().bytes;
      const res = await verifyUpload(t, tampered).expect(200);
      expect(res.body).toMatchObject({ byteIdentical: false, allIntact: false, modifiedAfterLastSignature: true });
      expect(res.body.signatures[0].changesAfter).toEqual([expect.stringMatching(/changed after signing/)]);
      expect(tools.pdfsig(tampered, nssDb)).toContain('Not total document signed');
    });

    it('a signature by an unknown CA', async () => {
      const { officials: [stranger] } = await createTestPki([{ name: 'Orang Asing', nip: '199001012015011001' }], 'Unknown CA');
      const forged = Buffer.from(await stranger.signer.sign(signedPdf, {}));
      const res = await verifyUpload(t, forged).expect(200);
      expect(res.body).toMatchObject({ byteIdentical: false, allTrusted: false });
      expect(res.body.signatures.at(-1)).toMatchObject({ signerName: 'Orang Asing', trusted: false });
      expect(tools.pdfsig(forged, nssDb)).toContain("Certificate issuer isn't Trusted.");
    });

    it('a signature whose ByteRange leaves a gap', async () => {
      const personId = (await t.sql(`SELECT id FROM person WHERE username = 'kadis.kominfo'`))[0].id;
      const [cred] = await t.sql(`SELECT certificate_pem, chain_pems, sealed_private_key FROM signer_credential WHERE person_id = $1 AND revoked_at IS NULL`, [personId]);
      const privateKey = await unsealPrivateKey(cred.sealed_private_key, DEMO_SIGNING_PASSPHRASE);
      const prepared = prepareSignature(signedPdf, { pageIndex: 0, signingTime: new Date(), contentsCapacity: 8192 });
      const [, b, c, d] = prepared.byteRange;
      const gapped: [number, number, number, number] = [0, b - 20, c, d];
      prepared.byteRange = gapped;
      const slot = prepared.bytes.lastIndexOf('/ByteRange [', b);
      const oldText = prepared.bytes.toString('latin1', slot, prepared.bytes.indexOf(']', slot) + 1);
      prepared.bytes.write(`/ByteRange [${gapped.join(' ')}]`.padEnd(oldText.length, ' '), slot, 'latin1');
      const identity = { certificate: certificateFacts(cred.certificate_pem), chain: cred.chain_pems.map((pem: string) => certificateFacts(pem)), privateKey };
      const forged = insertSignature(prepared, buildCadesSignedData(digestSignedRanges(prepared), identity));
      const res = await verifyUpload(t, forged).expect(200);
      expect(res.body).toMatchObject({ byteIdentical: false, allIntact: false });
      expect(res.body.signatures.at(-1).errors).toContain('the ByteRange leaves out more than the signature value: part of the file is not signed');
      expect(tools.pdfsig(forged, nssDb)).toContain('Not total document signed');
    });
  });

  describe('bad uploads get a 4xx with a code, and nothing is stored', () => {
    let before: number;
    beforeEach(async () => {
      before = await storedObjects(t);
    });
    afterEach(async () => {
      expect(await storedObjects(t)).toBe(before);
    });

    it('not a PDF', async () => {
      const res = await verifyUpload(t, Buffer.from('Ini bukan PDF, hanya teks biasa.\n'), 'surat.txt').expect(415);
      expect(res.body.code).toBe('NOT_A_PDF');
    });

    it('an encrypted PDF', async () => {
      const plain = tools.file(signedPdf, 'plain.pdf');
      const encrypted = `${tools.dir}/encrypted.pdf`;
      execFileSync('qpdf', ['--encrypt', 'baca', 'pemilik', '256', '--', plain, encrypted]);
      const res = await verifyUpload(t, readFileSync(encrypted)).expect(422);
      expect(res.body.code).toBe('PDF_ENCRYPTED');
    });

    it('a truncated PDF', async () => {
      const res = await verifyUpload(t, signedPdf.subarray(0, Math.floor(signedPdf.length / 2))).expect(422);
      expect(res.body.code).toBe('PDF_TRUNCATED');
    });

    it('0 bytes, and no file at all', async () => {
      const empty = await verifyUpload(t, Buffer.alloc(0));
      expect(empty.status).toBe(400);
      expect(['PDF_EMPTY', 'FILE_REQUIRED']).toContain(empty.body.code);
      const none = await t.http().post('/api/v1/verify').field('note', 'tanpa berkas').expect(400);
      expect(none.body.code).toBe('FILE_REQUIRED');
    });
  });

  it('GET and POST /api/v1/me/signing-certificate: shows the certificate (never the key) and replaces it', async () => {
    const token = `Bearer ${await t.token('kabid.aptika')}`;
    const before = await t.http().get('/api/v1/me/signing-certificate').set('Authorization', token).expect(200);
    expect(before.body).toMatchObject({ provider: 'local', subject: expect.stringContaining('CN=Agus Setiawan') });
    expect(before.body.subject).toContain('serialNumber=198002142005011003');
    expect(JSON.stringify(before.body)).not.toMatch(/PRIVATE|sealed|esurat-key/i);
    const weak = await t.http().post('/api/v1/me/signing-certificate').set('Authorization', token).send({ passphrase: 'pendek' }).expect(400);
    expect(weak.body.code).toBe('VALIDATION_FAILED');
    const issued = await t.http().post('/api/v1/me/signing-certificate').set('Authorization', token).send({ passphrase: 'Passphrase-Baru#2026' }).expect(201);
    expect(issued.body.serialNumber).not.toBe(before.body.serialNumber);
    const personId = (await t.sql(`SELECT id FROM person WHERE username = 'kabid.aptika'`))[0].id;
    expect(await t.sql('SELECT revoked_at IS NULL AS active FROM signer_credential WHERE person_id = $1 ORDER BY created_at', [personId])).toEqual([{ active: false }, { active: true }]);
    const staff = await t.http().post('/api/v1/me/signing-certificate').set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).send({ passphrase: 'Passphrase-Staf#2026' }).expect(403);
    expect(staff.body.code).toBe('SIGNING_NOT_ALLOWED');
    await t.http().get('/api/v1/me/signing-certificate').set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(422);
  });
});

describe('Uploads over UPLOAD_LIMIT_BYTES', () => {
  it('get 413 and store nothing', async () => {
    const t = await createTestApp({ UPLOAD_LIMIT_BYTES: '4096' });
    try {
      const before = await storedObjects(t);
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(8192, 0x20), Buffer.from('\n%%EOF\n')]);
      const res = await verifyUpload(t, big).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await storedObjects(t)).toBe(before);
    } finally {
      await t.close();
    }
  });
});

describe('Signing through the BSrE gateway (SIGNING_PROVIDER=bsre)', () => {
  const client = { username: 'esurat', password: 'rahasia-klien-bsre' };
  const tools = new PdfTools();
  let gateway: FakeBsreGateway;
  let t: TestApp;
  let p: Record<string, string>;
  let bsreRootPem: string;
  let signerIssued: { certificatePem: string; privateKey: KeyObject };

  beforeAll(async () => {
    const bsre = await createTestPki(
      [
        { name: 'Sri Budi Santoso', nip: '197103151997031004' },
        { name: 'Otoritas Stempel Waktu', nip: '000000000000000000' },
      ],
      'Test BSrE Root',
    );
    bsreRootPem = bsre.ca.certificatePem;
    const identity = (issued: { certificatePem: string; privateKey: KeyObject }) => ({
      certificate: certificateFacts(issued.certificatePem),
      chain: [certificateFacts(bsre.ca.certificatePem)],
      privateKey: issued.privateKey,
    });
    // kadis.kominfo is registered; kadis.dinkes is not.
    const registered: FakeBsreUser = { nik: '3375010101710003', status: 'ISSUE', passphrase: 'Passphrase-BSrE#2026' };
    gateway = new FakeBsreGateway([registered], client, identity(bsre.officials[1].issued));
    const url = await gateway.start();
    // BSrE's certificate names BSrE's OCSP responder (the fake's /pki/ocsp) in its AIA.
    signerIssued = await issueSigningCertificate(
      bsre.ca,
      { name: 'Sri Budi Santoso', nip: '197103151997031004', organization: 'Balai Sertifikasi Elektronik' },
      { keyBits: 2048, extraExtensions: revocationPointers(url) },
    );
    registered.identity = identity(signerIssued);
    gateway.revocation = { ca: bsre.ca, crlInCms: false };
    const rootFile = tools.file(Buffer.from(bsreRootPem), 'bsre-root.pem');
    t = await createTestApp({
      SIGNING_PROVIDER: 'bsre',
      BSRE_URL: url,
      BSRE_USERNAME: client.username,
      BSRE_PASSWORD: client.password,
      BSRE_TIMEOUT_MS: '1000',
      BSRE_ROOT_CERT_PATH: rootFile,
    });
    p = await positionIds(t);
  });
  afterAll(async () => {
    await t?.close();
    await gateway.stop();
    tools.cleanup();
  });

  it('signs with BSrE: PAdES with a timestamp, valid for pdfsig, trusted through BSRE_ROOT_CERT_PATH', async () => {
    const letterId = await readyToSign(t);
    const signed = await fire(t, letterId, 'kadis.kominfo', 'sign', { passphrase: 'Passphrase-BSrE#2026' });
    expect(signed.status).toBe(200);
    expect(gateway.signRequests()).toHaveLength(1);
    expect(gateway.signRequests()[0].body).toMatchObject({ nik: '3375010101710003' });
    const pdf = await downloadDocument(t, letterId);
    expect(pdfsigValidations(tools.pdfsig(pdf, tools.nssDbTrusting([bsreRootPem]), { offline: true }))).toEqual(['Signature is Valid.']);
    expect(tools.pdftotext(pdf)).toContain('Balai Sertifikasi Elektronik');
    const res = await verifyUpload(t, pdf).expect(200);
    expect(res.body).toMatchObject({ byteIdentical: true, allIntact: true, allTrusted: true });
    const [doc] = await t.sql(`SELECT provider FROM letter_document WHERE letter_id = $1 AND kind = 'signed'`, [letterId]);
    expect(doc.provider).toBe('bsre');

    // B-LT for BSrE's signature: the answer of the OCSP responder its certificate's AIA names, in the DSS.
    const bsreRoot = certificateFacts(bsreRootPem).x509;
    const signerSerial = serialKey(certificateFacts(signerIssued.certificatePem).serialNumber.subarray(2));
    const vriOf = (bytes: Buffer) => {
      const reader = PdfReader.open(bytes);
      const dss = readDss(reader);
      expect(dss.certs.map((c) => certificateFacts(c).x509.fingerprint256)).toContain(certificateFacts(signerIssued.certificatePem).x509.fingerprint256);
      return dss.vri.get(vriKey(embeddedSignatures(reader)[0].contents))!;
    };
    const ocspAsked = () => gateway.requests.filter((r) => r.path === '/pki/ocsp').length;
    expect(ocspAsked()).toBe(1);
    const answers = vriOf(pdf).ocsps.map((o) => parseOcspResponse(o)).filter((o) => o.verify(bsreRoot));
    expect(answers.flatMap((o) => o.responses).find((r) => r.certId.serial === signerSerial)?.status).toEqual({ status: 'good' });
    expect(res.body.signatures[0]).toMatchObject({ kind: 'signature', level: 'B-LTA', holds: true, revocation: { status: 'good', source: 'ocsp' } });

    // When BSrE returns the revocation data with its signature (a CRL in SignedData.crls), that is what the DSS keeps.
    gateway.revocation!.crlInCms = true;
    const second = await readyToSign(t);
    expect((await fire(t, second, 'kadis.kominfo', 'sign', { passphrase: 'Passphrase-BSrE#2026' })).status).toBe(200);
    const withCrl = await downloadDocument(t, second);
    expect(ocspAsked()).toBe(1);
    expect(vriOf(withCrl).crls.map((c) => parseCrl(c)).filter((c) => c.verify(bsreRoot))).toHaveLength(1);
    const checked = await verifyUpload(t, withCrl).expect(200);
    expect(checked.body.signatures[0]).toMatchObject({ kind: 'signature', level: 'B-LTA', holds: true, revocation: { status: 'good', source: 'crl' } });
    expect(pdfsigValidations(tools.pdfsig(withCrl, tools.nssDbTrusting([bsreRootPem]), { offline: true }))).toEqual(['Signature is Valid.']);
    expect(tools.qpdfCheck(pdf).status).toBe(0);
  });

  it('maps NOT_REGISTERED, a wrong passphrase and a timeout to codes, and never retries a sign request', async () => {
    const unregistered = await readyToSign(t, { signers: [{ positionIds: [p['KADIS-DINKES']] }] });
    const notRegistered = await fire(t, unregistered, 'kadis.dinkes', 'sign', { totp: '123456' });
    expect(notRegistered.status).toBe(422);
    expect(notRegistered.body.code).toBe('BSRE_NOT_REGISTERED');

    const letterId = await readyToSign(t);
    const before = gateway.signRequests().length;
    const wrong = await fire(t, letterId, 'kadis.kominfo', 'sign', { passphrase: 'Bukan-Passphrase#1' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('WRONG_PASSPHRASE');
    expect(gateway.signRequests()).toHaveLength(before + 1);
    const personId = (await t.sql(`SELECT id FROM person WHERE username = 'kadis.kominfo'`))[0].id;
    expect((await t.sql('SELECT count(*)::int AS n FROM signing_failure WHERE person_id = $1', [personId]))[0].n).toBe(1);

    gateway.signDelayMs = 1500;
    try {
      const slow = await fire(t, letterId, 'kadis.kominfo', 'sign', { passphrase: 'Passphrase-BSrE#2026' });
      expect(slow.status).toBe(424);
      expect(slow.body.code).toBe('BSRE_TIMEOUT');
      await new Promise((r) => setTimeout(r, 1000));
      expect(gateway.signRequests()).toHaveLength(before + 2);
    } finally {
      gateway.signDelayMs = 0;
    }
    const [row] = await t.sql('SELECT l.state, l.number, d.kind FROM letter l JOIN letter_document d ON d.id = l.current_document_id WHERE l.id = $1', [letterId]);
    expect(row).toEqual({ state: 'awaiting_signature', number: null, kind: 'draft' });
    expect(JSON.stringify(gateway.requests.filter((r) => r.path !== '/api/v2/sign/pdf').map((r) => r.body))).not.toContain('Passphrase');
  });
});
