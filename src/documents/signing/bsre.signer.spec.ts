import { inspect } from 'node:util';
import { join } from 'node:path';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { FakeBsreGateway } from '../__fixtures__/fake-bsre-gateway';
import { PdfTools, pdfsigCertificateValidations, pdfsigValidations } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, PUBLIC_URL, sampleLetter } from '../__fixtures__/sample-letters';
import { createTestPki } from '../__fixtures__/test-pki';
import { loadTemplates } from '../pdf/letter-template.loader';
import { renderLetterDocument } from '../pdf/letter-renderer';
import { RenderedLetter } from '../pdf/letter-render.types';
import { verifyPdf } from '../verification/pdf-verifier';
import { BsreClient, BsreConfig } from './bsre.client';
import { BsreSigner } from './bsre.signer';
import { certificateFacts } from './certificate-facts';
import { KeyAndCertificate } from './local-ca';
import { LocalCaSigner } from './local-ca.signer';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');
const CLIENT = { username: 'esurat', password: 'rahasia-klien' };
const NIK = { signer: '3375010101800001', unregistered: '3375010101800002', noCertificate: '3375010101800003' };
const PASSPHRASE = 'Passphrase-TTE-2026';

async function failure(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('BsreSigner against a fake BSrE gateway', () => {
  const tools = new PdfTools();
  let gateway: FakeBsreGateway;
  let config: BsreConfig;
  let bsreRoot: KeyAndCertificate;
  let ownCa: KeyAndCertificate;
  let ownSigner: LocalCaSigner;
  let letter: RenderedLetter;
  let specimen: Uint8Array;

  beforeAll(async () => {
    const bsre = await createTestPki(
      [
        { name: 'Budi Santoso', nip: '198001012005011001' },
        { name: 'Otoritas Stempel Waktu', nip: '000000000000000000' },
      ],
      'Test BSrE Root',
    );
    bsreRoot = bsre.ca;
    const own = await createTestPki([{ name: 'Siti Aminah', nip: '197905052003122002' }]);
    ownCa = own.ca;
    ownSigner = own.officials[0].signer;
    const identity = (i: number) => ({
      certificate: certificateFacts(bsre.officials[i].issued.certificatePem),
      chain: [certificateFacts(bsre.ca.certificatePem)],
      privateKey: bsre.officials[i].issued.privateKey,
    });
    gateway = new FakeBsreGateway(
      [
        { nik: NIK.signer, status: 'ISSUE', passphrase: PASSPHRASE, identity: identity(0) },
        { nik: NIK.noCertificate, status: 'NO_CERTIFICATE', passphrase: PASSPHRASE },
      ],
      CLIENT,
      identity(1),
    );
    config = { baseUrl: await gateway.start(), ...CLIENT, timeoutMs: 5000 };
    const templates = await loadTemplates(TEMPLATES_DIR);
    letter = await renderLetterDocument(sampleLetter(), { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER });
    specimen = templates.get('surat-dinas')!.letterhead.defaultLogoPng!;
  });
  beforeEach(() => {
    gateway.requests.length = 0;
    gateway.signDelayMs = 0;
    gateway.returnForeignDocument = false;
  });
  afterAll(async () => {
    await gateway.stop();
    tools.cleanup();
  });

  const signer = (nik = NIK.signer, passphrase = PASSPHRASE, cfg = config) => new BsreSigner(new BsreClient(cfg), { nik }, { passphrase });

  it('signs through the gateway: PAdES B-T that pdfsig and our verifier accept', async () => {
    const signed = await signer().sign(letter.pdf, { reason: 'Ditandatangani', location: 'Pekalongan' });
    const report = tools.pdfsig(signed, tools.nssDbTrusting([bsreRoot.certificatePem]));
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(pdfsigCertificateValidations(report)).toEqual(['Certificate is Trusted.']);
    expect(tools.qpdfCheck(signed).status).toBe(0);

    const result = verifyPdf(signed, [bsreRoot.certificatePem]);
    expect(result.allIntact && result.allTrusted).toBe(true);
    const [signature] = result.signatures;
    expect(signature.signerName).toBe('Budi Santoso');
    expect(signature.timestamp).toMatchObject({ imprintOk: true, signatureOk: true });
    expect(signature.timestamp?.authority).toContain('Otoritas Stempel Waktu');
    expect(signature.signingTime).toEqual(signature.timestamp?.time);
    // Our own CA does not vouch for a BSrE certificate.
    expect(verifyPdf(signed, [ownCa.certificatePem]).allTrusted).toBe(false);
  });

  it('speaks the v2 API: basic auth, status check, then one sign request with the documented JSON', async () => {
    await signer().sign(letter.pdf, { reason: 'Ditandatangani', location: 'Pekalongan' });
    expect(gateway.requests.map((r) => r.path)).toEqual(['/api/v2/user/check/status', '/api/v2/sign/pdf']);
    const auth = `Basic ${Buffer.from('esurat:rahasia-klien').toString('base64')}`;
    expect(gateway.requests.every((r) => r.authorization === auth)).toBe(true);
    expect(gateway.requests[0].body).toEqual({ nik: NIK.signer });
    const sign = gateway.requests[1].body;
    expect(sign).toMatchObject({
      nik: NIK.signer,
      passphrase: PASSPHRASE,
      signatureProperties: [{ tampilan: 'INVISIBLE', reason: 'Ditandatangani', location: 'Pekalongan' }],
    });
    expect(Buffer.from((sign.file as string[])[0], 'base64').equals(Buffer.from(letter.pdf))).toBe(true);
  });

  it('asks for a visible signature with the specimen image in the signer block', async () => {
    const slot = letter.signatureSlots[0];
    const signed = await signer().sign(letter.pdf, { appearance: { ...slot, imagePng: specimen } });
    expect(gateway.signRequests()[0].body.signatureProperties).toEqual([
      expect.objectContaining({ tampilan: 'VISIBLE', page: 1, originX: slot.x, originY: slot.y, width: slot.width, height: slot.height, imageBase64: Buffer.from(specimen).toString('base64') }),
    ]);
    expect(pdfsigValidations(tools.pdfsig(signed))).toEqual(['Signature is Valid.']);
  });

  it('co-signs with our own CA first and BSrE second, both staying valid', async () => {
    const first = await ownSigner.sign(letter.pdf, {});
    const both = await signer().sign(first, {});
    expect(pdfsigValidations(tools.pdfsig(both))).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    const result = verifyPdf(both, [ownCa.certificatePem, bsreRoot.certificatePem]);
    expect(result).toMatchObject({ allIntact: true, allTrusted: true });
    expect(result.signatures.map((s) => s.signerName)).toEqual(['Siti Aminah', 'Budi Santoso']);
  });

  it('reports a signer unknown to BSrE without sending the passphrase', async () => {
    const error = await failure(signer(NIK.unregistered).sign(letter.pdf, {}));
    expect(error.code).toBe(DocumentErrorCode.BSRE_NOT_REGISTERED);
    expect(gateway.signRequests()).toHaveLength(0);
  });

  it('reports a signer without a certificate', async () => {
    expect((await failure(signer(NIK.noCertificate).sign(letter.pdf, {}))).code).toBe(DocumentErrorCode.BSRE_NO_CERTIFICATE);
    expect(gateway.signRequests()).toHaveLength(0);
  });

  it('maps a wrong passphrase to WRONG_PASSPHRASE, once, and never echoes it', async () => {
    const wrong = 'Passphrase-keliru-1';
    const bsre = signer(NIK.signer, wrong);
    const error = await failure(bsre.sign(letter.pdf, {}));
    expect(error.code).toBe(DocumentErrorCode.WRONG_PASSPHRASE);
    expect(error.details).toMatchObject({ gatewayCode: 2031, gatewayMessage: 'Passphrase anda salah' });
    expect(gateway.signRequests()).toHaveLength(1);
    for (const shown of [JSON.stringify(error), inspect(error), error.stack ?? '', inspect(bsre, { depth: 5 }), JSON.stringify(bsre)]) {
      expect(shown).not.toContain(wrong);
    }
  });

  it('times out without retrying the sign request', async () => {
    gateway.signDelayMs = 1500;
    const started = Date.now();
    const error = await failure(signer(NIK.signer, PASSPHRASE, { ...config, timeoutMs: 400 }).sign(letter.pdf, {}));
    expect(error.code).toBe(DocumentErrorCode.BSRE_TIMEOUT);
    expect(error.status).toBe(424);
    expect(Date.now() - started).toBeLessThan(1400);
    await new Promise((r) => setTimeout(r, 1500)); // let the slow answer arrive: still one request
    expect(gateway.signRequests()).toHaveLength(1);
  });

  it('reports the gateway down, failing, or refusing our client credentials', async () => {
    const closed = { ...config, baseUrl: 'http://127.0.0.1:9' };
    expect((await failure(signer(NIK.signer, PASSPHRASE, closed).sign(letter.pdf, {}))).code).toBe(DocumentErrorCode.BSRE_UNAVAILABLE);

    gateway.failNextSignWith = 500;
    expect((await failure(signer().sign(letter.pdf, {}))).code).toBe(DocumentErrorCode.BSRE_UNAVAILABLE);
    expect(gateway.signRequests()).toHaveLength(1);

    const badClient = { ...config, password: 'salah' };
    expect((await failure(signer(NIK.signer, PASSPHRASE, badClient).sign(letter.pdf, {}))).code).toBe(DocumentErrorCode.BSRE_CLIENT_AUTH_FAILED);
  });

  it('refuses a returned document that does not extend the rendered letter', async () => {
    gateway.returnForeignDocument = true;
    expect((await failure(signer().sign(letter.pdf, {}))).code).toBe(DocumentErrorCode.BSRE_BAD_RESPONSE);
  });
});
