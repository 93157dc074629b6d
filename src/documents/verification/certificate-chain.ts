import { X509Certificate } from 'node:crypto';

export interface ChainResult {
  ok: boolean;
  /** Subject of the trust anchor reached. */
  chainedTo?: string;
  errors: string[];
}

const MAX_DEPTH = 8;

/**
 * Builds a path from the signer's certificate through the certificates the
 * signature carries to one of the trust anchors (our CA, a configured BSrE
 * root), checking each link's signature and each certificate's validity at
 * the signing time. Revocation is not checked here.
 */
export function validateChain(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): ChainResult {
  const errors: string[] = [];
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  let anchor: X509Certificate | undefined;
  for (let depth = 0; depth < MAX_DEPTH && !anchor; depth++) {
    anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256) ?? anchors.find((a) => issuedBy(current, a));
    if (anchor) break;
    const issuer = pool.find((c) => !path.includes(c) && c.ca && issuedBy(current, c));
    if (!issuer) break;
    path.push(issuer);
    current = issuer;
  }
  if (!anchor) errors.push(`the certificate chain does not lead to a trusted root (issuer: ${oneLine(current.issuer)})`);
  for (const cert of anchor && anchor !== current ? [...path, anchor] : path) {
    if (at < new Date(cert.validFrom) || at > new Date(cert.validTo)) {
      errors.push(`certificate "${oneLine(cert.subject)}" was not valid at ${at.toISOString()}`);
    }
  }
  return { ok: errors.length === 0, chainedTo: anchor ? oneLine(anchor.subject) : undefined, errors };
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
