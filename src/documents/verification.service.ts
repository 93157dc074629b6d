import { X509Certificate, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CONFIDENTIAL_SIFAT, LetterEntity, SIFAT_LABEL } from '../letters/letter.entity';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { DeploymentCaService } from './deployment-ca.service';
import { LetterDocumentsService } from './letter-documents.service';
import { wibDate } from '../common/time/wib';
import { inspectPdf, isVerificationCode } from './pdf';
import { SigningError, SigningErrorCode } from './signing.errors';
import { verifyPdf } from './verification';
import { LongTermAssessment, assessLongTerm } from '../pki/long-term';
import type { PublicLetterView, UploadVerification } from './dto/verification.dto';

export { PublicLetterView, UploadVerification } from './dto/verification.dto';

@Injectable()
export class VerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly registry: WorkflowRegistry,
    private readonly documents: LetterDocumentsService,
    private readonly ca: DeploymentCaService,
  ) {}

  async byCode(code: string): Promise<PublicLetterView> {
    const letter = isVerificationCode(code) ? await this.db.manager.findOne(LetterEntity, { where: { verificationCode: code } }) : null;
    if (!letter) throw new SigningError(SigningErrorCode.VERIFICATION_CODE_NOT_FOUND, 'No letter has this verification code');
    return this.publicView(letter);
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
    const anchors = await this.ca.trustAnchors();
    const result = verifyPdf(bytes, anchors);
    const longTerm = assessLongTerm(bytes, result, anchors.map((a) => new X509Certificate(a)));
    return {
      byteIdentical: !!letter,
      latestRevision: letter ? Boolean(match.is_current) : undefined,
      sha256,
      letter: letter ? await this.publicView(letter) : undefined,
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
      allIntact: result.allIntact,
      allTrusted: result.allTrusted,
      modifiedAfterLastSignature: result.modifiedAfterLastSignature,
      errors: result.errors,
    };
  }

  private async publicView(letter: LetterEntity): Promise<PublicLetterView> {
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    const signed = await this.documents.signatures(this.db.manager, letter.id);
    const current = await this.documents.current(this.db.manager, letter.id);
    const confidential = CONFIDENTIAL_SIFAT.includes(letter.sifat);
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
      document: current && (current.kind === 'signed' || current.kind === 'ltv-renewal') ? { sha256: current.sha256, size: current.size } : undefined,
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
