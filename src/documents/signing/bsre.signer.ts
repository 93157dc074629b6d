import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { BsreClient, BsreCredential, BsreIdentity, BsreSignatureProperties } from './bsre.client';
import { ensureSignatureTimestamp } from '../timestamp/signature-timestamp';
import { SignatureTimestamper } from './cades-signed-data';
import { PdfSigner, SignRequest } from './pdf-signer';

/**
 * Signs through BSrE for one official and one signing session. The status is
 * checked first (a safe, repeatable call) so an unregistered signer or a
 * missing certificate gets a precise error before the passphrase is ever sent.
 */
export class BsreSigner implements PdfSigner {
  // A private field: not enumerable, not printed by util.inspect, not in JSON.
  readonly #credential: BsreCredential;

  constructor(
    private readonly client: BsreClient,
    private readonly identity: BsreIdentity,
    credential: BsreCredential,
    /** Stamps BSrE's signature when BSrE's answer carries no timestamp of its own. */
    private readonly tsa?: SignatureTimestamper,
  ) {
    this.#credential = credential;
  }

  async sign(pdf: Uint8Array, request: SignRequest): Promise<Uint8Array> {
    const { status, message } = await this.client.checkUserStatus(this.identity);
    if (status === 'NOT_REGISTERED') {
      throw new DocumentError(DocumentErrorCode.BSRE_NOT_REGISTERED, 'The signer is not registered with BSrE', { message });
    }
    if (status !== 'ISSUE') {
      throw new DocumentError(DocumentErrorCode.BSRE_NO_CERTIFICATE, 'The signer has no usable BSrE certificate', { status, message });
    }
    const signed = await this.client.signPdf(this.identity, this.#credential, pdf, signatureProperties(request));
    // BSrE signs incrementally; anything else means our rendered letter was altered.
    if (signed.length <= pdf.length || !signed.subarray(0, pdf.length).equals(Buffer.from(pdf))) {
      throw new DocumentError(DocumentErrorCode.BSRE_BAD_RESPONSE, 'BSrE returned a document that does not extend the one sent');
    }
    return this.tsa ? ensureSignatureTimestamp(Buffer.from(signed), this.tsa) : signed;
  }
}

/** BSrE takes the widget box in PDF points from the page's lower-left corner, pages counted from 1. */
function signatureProperties(request: SignRequest): BsreSignatureProperties {
  const text = { reason: request.reason, location: request.location };
  const a = request.appearance;
  if (!a?.imagePng) return { tampilan: 'INVISIBLE', ...text };
  return {
    tampilan: 'VISIBLE',
    imageBase64: Buffer.from(a.imagePng).toString('base64'),
    page: a.pageIndex + 1,
    originX: a.x,
    originY: a.y,
    width: a.width,
    height: a.height,
    ...text,
  };
}
