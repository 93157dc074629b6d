import { KeyObject } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { SignatureTimestamper } from './cades-signed-data';
import { certificateFacts } from './certificate-facts';
import { SigningIdentity, signPdfWithIdentity } from './pades-signature';
import { PdfSigner, SignRequest } from './pdf-signer';
import { unsealPrivateKey } from './private-key-vault';

/** An official's key material as stored: certificate, chain up to the CA, sealed private key. */
export interface StoredSigningKey {
  certificatePem: string;
  /** Issuer certificates to embed in each signature, nearest first (the deployment CA). */
  chainPems: string[];
  sealedPrivateKey: string;
}

/**
 * Signs with a certificate from the deployment's own CA. Create one per signing
 * session with `unlock` (which costs one scrypt derivation), sign the batch,
 * then drop it: the unsealed key lives only as long as this object.
 */
export class LocalCaSigner implements PdfSigner {
  private constructor(
    private readonly identity: SigningIdentity,
    private readonly tsa?: SignatureTimestamper,
  ) {}

  /** With `tsa`, every signature is PAdES B-T, stamped by that authority; without, B-B. */
  static async unlock(stored: StoredSigningKey, passphrase: string, tsa?: SignatureTimestamper): Promise<LocalCaSigner> {
    const privateKey = await unsealPrivateKey(stored.sealedPrivateKey, passphrase);
    return LocalCaSigner.fromKey(privateKey, stored.certificatePem, stored.chainPems, new Date(), tsa);
  }

  static fromKey(privateKey: KeyObject, certificatePem: string, chainPems: string[], now = new Date(), tsa?: SignatureTimestamper): LocalCaSigner {
    const certificate = certificateFacts(certificatePem);
    if (!certificate.x509.checkPrivateKey(privateKey)) {
      throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The private key does not belong to the certificate');
    }
    if (now < new Date(certificate.x509.validFrom) || now > new Date(certificate.x509.validTo)) {
      throw new DocumentError(DocumentErrorCode.SIGNING_CERTIFICATE_INVALID, 'The signing certificate is not valid now', {
        validFrom: certificate.x509.validFrom,
        validTo: certificate.x509.validTo,
      });
    }
    return new LocalCaSigner({ certificate, chain: chainPems.map((pem) => certificateFacts(pem)), privateKey }, tsa);
  }

  sign(pdf: Uint8Array, request: SignRequest): Promise<Uint8Array> {
    return signPdfWithIdentity(pdf, this.identity, request, this.tsa);
  }
}
