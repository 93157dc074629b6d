import { KeyObject, X509Certificate, generateKeyPair, randomBytes, sign as cryptoSign } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { certificateFacts, derToPem, publicKeyId } from './certificate-facts';
import { OID, contextChild, der, oidOf, readDer } from './der';

/**
 * The deployment's own certificate authority, for bodies not (yet) on BSrE: a
 * self-signed root that issues each official a signing certificate. X.509
 * structures are written as DER; every signature is Node's crypto.
 */

export interface CaSubject {
  /** e.g. "e-Surat CA Pemerintah Kota Pekalongan". */
  commonName: string;
  /** The body, e.g. "Pemerintah Kota Pekalongan". */
  organization: string;
  /** ISO 3166 code; "ID" by default. */
  country?: string;
}

export interface OfficialSubject {
  name: string;
  /** NIP, 18 digits: carried in the subject's serialNumber attribute. */
  nip: string;
  organization: string;
  unit?: string;
}

export interface KeyAndCertificate {
  certificatePem: string;
  /** Seal it with sealPrivateKey before it is stored. */
  privateKey: KeyObject;
}

export interface IssueOptions {
  keyBits?: 2048 | 3072 | 4096;
  validityYears?: number;
  /** Validity in milliseconds instead of years (short-lived certificates, tests of expiry). */
  validityMs?: number;
  now?: Date;
  /** Further extensions of an issued certificate (CRL distribution point, authority information access). */
  extraExtensions?: Buffer[];
}

/** Tolerates clocks of verifying machines running a little behind. */
const BACKDATE_MS = 5 * 60 * 1000;
const KEY_USAGE_CA = der.bitString(Buffer.from([0x06]), 1); // keyCertSign | cRLSign
const KEY_USAGE_SIGNER = der.bitString(Buffer.from([0xc0]), 6); // digitalSignature | nonRepudiation
const KEY_USAGE_TSA = der.bitString(Buffer.from([0xc0]), 6); // digitalSignature | nonRepudiation (RFC 3161 §2.3)

export async function createDeploymentCa(subject: CaSubject, options: IssueOptions = {}): Promise<KeyAndCertificate> {
  const keys = await rsaKeyPair(options.keyBits ?? 3072);
  const name = distinguishedName([
    [OID.country, subject.country ?? 'ID', 'printable'],
    [OID.organization, subject.organization, 'utf8'],
    [OID.commonName, subject.commonName, 'utf8'],
  ]);
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const keyId = publicKeyId(readDer(spki));
  const certificate = signCertificate(
    {
      subject: name,
      issuer: name,
      spki,
      validityYears: options.validityYears ?? 10,
      now: options.now,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true), der.integer(0))),
        extension(OID.keyUsage, true, KEY_USAGE_CA),
        extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
      ],
    },
    keys.privateKey,
  );
  return { certificatePem: derToPem(certificate), privateKey: keys.privateKey };
}

export async function issueSigningCertificate(
  ca: KeyAndCertificate,
  official: OfficialSubject,
  options: IssueOptions = {},
): Promise<KeyAndCertificate> {
  if (!/^\d{18}$/.test(official.nip)) {
    throw new DocumentError(DocumentErrorCode.SIGNING_CERTIFICATE_INVALID, 'A NIP has exactly 18 digits');
  }
  const caFacts = certificateFacts(ca.certificatePem);
  if (!caFacts.x509.checkPrivateKey(ca.privateKey)) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The CA private key does not match the CA certificate');
  }
  const keys = await rsaKeyPair(options.keyBits ?? 2048);
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const certificate = signCertificate(
    {
      subject: distinguishedName([
        [OID.country, 'ID', 'printable'],
        [OID.organization, official.organization, 'utf8'],
        ...(official.unit ? [[OID.organizationalUnit, official.unit, 'utf8'] as NamePart] : []),
        [OID.serialNumber, official.nip, 'printable'],
        [OID.commonName, official.name, 'utf8'],
      ]),
      issuer: caFacts.subjectName,
      spki,
      validityYears: options.validityYears ?? 2,
      validityMs: options.validityMs,
      now: options.now,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence()),
        extension(OID.keyUsage, true, KEY_USAGE_SIGNER),
        extension(OID.subjectKeyIdentifier, false, der.octetString(publicKeyId(readDer(spki)))),
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, caFacts.subjectKeyId ?? caFacts.publicKeyId))),
        ...(options.extraExtensions ?? []),
      ],
    },
    ca.privateKey,
  );
  const issued = new X509Certificate(certificate);
  if (!issued.verify(caFacts.x509.publicKey)) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The issued certificate does not verify with the CA key');
  }
  return { certificatePem: derToPem(certificate), privateKey: keys.privateKey };
}

/**
 * A new certificate for an official's existing key (the key stays sealed under their
 * passphrase; only the public key is needed): the same subject, the same end of validity, the
 * current extensions plus `extraExtensions`, a new serial. For certificates issued before
 * their revocation pointers were written.
 */
export function reissueSigningCertificate(ca: KeyAndCertificate, certificatePem: string, extraExtensions: Buffer[], now = new Date()): string {
  const caFacts = certificateFacts(ca.certificatePem);
  const old = certificateFacts(certificatePem);
  const spki = old.x509.publicKey.export({ type: 'spki', format: 'der' });
  const certificate = signCertificate(
    {
      subject: old.subjectName,
      issuer: caFacts.subjectName,
      spki,
      validityYears: 0,
      validityMs: new Date(old.x509.validTo).getTime() - now.getTime(),
      now,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence()),
        extension(OID.keyUsage, true, KEY_USAGE_SIGNER),
        extension(OID.subjectKeyIdentifier, false, der.octetString(publicKeyId(readDer(spki)))),
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, caFacts.subjectKeyId ?? caFacts.publicKeyId))),
        ...extraExtensions,
      ],
    },
    ca.privateKey,
  );
  if (!new X509Certificate(certificate).verify(caFacts.x509.publicKey)) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The issued certificate does not verify with the CA key');
  }
  return derToPem(certificate);
}

/** The OIDs of a certificate's extensions. */
export function extensionOids(certificate: Uint8Array | string): string[] {
  const tbs = readDer(certificateFacts(certificate).der).children[0];
  const extensions = contextChild(tbs, 3)?.children[0];
  return (extensions?.children ?? []).map((e) => oidOf(e.children[0]));
}

export interface TsaSubject {
  /** e.g. "TSA e-Surat Pemerintah Kota Pekalongan". */
  commonName: string;
  organization: string;
}

/**
 * A timestamp authority's certificate under the deployment CA (RFC 3161 §2.3): the only
 * extended key usage is timeStamping, marked critical, and the key signs nothing else.
 */
export async function issueTimestampingCertificate(ca: KeyAndCertificate, subject: TsaSubject, options: IssueOptions = {}): Promise<KeyAndCertificate> {
  const caFacts = certificateFacts(ca.certificatePem);
  if (!caFacts.x509.checkPrivateKey(ca.privateKey)) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The CA private key does not match the CA certificate');
  }
  const keys = await rsaKeyPair(options.keyBits ?? 2048);
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const certificate = signCertificate(
    {
      subject: distinguishedName([
        [OID.country, 'ID', 'printable'],
        [OID.organization, subject.organization, 'utf8'],
        [OID.commonName, subject.commonName, 'utf8'],
      ]),
      issuer: caFacts.subjectName,
      spki,
      validityYears: options.validityYears ?? 5,
      now: options.now,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence()),
        extension(OID.keyUsage, true, KEY_USAGE_TSA),
        extension(OID.extKeyUsage, true, der.sequence(der.oid(OID.timeStamping))),
        extension(OID.subjectKeyIdentifier, false, der.octetString(publicKeyId(readDer(spki)))),
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, caFacts.subjectKeyId ?? caFacts.publicKeyId))),
      ],
    },
    ca.privateKey,
  );
  return { certificatePem: derToPem(certificate), privateKey: keys.privateKey };
}

type NamePart = [oid: string, value: string, kind: 'utf8' | 'printable'];

/** One attribute per RDN, as CAs write names. */
function distinguishedName(parts: NamePart[]): Buffer {
  return der.sequence(
    ...parts.map(([oid, value, kind]) =>
      der.set(der.sequence(der.oid(oid), kind === 'printable' ? der.printableString(value) : der.utf8String(value))),
    ),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

interface CertificateBody {
  subject: Buffer;
  issuer: Buffer;
  spki: Buffer;
  validityYears: number;
  validityMs?: number;
  now?: Date;
  extensions: Buffer[];
}

function signCertificate(body: CertificateBody, issuerKey: KeyObject): Buffer {
  const now = body.now ?? new Date();
  const notAfter = new Date(now);
  if (body.validityMs !== undefined) notAfter.setTime(now.getTime() + body.validityMs);
  else notAfter.setUTCFullYear(notAfter.getUTCFullYear() + body.validityYears);
  const algorithm = der.algorithm(OID.sha256WithRsa, true);
  const tbs = der.sequence(
    der.context(0, der.integer(2)), // v3
    der.integer(serialNumber()),
    algorithm,
    body.issuer,
    der.sequence(der.time(new Date(now.getTime() - BACKDATE_MS)), der.time(notAfter)),
    body.subject,
    body.spki,
    der.context(3, der.sequence(...body.extensions)),
  );
  return der.sequence(tbs, algorithm, der.bitString(cryptoSign('sha256', tbs, issuerKey)));
}

/** 16 random bytes, positive, without a leading zero byte (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes;
}

function rsaKeyPair(modulusLength: number): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength }, (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey }))),
  );
}
