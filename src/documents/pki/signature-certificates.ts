import { X509Certificate } from 'node:crypto';
import { PdfDict, PdfRef, PdfString, PdfValue } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { DerNode, OID, TAG, contextChild, oidOf, readDer } from '../signing/der';

/** A signature or document timestamp of a PDF, with every certificate its CMS (and timestamp tokens) carry. */
export interface EmbeddedSignature {
  fieldName: string;
  sigRef: PdfRef;
  dict: PdfDict;
  /** The /Contents string's bytes, padding included (what a /VRI key hashes). */
  contents: Buffer;
  /** Certificates of the CMS and of any timestamp token nested in it. */
  certificates: X509Certificate[];
}

/** Every signed signature field of the AcroForm, document timestamps included. */
export function embeddedSignatures(reader: PdfReader): EmbeddedSignature[] {
  const out: EmbeddedSignature[] = [];
  const seen = new Set<number>();
  const walk = (fields: PdfValue | undefined, prefix: string, depth: number) => {
    const list = reader.resolve(fields);
    if (!Array.isArray(list) || depth > 16) return;
    for (const ref of list) {
      const field = reader.dict(ref);
      if (!field || !(ref instanceof PdfRef) || seen.has(ref.num)) continue;
      seen.add(ref.num);
      const partial = field.get('T') instanceof PdfString ? (field.get('T') as PdfString).text() : '';
      const name = [prefix, partial].filter(Boolean).join('.');
      const value = field.get('V');
      const sig = reader.dict(value);
      const contents = sig?.get('Contents');
      if (value instanceof PdfRef && sig && contents instanceof PdfString) {
        out.push({ fieldName: name, sigRef: value, dict: sig, contents: Buffer.from(contents.bytes), certificates: certificatesOf(contents.bytes) });
      }
      walk(field.get('Kids'), name, depth + 1);
    }
  };
  try {
    walk(reader.dict(reader.catalog().get('AcroForm'))?.get('Fields'), '', 0);
  } catch {
    // A broken form yields fewer signatures.
  }
  return out;
}

/** Certificates of a CMS ContentInfo and of the timestamp tokens in its unsigned attributes; [] when unreadable. */
export function certificatesOf(cms: Uint8Array): X509Certificate[] {
  const out = new Map<string, X509Certificate>();
  try {
    collect(readDer(cms), out, 0);
  } catch {
    // Unreadable: nothing to add.
  }
  return [...out.values()];
}

function collect(contentInfo: DerNode, out: Map<string, X509Certificate>, depth: number): void {
  if (depth > 3 || contentInfo.tag !== TAG.sequence || oidOf(contentInfo.children[0]) !== OID.signedData) return;
  const signedData = contextChild(contentInfo, 0)?.children[0];
  if (!signedData) return;
  for (const c of contextChild(signedData, 0)?.children ?? []) {
    if (c.tag !== TAG.sequence) continue;
    try {
      const x509 = new X509Certificate(c.raw);
      out.set(x509.fingerprint256, x509);
    } catch {
      // Not a certificate (an attribute certificate...): skipped.
    }
  }
  const signerInfos = signedData.children[signedData.children.length - 1];
  for (const info of signerInfos?.tag === TAG.set ? signerInfos.children : []) {
    const unsigned = info.children.find((c) => c.tag === 0xa1);
    for (const attr of unsigned?.children ?? []) {
      if (oidOf(attr.children[0]) !== OID.signatureTimeStampToken) continue;
      for (const token of attr.children[1]?.children ?? []) collect(token, out, depth + 1);
    }
  }
}
