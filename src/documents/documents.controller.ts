import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import type { PersonPrincipal } from '../records/principal';
import type { AppAbility } from '../authz/ability.factory';
import { contentDisposition } from '../storage/object-naming';
import { LetterKind } from '../records/letter.entity';
import { LetterError, LetterErrorCode } from '../letters/access/letters.errors';
import { LetterWorkflowService } from '../workflow/letter-workflow.service';
import { IssueSigningCertificateDto } from './dto/signing-certificate.dto';
import { LetterDocumentsService, LetterDocumentView } from './letter-documents.service';
import { letterFileName } from './letter-file-name';
import { LetterRenderService } from './letter-render.service';
import { SigningCredentialsService } from './signing-credentials.service';
import { CredentialView } from './signer-credentials';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { SigningErrorCode } from './signing.errors';
import { DocumentErrorCode } from './documents.errors';
import { StorageErrorCode } from '../storage/storage.errors';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/v1')
export class DocumentsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
    private readonly documents: LetterDocumentsService,
    private readonly credentials: SigningCredentialsService,
    private readonly audit: AuditService,
    private readonly renderer: LetterRenderService,
  ) {}

  /**
   * The draft as it would print now (KONSEP watermark, no number), rendered on the fly and not
   * stored: what the drafter checks before submitting, when no draft render exists yet (a draft
   * is first rendered on entering review). A signed letter has its own document instead.
   */
  @Get('letters/:id/preview')
  @ApiProduces('application/pdf')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, LetterErrorCode.NOT_EDITABLE)
  async preview(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<StreamableFile> {
    const letter = await this.workflow.loadVisible(this.db.manager, id, ability);
    if (letter.kind !== LetterKind.Outgoing || letter.verificationCode) {
      throw LetterError.unprocessable(LetterErrorCode.NOT_EDITABLE, 'Only an unsigned outgoing draft has a preview; GET /letters/:id/document gives the signed letter');
    }
    const rendered = await this.renderer.render(await this.renderer.input(this.db.manager, letter), 'draft');
    await this.audit.download(this.db, id, { type: 'letter_preview', id }, { sifat: letter.sifat });
    return new StreamableFile(Buffer.from(rendered.pdf), {
      type: 'application/pdf',
      length: rendered.pdf.byteLength,
      // inline: a plain link opens it in the browser's own viewer (phones too), with the session cookie.
      disposition: contentDisposition(letterFileName(letter)).replace(/^attachment/, 'inline'),
    });
  }

  /** The letter's current PDF (latest render or signed revision), streamed. */
  @Get('letters/:id/document')
  @ApiProduces('application/pdf')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND, SigningErrorCode.DOCUMENT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  async document(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<StreamableFile> {
    const letter = await this.workflow.loadVisible(this.db.manager, id, ability);
    const current = await this.documents.currentOrFail(this.db.manager, id);
    await this.audit.download(this.db, id, { type: 'letter_document', id: current.id }, { kind: current.kind, sha256: current.sha256, sifat: letter.sifat });
    const { object, stream } = await this.documents.open(current);
    return new StreamableFile(stream, {
      type: 'application/pdf',
      length: object.size,
      disposition: contentDisposition(letterFileName(letter)),
    });
  }

  /** Every stored version of the letter's PDF: drafts, the final render and each signed revision. */
  @Get('letters/:id/documents')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  async documentsOf(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<LetterDocumentView[]> {
    await this.workflow.loadVisible(this.db.manager, id, ability);
    return this.documents.list(this.db.manager, id);
  }

  /** The caller's signing certificate (never the key). */
  @Get('me/signing-certificate')
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, SigningErrorCode.SIGNING_CERTIFICATE_NOT_FOUND)
  signingCertificate(@CurrentPerson() person: PersonPrincipal): Promise<CredentialView> {
    return this.credentials.view(person);
  }

  /** Issues the caller (an official) a certificate from the deployment CA, replacing an older one. */
  @Post('me/signing-certificate')
  @ApiErrors(HttpStatus.BAD_REQUEST, DocumentErrorCode.WEAK_PASSPHRASE)
  @ApiErrors(HttpStatus.FORBIDDEN, SigningErrorCode.SIGNING_NOT_ALLOWED)
  issueSigningCertificate(@CurrentPerson() person: PersonPrincipal, @Body() dto: IssueSigningCertificateDto): Promise<CredentialView> {
    return this.credentials.issue(person, dto.passphrase);
  }
}
