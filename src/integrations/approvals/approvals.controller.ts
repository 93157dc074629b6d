import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '../../common/http/file-upload.interceptor';
import { ApiBody, ApiConsumes, ApiHeader, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Callers, CurrentModule, Scopes } from '../../auth/auth.decorators';
import { ModulePrincipal } from '../../records/principal';
import { CommonError, CommonErrorCode } from '../../common/errors/app-error';
import { parseNestedJson } from '../../common/input-limits';
import { createValidationPipe } from '../../common/validation';
import { ApprovalsService, UploadedPdf } from './approvals.service';
import { ApprovalPageDto, ApprovalViewDto } from './dto/approval-view.dto';
import { CancelApprovalDto, CreateApprovalDto } from './dto/create-approval.dto';
import { ListApprovalsQuery } from './dto/list-approvals.query';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { StorageErrorCode } from '../../storage/storage.errors';
import { WorkflowErrorCode } from '../../workflow/engine/workflow.errors';
import { DocumentErrorCode } from '../../documents/documents.errors';
import { IntegrationErrorCode } from '../integrations.errors';

const validation = createValidationPipe();

/** The approval API for other SIM modules (X-Api-Key). */
@ApiTags('approvals')
@ApiSecurity('api-key')
@Callers('module')
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  /**
   * Asks for an approval. JSON (the PDF as `pdfBase64`) or multipart (the body as a JSON field
   * `request`, the PDF as file `pdf`). 201 when created; with an Idempotency-Key already used
   * for the same body, 200 with the approval it created; for another body, 422 IDEMPOTENCY_KEY_REUSED.
   */
  @Post()
  @Scopes('approvals:write')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateApprovalDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Remembered for at least 24 hours' })
  @UseInterceptors(FileInterceptor('pdf', (config) => ({ files: 1, fields: 5, fieldSize: config.BODY_LIMIT_BYTES })))
  @ApiErrors(HttpStatus.BAD_REQUEST, DocumentErrorCode.PDF_EMPTY)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, DocumentErrorCode.PDF_TOO_LARGE, IntegrationErrorCode.METADATA_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.NOT_A_PDF)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.PDF_TRUNCATED, DocumentErrorCode.PDF_ENCRYPTED, IntegrationErrorCode.WORKFLOW_NOT_USABLE, IntegrationErrorCode.PDF_TWICE, IntegrationErrorCode.SIGNER_REQUIRED, IntegrationErrorCode.POSITION_NOT_FOUND, IntegrationErrorCode.SIGNER_NOT_ALLOWED, IntegrationErrorCode.CALLBACK_URL_NOT_REGISTERED, IntegrationErrorCode.CALLBACK_URL_REFUSED, IntegrationErrorCode.WEBHOOK_SECRET_MISSING, IntegrationErrorCode.IDEMPOTENCY_KEY_INVALID, IntegrationErrorCode.IDEMPOTENCY_KEY_REUSED)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  async create(
    @CurrentModule() module: ModulePrincipal,
    @Body() body: unknown,
    @UploadedFile() pdf: UploadedPdf | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApprovalViewDto> {
    const dto = await this.parse(body, pdf !== undefined);
    const { approval, created } = await this.approvals.create(module, dto, pdf, idempotencyKey);
    res.status(created ? 201 : 200);
    return approval;
  }

  /** The module's own approvals, newest first; `reference` finds those of one of its records. */
  @Get()
  @Scopes('approvals:read')
  list(@CurrentModule() module: ModulePrincipal, @Query() q: ListApprovalsQuery): Promise<ApprovalPageDto> {
    return this.approvals.list(module, q);
  }

  /** State, decisions and the link to the (signed) PDF. Another module's approval is 404. */
  @Get(':id')
  @Scopes('approvals:read')
  @ApiErrors(HttpStatus.NOT_FOUND, IntegrationErrorCode.APPROVAL_NOT_FOUND)
  get(@CurrentModule() module: ModulePrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<ApprovalViewDto> {
    return this.approvals.view(module, id);
  }

  /** The PDF: the latest signed revision once signed, else the original. X-Esurat-Document tells which. */
  @Get(':id/document')
  @Scopes('approvals:read')
  @ApiProduces('application/pdf')
  @ApiErrors(HttpStatus.NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND, IntegrationErrorCode.APPROVAL_NOT_FOUND, IntegrationErrorCode.DOCUMENT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  async document(@CurrentModule() module: ModulePrincipal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const doc = await this.approvals.document(module, id);
    res.header('X-Esurat-Document', doc.signed ? 'signed' : 'original');
    return new StreamableFile(doc.stream, { type: 'application/pdf', length: doc.size, disposition: `attachment; filename="${doc.fileName}"` });
  }

  /** Cancels the approval while it is pending; 422 TRANSITION_NOT_ALLOWED after a decision. */
  @Post(':id/cancel')
  @Scopes('approvals:write')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, IntegrationErrorCode.APPROVAL_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, CommonErrorCode.VERSION_CONFLICT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, WorkflowErrorCode.TRANSITION_NOT_ALLOWED)
  cancel(@CurrentModule() module: ModulePrincipal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelApprovalDto): Promise<ApprovalViewDto> {
    return this.approvals.cancel(module, id, dto.comment);
  }

  /** The JSON body, or in a multipart request its `request` field; validated like any DTO. */
  private async parse(body: unknown, multipart: boolean): Promise<CreateApprovalDto> {
    let value = body;
    const fields = body as Record<string, unknown> | undefined;
    if (multipart || (fields && typeof fields.request === 'string')) {
      try {
        value = parseNestedJson(String(fields?.request ?? ''), 'field `request`');
      } catch (err) {
        if (err instanceof SyntaxError) throw CommonError.validation('In a multipart request, the field `request` must hold the approval as JSON');
        throw err;
      }
    }
    return (await validation.transform(value ?? {}, { type: 'body', metatype: CreateApprovalDto })) as CreateApprovalDto;
  }
}
