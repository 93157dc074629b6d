import { X509Certificate, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CONFIDENTIAL_SIFAT, LetterEntity, SIFAT_LABEL } from '../records/letter.entity';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { DeploymentCaService } from './deployment-ca.service';
import { LetterDocumentsService, LetterDocumentView } from './letter-documents.service';
import { wibDate } from '../common/time/wib';
import { inspectPdf, isVerificationCode } from './pdf';
import { SigningError, SigningErrorCode } from './signing.errors';
import { verifyPdf } from './verification';
import { LongTermAssessment, assessLongTerm } from './pki/long-term';
import type { PublicLetterView, SignatureCheckDto, UploadVerification } from './dto/verification.dto';
import type { PdfVerification } from './verification/pdf-verifier';

export { PublicLetterView, UploadVerification } from './dto/verification.dto';

/** Stored documents whose checks are kept in memory (a few hundred KB at most). */
const CHECKED_DOCUMENTS_KEPT = 256;

@Injectable()
export class VerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly registry: WorkflowRegistry,
    private readonly documents: LetterDocumentsService,
    private readonly ca: DeploymentCaService,
  ) {}

  /** Checks of stored signed documents by document id: their bytes never change, nor does the verdict drawn from them alone. */
  private readonly checked = new Map<string, SignatureCheckDto[]>();

  async byCode(code: string): Promise<PublicLetterView> {
    const letter = isVerificationCode(code) ? await this.db.manager.findOne(LetterEntity, { where: { verificationCode: code } }) : null;
    if (!letter) throw new SigningError(SigningErrorCode.VERIFICATION_CODE_NOT_FOUND, 'No letter has this verification code');
    return this.publicView(letter, true);
  }

  /** Checks an uploaded PDF; nothing of it is stored. */
  async verifyUpload(bytes: Buffer | undefined): Promise<UploadVerification> {
    if (!bytes) throw new SigningError(SigningErrorCode.FILE_REQUIRED, 'Send the PDF as the multipart field "file"');
    await inspectPdf(bytes, { maxBytes: this.config.UPLOAD_LIMIT_BYTES });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [match] = await this.db.query(
      `SELECT d.letter_id, (l.current_document_id = d.id) AS is_current FROM letter_document d JOIN letter l ON l.id = d.letter_id
        WHERE d.sha256 = $1 AND d.kind IN ('signed', 'ltv-renewal') ORDER BY d.created_at DESC LIMIT 1`,
      [sha256],
    );
    const letter = match ? await this.db.manager.findOne(LetterEntity, { where: { id: match.letter_id } }) : null;
    const { result, signatures } = await this.check(bytes);
    return {
      byteIdentical: !!letter,
      latestRevision: letter ? Boolean(match.is_current) : undefined,
      sha256,
      letter: letter ? await this.publicView(letter, false) : undefined,
      signatures,
      allIntact: result.allIntact,
      allTrusted: result.allTrusted,
      modifiedAfterLastSignature: result.modifiedAfterLastSignature,
      errors: result.errors,
    };
  }

  /** Every signature of a PDF, from its bytes alone (no network): intact, trusted, its level and proven time. */
  private async check(bytes: Buffer): Promise<{ result: PdfVerification; signatures: SignatureCheckDto[] }> {
    const anchors = await this.ca.trustAnchors();
    const result = verifyPdf(bytes, anchors);
    const longTerm = assessLongTerm(bytes, result, anchors.map((a) => new X509Certificate(a)));
    return {
      result,
      signatures: result.signatures.map((s, i) => ({
        ...longTermView(longTerm[i]),
        // The certificate's CN with RFC 4514 escapes (\\,) removed, as people write the name.
        signerName: s.signerName?.replace(/\\(.)/g, '$1'),
        signingTime: s.signingTime,
        issuer: s.signerCertIssuer,
        intact: s.intact,
        trusted: s.chainOk,
        chainedTo: s.chainedTo,
        coversWholeDocument: s.coversWholeFileExceptSignature,
        reason: s.reason,
        errors: s.errors,
        changesAfter: s.changesAfter,
      })),
    };
  }

  /** The checks of a stored signed document, kept for the most recently asked ones. */
  private async storedChecks(document: LetterDocumentView): Promise<SignatureCheckDto[]> {
    const cached = this.checked.get(document.id);
    if (cached) return cached;
    const { signatures } = await this.check(await this.documents.bytes(document));
    if (this.checked.size >= CHECKED_DOCUMENTS_KEPT) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(document.id, signatures);
    return signatures;
  }

  private async publicView(letter: LetterEntity, withSignatures: boolean): Promise<PublicLetterView> {
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    const signed = await this.documents.signatures(this.db.manager, letter.id);
    const current = await this.documents.current(this.db.manager, letter.id);
    const confidential = CONFIDENTIAL_SIFAT.includes(letter.sifat);
    const signedDocument = current && (current.kind === 'signed' || current.kind === 'ltv-renewal') ? current : undefined;
    return {
      code: letter.verificationCode!,
      number: letter.number,
      date: letter.numberedAt ? wibDate(new Date(letter.numberedAt)) : null,
      type: letter.workflowKey,
      typeLabel: registered.workflow.definition.name,
      sifat: letter.sifat,
      sifatLabel: SIFAT_LABEL[letter.sifat] ?? letter.sifat,
      ...(confidential ? {} : { subject: letter.subject }),
      status: letter.state,
      statusLabel: registered.workflow.definition.states[letter.state]?.label ?? letter.state,
      signed: letter.signedAt !== null,
      signers: signed.map((d) => ({ name: d.signer!.name, position: d.signer!.positionName, capacity: d.signer!.capacity, signedAt: d.createdAt })),
      document: signedDocument ? { sha256: signedDocument.sha256, size: signedDocument.size } : undefined,
      ...(withSignatures && signedDocument ? { signatures: await this.storedChecks(signedDocument) } : {}),
    };
  }
}

/** The long-term fields of a signature check (levels, proven time, revocation at that time). */
function longTermView(a: LongTermAssessment) {
  return {
    kind: a.kind,
    level: a.level,
    provenTime: a.provenTime,
    claimedTime: a.claimedTime,
    certificateValidAtTime: a.certificateValidAtTime,
    revocation: a.revocation,
    holds: a.holds,
  };
}
