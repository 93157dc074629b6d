import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { PdfTools, pdfsigCertificateValidations, pdfsigValidations } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, KEPALA_DINAS, PUBLIC_URL, SEKRETARIS_DAERAH, sampleLetter } from '../__fixtures__/sample-letters';
import { TestOfficial, createTestPki } from '../__fixtures__/test-pki';
import { loadTemplates } from '../pdf/letter-template.loader';
import { renderLetter } from '../pdf/letter-renderer';
import { PdfDict, PdfName, PdfRef, PdfStream } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { buildCadesSignedData } from '../signing/cades-signed-data';
import { certificateFacts } from '../signing/certificate-facts';
import { IncrementalUpdateWriter } from '../signing/incremental-update.writer';
import { KeyAndCertificate } from '../signing/local-ca';
import { digestSignedRanges, insertSignature, prepareSignature } from '../signing/signature-placeholder';
import { parsePdfDate, verifyPdf } from './pdf-verifier';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');

/** Appends an update built by `edit` (which gets the reader of the file as it is). */
function appendUpdate(pdf: Uint8Array, edit: (reader: PdfReader, writer: IncrementalUpdateWriter) => void): Buffer {
  const reader = PdfReader.open(pdf);
  const writer = new IncrementalUpdateWriter(pdf, reader);
  edit(reader, writer);
  return writer.write().bytes;
}

function contentStream(text: string): PdfStream {
  return new PdfStream(new PdfDict().set('Filter', new PdfName('FlateDecode')), deflateSync(Buffer.from(text, 'latin1')));
}

describe('verifyPdf', () => {
  const tools = new PdfTools();
  let ca: KeyAndCertificate;
  let officials: TestOfficial[];
  let stranger: TestOfficial;
  let letter: Uint8Array;
  let signedTwice: Buffer;
  let nssDb: string;

  beforeAll(async () => {
    ({ ca, officials } = await createTestPki([
      { name: 'Budi Santoso', nip: KEPALA_DINAS.nip! },
      { name: 'Siti Aminah', nip: SEKRETARIS_DAERAH.nip! },
    ]));
    ({ officials: [stranger] } = await createTestPki([{ name: 'Orang Asing', nip: '199001012015011001' }], 'Unknown CA'));
    const templates = await loadTemplates(TEMPLATES_DIR);
    letter = await renderLetter(sampleLetter(), { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    const once = await officials[0].signer.sign(letter, { reason: 'Paraf', location: 'Pekalongan' });
    signedTwice = Buffer.from(await officials[1].signer.sign(once, { reason: 'Tanda tangan' }));
    nssDb = tools.nssDbTrusting([ca.certificatePem]);
  });
  afterAll(() => tools.cleanup());

  it('reports a letter signed twice as intact and trusted', () => {
    const result = verifyPdf(signedTwice, [ca.certificatePem]);
    expect(result).toMatchObject({ allIntact: true, allTrusted: true, modifiedAfterLastSignature: false, errors: [] });
    const [first, second] = result.signatures;
    expect(first).toMatchObject({
      fieldName: 'Signature1',
      signerName: 'Budi Santoso',
      subFilter: 'ETSI.CAdES.detached',
      reason: 'Paraf',
      location: 'Pekalongan',
      coversRevision: true,
      coversWholeFileExceptSignature: false, // a later revision (the second signature) follows
      digestOk: true,
      signatureOk: true,
      chainOk: true,
      chainedTo: 'C=ID, O=Pemerintah Kota Pekalongan, CN=e-Surat Test CA Kota Pekalongan',
      changesAfter: [],
      intact: true,
      errors: [],
    });
    expect(first.signerCertSubject).toContain('serialNumber=198001012005011001');
    expect(Math.abs(first.signingTime!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(second).toMatchObject({ signerName: 'Siti Aminah', coversWholeFileExceptSignature: true, intact: true, errors: [] });
  });

  it('detects one byte flipped in the signed range', () => {
    const tampered = Buffer.from(signedTwice);
    const streamAt = tampered.indexOf('stream\n', 2000);
    tampered[streamAt + 200] ^= 0x01;
    const result = verifyPdf(tampered, [ca.certificatePem]);
    expect(result.allIntact).toBe(false);
    for (const s of result.signatures) {
      expect(s).toMatchObject({ digestOk: false, intact: false });
      expect(s.errors).toContain('the document digest does not match: the signed bytes were changed');
    }
    const report = tools.pdfsig(tampered, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Digest Mismatch.', 'Digest Mismatch.']);
  });

  it('detects an update after signing that replaces the page content stream', () => {
    const tampered = appendUpdate(signedTwice, (reader, writer) => {
      const pageRef = reader.pageRefs()[0];
      const forged = writer.allocate();
      writer.put(forged, contentStream('BT /F1 40 Tf 100 400 Td (PALSU) Tj ET'));
      writer.put(pageRef, reader.dict(pageRef)!.clone().set('Contents', forged));
    });
    const result = verifyPdf(tampered, [ca.certificatePem]);
    expect(result.allIntact).toBe(false);
    expect(result.modifiedAfterLastSignature).toBe(true);
    for (const s of result.signatures) {
      expect(s.digestOk && s.signatureOk).toBe(true); // the signed bytes themselves are untouched
      expect(s.intact).toBe(false);
      expect(s.changesAfter).toEqual([expect.stringMatching(/^page object \d+ changed after signing: Contents$/)]);
    }
    const report = tools.pdfsig(tampered, nssDb);
    expect(report).not.toContain('Total document signed');
    expect(report.match(/Not total document signed/g)).toHaveLength(2);
  });

  it('detects an update that rewrites the content stream object in place', () => {
    const tampered = appendUpdate(signedTwice, (reader, writer) => {
      const contents = reader.dict(reader.pageRefs()[0])!.get('Contents') as PdfRef;
      writer.put(contents, contentStream('BT /F1 40 Tf 100 400 Td (PALSU) Tj ET'));
    });
    const last = verifyPdf(tampered, [ca.certificatePem]).signatures[1];
    expect(last.intact).toBe(false);
    expect(last.changesAfter).toEqual([expect.stringMatching(/^object \d+ \(stream\) was changed after signing$/)]);
  });

  it('accepts an update that only adds LTV data (DSS), while reporting that something was appended', () => {
    const withDss = appendUpdate(signedTwice, (reader, writer) => {
      const dss = writer.allocate();
      writer.put(dss, new PdfDict().set('Certs', []));
      writer.put(reader.rootRef(), reader.catalog().clone().set('DSS', dss));
    });
    const result = verifyPdf(withDss, [ca.certificatePem]);
    expect(result.allIntact).toBe(true);
    expect(result.modifiedAfterLastSignature).toBe(true);
  });

  it('reports a signature by an unknown CA as intact but not trusted', async () => {
    const signed = await stranger.signer.sign(letter, {});
    const result = verifyPdf(signed, [ca.certificatePem]);
    expect(result.allTrusted).toBe(false);
    expect(result.signatures[0]).toMatchObject({ intact: true, chainOk: false, chainedTo: undefined });
    expect(result.signatures[0].errors[0]).toMatch(/does not lead to a trusted root \(issuer: C=ID, O=Pemerintah Kota Pekalongan, CN=Unknown CA\)/);
    expect(verifyPdf(signed, [ca.certificatePem, stranger.issued.certificatePem]).allTrusted).toBe(true); // a pinned leaf is an anchor too
    expect(pdfsigCertificateValidations(tools.pdfsig(signed, nssDb))).toEqual(["Certificate issuer isn't Trusted."]);
  });

  it('detects a ByteRange that leaves a gap beyond the signature value', () => {
    const official = officials[0];
    const prepared = prepareSignature(letter, { pageIndex: 0, signingTime: new Date(), contentsCapacity: 8192 });
    const [, b, c, d] = prepared.byteRange;
    // Leave 20 more bytes (inside the signature dictionary) out of the signed ranges.
    const gapped: [number, number, number, number] = [0, b - 20, c, d];
    prepared.byteRange = gapped;
    const slot = prepared.bytes.lastIndexOf('/ByteRange [', b);
    const oldText = prepared.bytes.toString('latin1', slot, prepared.bytes.indexOf(']', slot) + 1);
    prepared.bytes.write(`/ByteRange [${gapped.join(' ')}]`.padEnd(oldText.length, ' '), slot, 'latin1');
    const identity = { certificate: certificateFacts(official.issued.certificatePem), chain: [certificateFacts(ca.certificatePem)], privateKey: official.issued.privateKey };
    const forged = insertSignature(prepared, buildCadesSignedData(digestSignedRanges(prepared), identity));

    const result = verifyPdf(forged, [ca.certificatePem]);
    expect(result.signatures[0]).toMatchObject({ digestOk: true, signatureOk: true, coversRevision: false, intact: false });
    expect(result.signatures[0].errors).toContain('the ByteRange leaves out more than the signature value: part of the file is not signed');
    expect(tools.pdfsig(forged, nssDb)).toContain('Not total document signed');
  });

  it('reports files without signatures or without a readable structure', () => {
    expect(verifyPdf(letter, [ca.certificatePem])).toMatchObject({ signatures: [], allIntact: false, errors: ['the document has no signatures'] });
    expect(verifyPdf(Buffer.from('bukan pdf'), []).errors[0]).toMatch(/cannot be read/);
  });

  it('parses PDF dates with offsets', () => {
    expect(parsePdfDate("D:20261122083000+07'00'")?.toISOString()).toBe('2026-11-22T01:30:00.000Z');
    expect(parsePdfDate('D:20261122013000Z')?.toISOString()).toBe('2026-11-22T01:30:00.000Z');
    expect(parsePdfDate('kemarin')).toBeUndefined();
  });
});
