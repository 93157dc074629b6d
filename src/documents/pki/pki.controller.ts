import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { CurrentPerson, Public } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import { CommonError, CommonErrorCode } from '../../common/errors/app-error';
import { derToPem } from '../signing/certificate-facts';
import { Role } from '../../records/person.entity';
import { AdminSigningCertificateDto, RevokeSigningCertificateDto, SigningCertificatesQuery } from './dto/revocation.dto';
import { PkiError, PkiErrorCode } from './pki.errors';
import { PkiService } from './pki.service';
import { RevocationService } from './revocation.service';

/** An OCSP request names at most 16 certificates: a few kilobytes at most. */
const MAX_OCSP_REQUEST = 16 * 1024;

/** The deployment CA's public services: its certificate, its CRL and its OCSP responder (RFC 5280, RFC 6960). */
@ApiTags('pki')
@Controller('pki')
export class PkiController {
  constructor(private readonly pki: PkiService) {}

  /** The deployment CA's certificate in DER (PEM at /pki/ca.pem), where the certificates' caIssuers points. */
  @Public()
  @Get('ca.crt')
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  @ApiProduces('application/pkix-cert')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async caDer(@Res() res: Response): Promise<void> {
    res.type('application/pkix-cert').send((await this.pki.authorityOf()).facts.der);
  }

  /** The current CRL, DER, signed by the deployment CA; `?format=pem` for PEM. */
  @Public()
  @Get('crl')
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  @ApiProduces('application/pkix-crl')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async crl(@Query('format') format: string | undefined, @Res() res: Response): Promise<void> {
    const crl = await this.pki.crl();
    res.header('Cache-Control', 'no-cache');
    if (format === 'pem') res.type('application/x-pem-file').send(derToPem(crl, 'X509 CRL'));
    else res.type('application/pkix-crl').send(crl);
  }

  /** OCSP over POST (RFC 6960 appendix A.1): the DER request as the body (application/ocsp-request). */
  @Public()
  @Post('ocsp')
  @HttpCode(200)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  @ApiConsumes('application/ocsp-request')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/ocsp-response')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async ocspPost(@Req() req: Request, @Res() res: Response): Promise<void> {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/ocsp-request') {
      throw new CommonError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the DER request as application/ocsp-request', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.type('application/ocsp-response').send(await this.pki.answerOcsp(body));
  }

  /** OCSP over GET: the base64 DER request, URL-encoded, after /pki/ocsp/. */
  @Public()
  @Get('ocsp/:request')
  @ApiParam({ name: 'request', type: String, description: 'The DER OCSP request, base64, URL-encoded' })
  @ApiErrors(HttpStatus.BAD_REQUEST, PkiErrorCode.OCSP_REQUEST_INVALID, CommonErrorCode.VALIDATION_FAILED)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, PkiErrorCode.OCSP_REQUEST_TOO_LARGE)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  @ApiProduces('application/ocsp-response')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async ocspGet(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answerOcspGet(req, res);
  }

  /** The same, for a client that left the base64's `/` unencoded (the request spans path segments). */
  @Public()
  @Get('ocsp/*')
  @ApiExcludeEndpoint()
  async ocspGetUnencoded(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answerOcspGet(req, res);
  }

  private async answerOcspGet(req: Request, res: Response): Promise<void> {
    const path = req.url.split('?')[0];
    const encoded = path.slice(path.indexOf('/pki/ocsp/') + '/pki/ocsp/'.length);
    if (encoded.length > MAX_OCSP_REQUEST * 2) throw new PkiError(PkiErrorCode.OCSP_REQUEST_TOO_LARGE, 'The OCSP request is too large');
    let text: string;
    try {
      text = decodeURIComponent(encoded);
    } catch {
      throw new PkiError(PkiErrorCode.OCSP_REQUEST_INVALID, 'The OCSP request is not valid URL-encoded base64');
    }
    if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) throw new PkiError(PkiErrorCode.OCSP_REQUEST_INVALID, 'The OCSP request is not valid base64');
    res.header('Cache-Control', 'no-cache');
    res.type('application/ocsp-response').send(await this.pki.answerOcsp(Buffer.from(text, 'base64')));
  }
}

/** The administrator's view of signing certificates, and their revocation. */
@ApiTags('admin: signing certificates')
@ApiBearerAuth()
@Controller('api/v1/admin/signing-certificates')
export class SigningCertificatesAdminController {
  constructor(private readonly revocations: RevocationService) {}

  /** The certificates of one person, newest first (never a key). */
  @Get()
  list(@Query() query: SigningCertificatesQuery, @CurrentPerson() person: PersonPrincipal): Promise<AdminSigningCertificateDto[]> {
    assertAdmin(person);
    return this.revocations.list(query.personId);
  }

  /**
   * Revokes a certificate from `revokedAt` (default now): the CRL and OCSP say so from then on,
   * signing with it is refused (409 SIGNING_CERTIFICATE_REVOKED), signatures timestamped before stay valid. Audited.
   */
  @Post(':id/revocation')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, PkiErrorCode.SIGNING_CERTIFICATE_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, PkiErrorCode.CERTIFICATE_ALREADY_REVOKED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, PkiErrorCode.REVOCATION_DATE_INVALID)
  revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeSigningCertificateDto,
    @CurrentPerson() person: PersonPrincipal,
  ): Promise<AdminSigningCertificateDto> {
    assertAdmin(person);
    return this.revocations.revoke(id, dto, person);
  }
}

function assertAdmin(person: PersonPrincipal): void {
  if (!person.roles.includes(Role.Admin)) throw CommonError.forbidden('Only an admin manages signing certificates');
}
