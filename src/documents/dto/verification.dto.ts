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
}

/** One embedded signature of an uploaded PDF. */
export class SignatureCheckDto {
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
