/** Checking the signatures of a PDF. */
export { verifyPdf } from './pdf-verifier';
export type { PdfVerification, SignatureVerification, TrustAnchor } from './pdf-verifier';
export type { TimestampInfo } from './cms-signature';
