import { ApiProperty } from '@nestjs/swagger';
/** A signer of the letter as the public verification shows them. */
export class PublicSignerDto {
  name: string;
  /** The jabatan signed as. */
  position: string;
  /** holder, plt or plh. */
  capacity: string;
  signedAt: Date;
}

/** The signed document's fingerprint. */
export class PublicDocumentDto {
  sha256: string;
  size: number;
}

/** What anyone holding the QR code may see: never the body, and no subject for Rahasia and above. */
export class PublicLetterView {
  code: string;
  number: string | null;
  /** Tanggal surat, YYYY-MM-DD (WIB). */
  date: string | null;
  type: string;
  typeLabel: string;
  sifat: string;
  /** The sifat as the letter prints it, e.g. "Sangat Rahasia". */
  sifatLabel: string;
  /** Absent for Rahasia and Sangat Rahasia letters. */
  subject?: string;
  status: string;
  statusLabel: string;
  signed: boolean;
  signers: PublicSignerDto[];
  document?: PublicDocumentDto;
  /**
   * GET /verify/:code: each signature of the signed document as stored, checked as POST /verify
   * checks an upload (level, proven time, valid and unrevoked at that time), from the file alone.
   * Absent before the first signature, and inside POST /verify's answer (its `signatures` say it).
   */
  signatures?: SignatureCheckDto[];
}

/** Whether the signer's certificate was revoked at the proven time, from the data embedded in the file. */
export class RevocationCheckDto {
  /** good: unrevoked at that time (a revocation after it does not count); unknown: the file carries no revocation data for it. */
  @ApiProperty({ enum: ['good', 'revoked', 'unknown'] })
  status: 'good' | 'revoked' | 'unknown';
  /** From when the certificate is revoked, when the data says it is (possibly after the proven time). */
  revokedAt?: Date;
  @ApiProperty({ enum: ['ocsp', 'crl'], required: false })
  source?: 'ocsp' | 'crl';
  /** When the OCSP answer or CRL that says so was issued. */
  issuedAt?: Date;
}

/** One embedded signature of an uploaded PDF. */
export class SignatureCheckDto {
  /** A signature, or a document timestamp (B-LTA) over everything before it. */
  @ApiProperty({ enum: ['signature', 'document-timestamp'] })
  kind: 'signature' | 'document-timestamp';
  /** PAdES baseline level: B-B (no timestamp), B-T (timestamped), B-LT (with revocation data), B-LTA (with an archive timestamp). */
  @ApiProperty({ enum: ['B-B', 'B-T', 'B-LT', 'B-LTA'] })
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** The time proven by a verified timestamp; absent when nothing proves one. */
  provenTime?: Date;
  /** The time the signer claims (absent when a timestamp proves one): a claim, not a proof. */
  claimedTime?: Date;
  /** The certificate chain was valid at the proven (or claimed) time. */
  certificateValidAtTime: boolean;
  revocation: RevocationCheckDto;
  /** Intact, trusted, and valid and unrevoked at a proven time: the signature holds, even after its certificate expired. */
  holds: boolean;
  signerName?: string;
  signingTime?: Date;
  issuer?: string;
  /** The signed bytes are unchanged. */
  intact: boolean;
  /** The certificate chains to a trusted authority. */
  trusted: boolean;
  chainedTo?: string;
  coversWholeDocument: boolean;
  reason?: string;
  errors: string[];
  /** What was changed in the file after this signature. */
  changesAfter: string[];
}

/** POST /verify: whether the PDF is our original and whether every signature is intact. */
export class UploadVerification {
  /** The file is exactly one of our stored signed revisions. */
  byteIdentical: boolean;
  /** ... and that revision is the letter's current document (every signature applied so far). */
  latestRevision?: boolean;
  sha256: string;
  letter?: PublicLetterView;
  signatures: SignatureCheckDto[];
  allIntact: boolean;
  allTrusted: boolean;
  modifiedAfterLastSignature: boolean;
  errors: string[];
}
