import { X509Certificate, createHash } from 'node:crypto';
import { PdfDict, PdfRef, PdfString, PdfValue } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { commonNameOf, pemToDer } from '../signing/certificate-facts';
import { readDer } from '../signing/der';
import { validateChain, oneLine } from './certificate-chain';
import { ParsedCms, TimestampInfo, parseCms } from './cms-signature';
import { disallowedChanges } from './revision-diff';
import { IMPRINT_DIGESTS, parseTimestampToken } from '../timestamp/timestamp-protocol';

/** A trusted root: our deployment CA, or the configured BSrE root. PEM, DER or parsed. */
export type TrustAnchor = string | Uint8Array | X509Certificate;

export interface SignatureVerification {
  fieldName: string;
  signerName?: string;
  signerCertSubject?: string;
  signerCertIssuer?: string;
  /** From the timestamp when there is one, else the signing-time attribute, else the claimed /M. */
  signingTime?: Date;
  timestamp?: TimestampInfo;
  subFilter?: string;
  reason?: string;
  location?: string;
  byteRange: number[];
  /** ByteRange starts at 0, leaves out exactly this signature's /Contents and ends where a revision ends. */
  coversRevision: boolean;
  /** ... and that revision is the whole file. */
  coversWholeFileExceptSignature: boolean;
  digestOk: boolean;
  signatureOk: boolean;
  chainOk: boolean;
  chainedTo?: string;
  /** Changes made by later incremental updates that a signature does not allow. */
  changesAfter: string[];
  /** The signed bytes are unchanged, the signature checks, and later updates only added signatures/DSS. */
  intact: boolean;
  errors: string[];
}

export interface PdfVerification {
  /** In signing order. */
  signatures: SignatureVerification[];
  /** At least one signature, and every one intact. */
  allIntact: boolean;
  /** Every signature chains to a trust anchor. */
  allTrusted: boolean;
  /** Something was appended after the last signature (allowed additions such as DSS included). */
  modifiedAfterLastSignature: boolean;
  /** Problems with the file itself (unreadable structure...). */
  errors: string[];
}

const SUPPORTED_SUBFILTERS = new Set(['ETSI.CAdES.detached', 'adbe.pkcs7.detached', 'ETSI.RFC3161']);

interface SignatureField {
  name: string;
  ref: PdfRef;
  dict: PdfDict;
}

export function verifyPdf(bytes: Uint8Array, trustAnchors: TrustAnchor[], now = new Date()): PdfVerification {
  let reader: PdfReader;
  try {
    reader = PdfReader.open(bytes);
  } catch (e) {
    return { signatures: [], allIntact: false, allTrusted: false, modifiedAfterLastSignature: false, errors: [`the PDF structure cannot be read: ${(e as Error).message}`] };
  }
  const anchors = trustAnchors.map(toCertificate);
  const signatures = signatureFields(reader)
    .map((field) => verifySignature(bytes, reader, field, anchors, now))
    .sort((a, b) => rangeEnd(a) - rangeEnd(b));
  const last = signatures[signatures.length - 1];
  return {
    signatures,
    allIntact: signatures.length > 0 && signatures.every((s) => s.intact),
    allTrusted: signatures.length > 0 && signatures.every((s) => s.chainOk),
    modifiedAfterLastSignature: !!last && hasContentAfter(bytes, rangeEnd(last)),
    errors: signatures.length === 0 ? ['the document has no signatures'] : [],
  };
}

function toCertificate(anchor: TrustAnchor): X509Certificate {
  if (anchor instanceof X509Certificate) return anchor;
  return new X509Certificate(typeof anchor === 'string' ? pemToDer(anchor) : Buffer.from(anchor));
}

function rangeEnd(s: SignatureVerification): number {
  const [, , c, d] = s.byteRange;
  return (c ?? 0) + (d ?? 0);
}

function hasContentAfter(bytes: Uint8Array, end: number): boolean {
  for (let i = end; i < bytes.length; i++) if (![0, 9, 10, 12, 13, 32].includes(bytes[i])) return true;
  return false;
}

/** Signed signature fields of the AcroForm, with their fully qualified names. */
function signatureFields(reader: PdfReader): SignatureField[] {
  const out: SignatureField[] = [];
  const seen = new Set<number>();
  const walk = (fields: PdfValue | undefined, prefix: string, inheritedFt?: string, depth = 0) => {
    const list = reader.resolve(fields);
    if (!Array.isArray(list) || depth > 16) return;
    for (const ref of list) {
      const field = reader.dict(ref);
      if (!field || !(ref instanceof PdfRef) || seen.has(ref.num)) continue;
      seen.add(ref.num);
      const partial = field.get('T') instanceof PdfString ? (field.get('T') as PdfString).text() : '';
      const name = [prefix, partial].filter(Boolean).join('.');
      const ft = field.nameOf('FT') ?? inheritedFt;
      const value = field.get('V');
      const sig = reader.dict(value);
      if (ft === 'Sig' && value instanceof PdfRef && sig) out.push({ name, ref: value, dict: sig });
      walk(field.get('Kids'), name, ft, depth + 1);
    }
  };
  try {
    walk(reader.dict(reader.catalog().get('AcroForm'))?.get('Fields'), '');
  } catch {
    // A broken form simply yields fewer signatures; each found one is still checked.
  }
  return out;
}

function verifySignature(
  bytes: Uint8Array,
  reader: PdfReader,
  field: SignatureField,
  anchors: X509Certificate[],
  now: Date,
): SignatureVerification {
  const sig = field.dict;
  const byteRange = (Array.isArray(sig.get('ByteRange')) ? (sig.get('ByteRange') as PdfValue[]) : []).filter(
    (v): v is number => typeof v === 'number',
  );
  const result: SignatureVerification = {
    fieldName: field.name,
    subFilter: sig.nameOf('SubFilter'),
    reason: textOf(sig.get('Reason')),
    location: textOf(sig.get('Location')),
    byteRange,
    coversRevision: false,
    coversWholeFileExceptSignature: false,
    digestOk: false,
    signatureOk: false,
    chainOk: false,
    changesAfter: [],
    intact: false,
    errors: [],
  };
  if (!SUPPORTED_SUBFILTERS.has(result.subFilter ?? '')) result.errors.push(`unsupported signature type ${result.subFilter ?? '(none)'}`);
  const contents = sig.get('Contents');
  const rangeProblem = checkByteRange(bytes, reader, field.ref, byteRange, contents);
  if (rangeProblem) result.errors.push(rangeProblem);
  else {
    result.coversRevision = true;
    result.coversWholeFileExceptSignature = byteRange[2] + byteRange[3] === bytes.length;
  }
  if (!(contents instanceof PdfString) || byteRange.length !== 4) return finish(result);
  if (result.subFilter === 'ETSI.RFC3161') return verifyDocumentTimestamp(bytes, reader, byteRange, contents, result, anchors);

  let cms: ParsedCms;
  try {
    cms = parseCms(trimDer(contents.bytes));
  } catch (e) {
    result.errors.push(`the signature value cannot be read: ${(e as Error).message}`);
    return finish(result);
  }
  checkCryptography(bytes, byteRange, cms, result);
  result.timestamp = cms.timestamp;
  result.signingTime = cms.timestamp?.time ?? cms.signingTimeAttribute ?? parsePdfDate(textOf(sig.get('M')));
  if (cms.signerCertificate) {
    const chain = validateChain(cms.signerCertificate, cms.certificates, anchors, result.signingTime ?? now);
    result.chainOk = chain.ok;
    result.chainedTo = chain.chainedTo;
    result.errors.push(...chain.errors);
  }
  if (result.coversRevision && !result.coversWholeFileExceptSignature) {
    result.changesAfter = laterChanges(bytes, reader, byteRange[2] + byteRange[3]);
    result.errors.push(...result.changesAfter);
  }
  return finish(result);
}

/**
 * A document timestamp (/SubFilter /ETSI.RFC3161): /Contents is a bare TimeStampToken whose
 * message imprint is the digest of the ByteRange; the "signer" is the timestamp authority and
 * the time its genTime.
 */
function verifyDocumentTimestamp(
  bytes: Uint8Array,
  reader: PdfReader,
  [a, b, c, d]: number[],
  contents: PdfString,
  result: SignatureVerification,
  anchors: X509Certificate[],
): SignatureVerification {
  let token: Buffer;
  let info: ReturnType<typeof parseTimestampToken>;
  try {
    token = trimDer(contents.bytes);
    info = parseTimestampToken(token);
  } catch (e) {
    result.errors.push(`the document timestamp cannot be read: ${(e as Error).message}`);
    return finish(result);
  }
  const digest = IMPRINT_DIGESTS[info.hashAlgorithm];
  result.digestOk =
    !!digest && createHash(digest.name).update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest().equals(info.hashedMessage);
  if (!result.digestOk) result.errors.push('the document digest does not match the timestamp: the stamped bytes were changed');
  result.signatureOk = info.signatureValid;
  if (!result.signatureOk) result.errors.push('the timestamp does not verify with the authority certificate');
  const tsa = info.tsaCertificatePem ? new X509Certificate(info.tsaCertificatePem) : undefined;
  result.signerName = tsa ? commonNameOf(tsa) : undefined;
  result.signerCertSubject = tsa ? oneLine(tsa.subject) : undefined;
  result.signerCertIssuer = tsa ? oneLine(tsa.issuer) : undefined;
  result.signingTime = info.genTime;
  result.timestamp = { time: info.genTime, imprintOk: result.digestOk, signatureOk: info.signatureValid, authority: result.signerCertSubject };
  if (tsa) {
    const chain = validateChain(tsa, parseCms(token).certificates, anchors, info.genTime);
    result.chainOk = chain.ok;
    result.chainedTo = chain.chainedTo;
    result.errors.push(...chain.errors);
  } else {
    result.errors.push('the timestamp authority certificate is not in the token');
  }
  if (result.coversRevision && !result.coversWholeFileExceptSignature) {
    result.changesAfter = laterChanges(bytes, reader, c + d);
    result.errors.push(...result.changesAfter);
  }
  return finish(result);
}

function finish(result: SignatureVerification): SignatureVerification {
  result.intact = result.coversRevision && result.digestOk && result.signatureOk && result.changesAfter.length === 0;
  return result;
}

function checkCryptography(bytes: Uint8Array, [a, b, c, d]: number[], cms: ParsedCms, result: SignatureVerification): void {
  const ranges = [Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))];
  const digest = createHash(cms.digestAlgorithm).update(ranges[0]).update(ranges[1]).digest();
  const signer = cms.signerCertificate;
  result.signerName = signer ? commonNameOf(signer) : undefined;
  result.signerCertSubject = signer ? oneLine(signer.subject) : undefined;
  result.signerCertIssuer = signer ? oneLine(signer.issuer) : undefined;
  if (!signer) result.errors.push('the signer certificate is not in the signature');
  // Without signed attributes the signature covers the document digest directly.
  result.digestOk = cms.messageDigest ? cms.messageDigest.equals(digest) : true;
  if (!result.digestOk) result.errors.push('the document digest does not match: the signed bytes were changed');
  result.signatureOk = cms.verifySignature(ranges);
  if (!result.signatureOk) result.errors.push('the signature value does not verify with the signer certificate');
  if (cms.essCertificateHash && signer) {
    const actual = createHash(cms.essCertificateHash.algorithm).update(signer.raw).digest();
    if (!actual.equals(cms.essCertificateHash.hash)) {
      result.signatureOk = false;
      result.errors.push('the signing-certificate attribute does not match the signer certificate');
    }
  } else if (result.subFilter === 'ETSI.CAdES.detached') {
    result.errors.push('the signing-certificate attribute required by PAdES is missing');
  }
  if (cms.timestamp && !(cms.timestamp.imprintOk && cms.timestamp.signatureOk)) result.errors.push('the signature timestamp does not verify');
}

/**
 * The ByteRange must start at 0, skip exactly the hex string of this
 * signature's /Contents (inside the signature dictionary, which itself lies in
 * the signed part) and end where a revision ends. Anything else would let
 * unsigned bytes hide in the document.
 */
function checkByteRange(bytes: Uint8Array, reader: PdfReader, sigRef: PdfRef, range: number[], contents: PdfValue | undefined): string | undefined {
  if (range.length !== 4 || !range.every((n) => Number.isInteger(n) && n >= 0)) return 'the ByteRange is malformed';
  const [a, b, c, d] = range;
  if (a !== 0 || b === 0 || c <= b || c + d > bytes.length) return 'the ByteRange does not start at the beginning or runs past the end of the file';
  if (!(contents instanceof PdfString)) return 'the signature has no /Contents';
  const gap = Buffer.from(bytes.subarray(b, c)).toString('latin1');
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || !Buffer.from(gap.slice(1, -1), 'hex').equals(Buffer.from(contents.bytes))) {
    return 'the ByteRange leaves out more than the signature value: part of the file is not signed';
  }
  const entry = reader.xref.get(sigRef.num);
  if (entry?.kind !== 'offset' || entry.offset >= b || Buffer.from(bytes.subarray(entry.offset, b)).includes('endobj')) {
    return 'the signature dictionary is not part of the signed bytes';
  }
  const tail = Buffer.from(bytes.subarray(Math.max(0, c + d - 16), c + d)).toString('latin1').trimEnd();
  if (!tail.endsWith('%%EOF')) return 'the ByteRange does not end at the end of a revision';
  return undefined;
}

function laterChanges(bytes: Uint8Array, current: PdfReader, signedLength: number): string[] {
  try {
    return disallowedChanges(PdfReader.open(bytes.subarray(0, signedLength)), current);
  } catch (e) {
    return [`the revisions after the signature cannot be compared: ${(e as Error).message}`];
  }
}

/** The DER element, without the zero padding that fills the rest of the placeholder. */
function trimDer(contents: Uint8Array): Buffer {
  return Buffer.from(readDer(contents).raw);
}

function textOf(v: PdfValue | undefined): string | undefined {
  return v instanceof PdfString ? v.text() : undefined;
}

/** D:YYYYMMDDHHmmSS with an optional Z or ±HH'mm' offset. */
export function parsePdfDate(text: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/.exec(text ?? '');
  if (!m) return undefined;
  const [year, month = '01', day = '01', hour = '00', minute = '00', second = '00'] = m.slice(1, 7);
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0)) : 0;
  return new Date(utc - offset * 60_000);
}
