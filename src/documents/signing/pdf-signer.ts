/** Where a visible signature widget sits, in PDF points from the page's lower-left corner. */
export interface SignatureAppearance {
  /** 0-based page index. */
  pageIndex: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Specimen image drawn in the widget (BSrE requires one for a visible signature). */
  imagePng?: Uint8Array;
}

export interface SignRequest {
  /** Absent: an invisible signature (the letter already shows the QR and signature block). */
  appearance?: SignatureAppearance;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Recorded as the signature's /M; defaults to now. */
  signingTime?: Date;
}

/**
 * Signs a PDF with one more PAdES signature, appended as an incremental update
 * so every earlier signature stays valid. Implementations hold the signer's
 * unlocked key or credentials for the duration of one signing session.
 */
export interface PdfSigner {
  sign(pdf: Uint8Array, request: SignRequest): Promise<Uint8Array>;
}
