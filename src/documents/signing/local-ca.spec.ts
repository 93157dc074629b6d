import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { DocumentErrorCode } from '../documents.errors';
import { createDeploymentCa, issueSigningCertificate } from './local-ca';

describe('local CA', () => {
  it('creates a self-signed root and issues officials signing certificates chained to it', async () => {
    const ca = await createDeploymentCa({ commonName: 'e-Surat CA Kota Pekalongan', organization: 'Pemerintah Kota Pekalongan' }, { keyBits: 2048 });
    const root = new X509Certificate(ca.certificatePem);
    expect(root.ca).toBe(true);
    expect(root.subject).toBe('C=ID\nO=Pemerintah Kota Pekalongan\nCN=e-Surat CA Kota Pekalongan');
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.checkPrivateKey(ca.privateKey)).toBe(true);

    const official = await issueSigningCertificate(ca, {
      name: 'Budi Santoso',
      nip: '198001012005011001',
      organization: 'Pemerintah Kota Pekalongan',
      unit: 'Dinas Komunikasi dan Informatika',
    });
    const cert = new X509Certificate(official.certificatePem);
    expect(cert.subject).toBe(
      'C=ID\nO=Pemerintah Kota Pekalongan\nOU=Dinas Komunikasi dan Informatika\nserialNumber=198001012005011001\nCN=Budi Santoso',
    );
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(root)).toBe(true);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(official.privateKey)).toBe(true);
    expect(official.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: official.certificatePem, encoding: 'utf8' });
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    const rootText = execFileSync('openssl', ['x509', '-noout', '-text'], { input: ca.certificatePem, encoding: 'utf8' });
    expect(rootText).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(rootText).toMatch(/CA:TRUE, pathlen:0/);
  });

  it('refuses a NIP that is not 18 digits', async () => {
    const ca = await createDeploymentCa({ commonName: 'CA', organization: 'Pemkot' }, { keyBits: 2048 });
    await expect(issueSigningCertificate(ca, { name: 'X', nip: '1234', organization: 'Pemkot' })).rejects.toMatchObject({
      code: DocumentErrorCode.SIGNING_CERTIFICATE_INVALID,
    });
  });
});
