import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DocumentErrorCode } from '../documents.errors';
import { PdfTools, pdfsigCertificateValidations, pdfsigValidations } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, KEPALA_DINAS, PUBLIC_URL, SEKRETARIS_DAERAH, sampleLetter } from '../__fixtures__/sample-letters';
import { TestOfficial, createTestPki } from '../__fixtures__/test-pki';
import { loadTemplates } from '../pdf/letter-template.loader';
import { renderLetter, renderLetterDocument } from '../pdf/letter-renderer';
import { PdfString } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { readDer } from './der';
import { KeyAndCertificate } from './local-ca';
import { LocalCaSigner } from './local-ca.signer';
import { sealPrivateKey } from './private-key-vault';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');

/** The DER of the newest signature's /Contents, zero padding removed. */
function lastSignatureCms(pdf: Uint8Array): Buffer {
  const reader = PdfReader.open(pdf);
  const fields = reader.resolve(reader.dict(reader.catalog().get('AcroForm'))?.get('Fields')) as unknown[];
  const sig = reader.dict(reader.dict(fields[fields.length - 1] as never)?.get('V'));
  return readDer((sig!.get('Contents') as PdfString).bytes).raw;
}

describe('LocalCaSigner', () => {
  const tools = new PdfTools();
  let ca: KeyAndCertificate;
  let officials: TestOfficial[];
  let letter: Uint8Array;
  let nssDb: string;

  beforeAll(async () => {
    ({ ca, officials } = await createTestPki([
      { name: 'Budi Santoso', nip: KEPALA_DINAS.nip! },
      { name: 'Siti Aminah', nip: SEKRETARIS_DAERAH.nip! },
      { name: 'Joko Susilo', nip: '197001011995031003' },
    ]));
    const templates = await loadTemplates(TEMPLATES_DIR);
    letter = await renderLetter(sampleLetter(), { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    nssDb = tools.nssDbTrusting([ca.certificatePem]);
  });
  afterAll(() => tools.cleanup());

  it('adds a PAdES signature that pdfsig reports valid and trusted, as an incremental update', async () => {
    const signed = await officials[0].signer.sign(letter, { reason: 'Persetujuan', location: 'Pekalongan' });
    expect(Buffer.from(signed.subarray(0, letter.length)).equals(Buffer.from(letter))).toBe(true);
    const report = tools.pdfsig(signed, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(pdfsigCertificateValidations(report)).toEqual(['Certificate is Trusted.']);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report).toContain('Signer Certificate Common Name: Budi Santoso');
    expect(report).toContain('Total document signed');
    expect(tools.qpdfCheck(signed).status).toBe(0);
    // Without our CA in the trust store the signature itself is still valid.
    expect(pdfsigValidations(tools.pdfsig(signed))).toEqual(['Signature is Valid.']);
  });

  it('writes the CMS PAdES baseline B asks for: content-type, message-digest, signing-certificate-v2, no signing-time', async () => {
    const signed = await officials[0].signer.sign(letter, {});
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER'], { input: lastSignatureCms(signed), encoding: 'utf8' });
    expect(printed).toContain('contentType');
    expect(printed).toContain('messageDigest');
    expect(printed).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(printed).not.toContain('signingTime');
    expect(printed).toContain('sha256WithRSAEncryption');
    expect(printed).toMatch(/eContent: <ABSENT>/); // detached
  });

  it('keeps every signature valid when several officials sign in turn', async () => {
    let pdf = letter;
    for (const official of officials) pdf = await official.signer.sign(pdf, { reason: `Disetujui oleh ${official.name}` });
    const report = tools.pdfsig(pdf, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    expect(pdfsigCertificateValidations(report)).toEqual(Array(3).fill('Certificate is Trusted.'));
    expect(report.match(/Signature Field Name: Signature\d/g)).toEqual(['Signature Field Name: Signature1', 'Signature Field Name: Signature2', 'Signature Field Name: Signature3']);
    expect(report.match(/Total document signed/g)).toHaveLength(1);
    expect(tools.qpdfCheck(pdf).status).toBe(0);
    expect(PdfReader.open(pdf).sections).toHaveLength(4);
  });

  it('signs files that use cross-reference streams and object streams', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Lampiran', { x: 50, y: 700, font });
    doc.addPage().drawText('Halaman 2', { x: 50, y: 700, font });
    const compressed = await doc.save({ useObjectStreams: true });
    const once = await officials[0].signer.sign(compressed, {});
    const twice = await officials[1].signer.sign(once, { appearance: { pageIndex: 1, x: 300, y: 100, width: 150, height: 60 } });
    expect(PdfReader.open(twice).sections[0].format).toBe('stream');
    expect(pdfsigValidations(tools.pdfsig(twice, nssDb))).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(tools.qpdfCheck(twice).status).toBe(0);
  });

  it('places a visible widget with a specimen image on the signer block', async () => {
    const templates = await loadTemplates(TEMPLATES_DIR);
    const rendered = await renderLetterDocument(sampleLetter(), { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    const slot = rendered.signatureSlots[0];
    const specimen = templates.get('surat-dinas')!.letterhead.defaultLogoPng!;
    const signed = await officials[0].signer.sign(rendered.pdf, { appearance: { ...slot, width: 40, imagePng: specimen } });
    expect(pdfsigValidations(tools.pdfsig(signed, nssDb))).toEqual(['Signature is Valid.']);
    expect(tools.qpdfCheck(signed).status).toBe(0);
    const images = execFileSync('pdfimages', ['-list', tools.file(signed)], { encoding: 'utf8' });
    expect(images.match(/image\s+300\s+360/g)?.length).toBe(2); // letterhead logo + widget appearance
  });

  it('unlocks a sealed key with the passphrase and refuses a wrong one', async () => {
    const official = officials[0];
    const stored = {
      certificatePem: official.issued.certificatePem,
      chainPems: [ca.certificatePem],
      sealedPrivateKey: await sealPrivateKey(official.issued.privateKey, 'passphrase-pejabat', { costLog2: 12 }),
    };
    await expect(LocalCaSigner.unlock(stored, 'passphrase-salah')).rejects.toMatchObject({ code: DocumentErrorCode.WRONG_PASSPHRASE });
    const signer = await LocalCaSigner.unlock(stored, 'passphrase-pejabat');
    expect(pdfsigValidations(tools.pdfsig(await signer.sign(letter, {})))).toEqual(['Signature is Valid.']);
  });

  it('refuses a key that does not match the certificate, an encrypted PDF and a missing page', async () => {
    expect(() => LocalCaSigner.fromKey(officials[1].issued.privateKey, officials[0].issued.certificatePem, [])).toThrow(
      expect.objectContaining({ code: DocumentErrorCode.SIGNING_KEY_INVALID }),
    );
    const plain = tools.file(letter, 'plain.pdf');
    const encrypted = join(tools.dir, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', plain, encrypted]);
    await expect(officials[0].signer.sign(readFileSync(encrypted), {})).rejects.toMatchObject({ code: DocumentErrorCode.PDF_ENCRYPTED });
    await expect(
      officials[0].signer.sign(letter, { appearance: { pageIndex: 5, x: 0, y: 0, width: 10, height: 10 } }),
    ).rejects.toMatchObject({ code: DocumentErrorCode.SIGNATURE_PAGE_INVALID });
  });

  it('refuses a certificate outside its validity period', () => {
    const later = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
    expect(() => LocalCaSigner.fromKey(officials[0].issued.privateKey, officials[0].issued.certificatePem, [], later)).toThrow(
      expect.objectContaining({ code: DocumentErrorCode.SIGNING_CERTIFICATE_INVALID }),
    );
  });
});
