import { KeyAndCertificate, createDeploymentCa, issueSigningCertificate } from '../signing/local-ca';
import { LocalCaSigner } from '../signing/local-ca.signer';

export interface TestOfficial {
  name: string;
  nip: string;
  issued: KeyAndCertificate;
  signer: LocalCaSigner;
}

/** A deployment CA and officials with 2048-bit keys (fast to generate; production CAs use 3072). */
export async function createTestPki(
  officials: { name: string; nip: string }[],
  caName = 'e-Surat Test CA Kota Pekalongan',
): Promise<{ ca: KeyAndCertificate; officials: TestOfficial[] }> {
  const ca = await createDeploymentCa({ commonName: caName, organization: 'Pemerintah Kota Pekalongan' }, { keyBits: 2048 });
  const issued = await Promise.all(
    officials.map(async (o) => {
      const cert = await issueSigningCertificate(ca, { ...o, organization: 'Pemerintah Kota Pekalongan', unit: 'Diskominfo' });
      return { ...o, issued: cert, signer: LocalCaSigner.fromKey(cert.privateKey, cert.certificatePem, [ca.certificatePem]) };
    }),
  );
  return { ca, officials: issued };
}
