import { Controller, Get, HttpCode, HttpStatus, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, UploadedFileInMemory } from '../common/http/file-upload.interceptor';
import { ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { HTML_PAGE_CSP } from '../common/security-headers';
import { notFoundPage, verificationPage } from './verification-page';
import { PublicLetterView, UploadVerification } from './dto/verification.dto';
import { VerificationService } from './verification.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { DocumentErrorCode } from './documents.errors';
import { SigningErrorCode } from './signing.errors';

/** Public verification: what a QR code points to, and whether a PDF is our original with intact signatures. */
@ApiTags('verification')
@Controller()
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  /** Number, date, type, signers and status of the letter behind a QR code; no subject for Rahasia letters. */
  @Public()
  @Get('api/v1/verify/:code')
  @ApiErrors(HttpStatus.NOT_FOUND, SigningErrorCode.VERIFICATION_CODE_NOT_FOUND)
  byCode(@Param('code') code: string): Promise<PublicLetterView> {
    return this.verification.byCode(code);
  }

  /** Checks a PDF (multipart field `file`): byte-identical to our signed document, and every signature intact. */
  @Public()
  @Post('api/v1/verify')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file', { files: 1, fields: 10 }))
  @ApiErrors(HttpStatus.BAD_REQUEST, DocumentErrorCode.PDF_EMPTY, SigningErrorCode.FILE_REQUIRED)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, DocumentErrorCode.PDF_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.NOT_A_PDF)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.PDF_TRUNCATED, DocumentErrorCode.PDF_ENCRYPTED)
  verify(@UploadedFile() file: UploadedFileInMemory | undefined): Promise<UploadVerification> {
    return this.verification.verifyUpload(file?.buffer);
  }

  /** The page the QR code opens, in Bahasa Indonesia. */
  @Public()
  @Get('verify/:code')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The verification page; an unknown code gets a 404 page.', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'The page saying that no letter has this code.', content: { 'text/html': { schema: { type: 'string' } } } })
  async page(@Param('code') code: string, @Res() res: Response): Promise<void> {
    res.header('Content-Security-Policy', HTML_PAGE_CSP);
    try {
      res.status(200).type('text/html; charset=utf-8').send(verificationPage(await this.verification.byCode(code)));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      res.status(404).type('text/html; charset=utf-8').send(notFoundPage());
    }
  }
}
