import { X509Certificate } from 'node:crypto';
import { certificateFacts } from '../signing/certificate-facts';
import { OID, TAG, contextChild, oidOf, readDer } from '../signing/der';
import { ValidationData } from './dss';
import { revocationAt } from './long-term';
import { buildOcspRequest, certIdFor, parseOcspResponse } from './ocsp';
import { serialKey } from './pki-asn1';

/** RFC 5940: an OCSP response among a SignedData's revocationInfoChoices. */
const ID_RI_OCSP_RESPONSE = '1.3.6.1.5.5.7.16.2';

/**
 * The revocation data a CMS signature carries itself (what BSrE returns): SignedData.crls
 * holds CRLs and, as RFC 5940 `other` entries, OCSP responses. Nested timestamp tokens' too.
 */
export function revocationInCms(cms: Uint8Array): Pick<ValidationData, 'crls' | 'ocsps'> {
  const out = { crls: [] as Buffer[], ocsps: [] as Buffer[] };
  try {
    collect(readDer(cms), out, 0);
  } catch {
    // Unreadable: nothing to add.
  }
  return out;
}

function collect(contentInfo: ReturnType<typeof readDer>, out: Pick<ValidationData, 'crls' | 'ocsps'>, depth: number): void {
  if (depth > 3 || contentInfo.tag !== TAG.sequence || oidOf(contentInfo.children[0]) !== OID.signedData) return;
  const signedData = contextChild(contentInfo, 0)?.children[0];
  if (!signedData) return;
  for (const choice of signedData.children.find((c) => c.tag === 0xa1)?.children ?? []) {
    if (choice.tag === TAG.sequence) out.crls.push(Buffer.from(choice.raw));
    else if (choice.tag === 0xa1 && oidOf(choice.children[0]) === ID_RI_OCSP_RESPONSE && choice.children[1]) out.ocsps.push(Buffer.from(choice.children[1].raw));
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

/** The OCSP responder a certificate names in its authority information access, if any (http or https). */
export function ocspUrlOf(cert: X509Certificate): string | undefined {
  const urls = cert.toLegacyObject().infoAccess?.['OCSP - URI'] ?? [];
  return urls.find((u) => /^https?:\/\//i.test(u));
}

/**
 * Asks the certificate's OCSP responder (its AIA) about it, over HTTP POST (RFC 6960 A.1).
 * The answer is kept only when it is a signed answer by the issuer about this certificate
 * that says good or revoked; anything else is undefined (the caller goes on without it).
 */
export async function fetchOcsp(cert: X509Certificate, issuer: X509Certificate, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<Buffer | undefined> {
  const url = ocspUrlOf(cert);
  if (!url) return undefined;
  const facts = certificateFacts(cert.raw);
  const request = buildOcspRequest([certIdFor(facts, certificateFacts(issuer.raw))]);
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' },
    body: new Uint8Array(request),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) return undefined;
  const bytes = Buffer.from(await res.arrayBuffer());
  const parsed = parseOcspResponse(bytes);
  const serial = serialKey(facts.serialNumber.subarray(2));
  if (parsed.status !== 0 || !parsed.verify(issuer)) return undefined;
  return parsed.responses.some((r) => r.certId.serial === serial && r.status.status !== 'unknown') ? bytes : undefined;
}

/** Whether `data` says, for `at`, whether `cert` was revoked (an OCSP answer or CRL signed by its issuer). */
export function coversRevocation(data: Pick<ValidationData, 'crls' | 'ocsps'>, cert: X509Certificate, issuer: X509Certificate, at: Date): boolean {
  return revocationAt({ certs: [], crls: data.crls, ocsps: data.ocsps, vri: new Map() }, cert, issuer, at).status !== 'unknown';
}
