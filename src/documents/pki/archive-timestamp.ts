import { X509Certificate } from 'node:crypto';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { readDer } from '../signing/der';
import { parseTimestampToken } from '../timestamp/timestamp-protocol';
import { embeddedSignatures } from './signature-certificates';

/** Due at once: no archive timestamp, or one that cannot say when it ends. */
const AT_ONCE = new Date(0);

export type RenewalReason = 'no-archive-timestamp' | 'tsa-certificate-ends' | 'weak-hash';

/**
 * When a signed PDF's newest archive timestamp needs renewing: the end of its TSA certificate,
 * or at once (AT_ONCE) when it has no document timestamp, none with a readable TSA certificate,
 * or one made with a hash weaker than SHA-256.
 */
export function archiveRenewBy(pdf: Uint8Array): { renewBy: Date; reason: RenewalReason; notAfter?: Date } {
  const sigs = embeddedSignatures(PdfReader.open(pdf));
  const newest = sigs.filter((s) => s.dict.nameOf('SubFilter') === 'ETSI.RFC3161').pop();
  if (!newest) return { renewBy: AT_ONCE, reason: 'no-archive-timestamp' };
  const info = parseTimestampToken(readDer(newest.contents).raw);
  const notAfter = info.tsaCertificatePem ? new Date(new X509Certificate(info.tsaCertificatePem).validTo) : undefined;
  if (!notAfter) return { renewBy: AT_ONCE, reason: 'tsa-certificate-ends' };
  if (info.hashAlgorithm === '1.3.14.3.2.26') return { renewBy: AT_ONCE, reason: 'weak-hash', notAfter };
  return { renewBy: notAfter, reason: 'tsa-certificate-ends', notAfter };
}

/**
 * Whether a signed PDF needs a new archive timestamp: it has none, or the newest document
 * timestamp was made by a TSA certificate ending before `horizon`, or with a hash weaker than SHA-256.
 */
export function renewalDue(pdf: Uint8Array, horizon: Date): { due: boolean; reason?: RenewalReason; notAfter?: Date } {
  const { renewBy, reason, notAfter } = archiveRenewBy(pdf);
  return renewBy <= horizon ? { due: true, reason, notAfter } : { due: false, notAfter };
}

/** archiveRenewBy for a version about to be stored; a file that cannot be read is left to the renewal job (NULL). */
export function renewByOf(pdf: Uint8Array): Date | null {
  try {
    return archiveRenewBy(pdf).renewBy;
  } catch {
    return null;
  }
}
