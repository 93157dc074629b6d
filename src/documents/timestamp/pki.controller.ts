import { Controller, Get, Header, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { CommonErrorCode } from '../../common/errors/app-error';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { DeploymentCaService } from '../deployment-ca.service';
import { TimestampService } from './timestamp.service';
import { TimestampError, TimestampErrorCode } from './timestamp.errors';

/** A TimeStampReq is about a hundred bytes; anything much larger is not one. */
const MAX_QUERY_BYTES = 4096;

/**
 * The deployment's public PKI: its CA certificate, and its RFC 3161 timestamp authority
 * (RFC 3161 §3.4, timestamps over HTTP) with that authority's certificate chain.
 */
@ApiTags('pki')
@Controller('pki')
export class PkiController {
  constructor(
    private readonly ca: DeploymentCaService,
    private readonly timestamps: TimestampService,
  ) {}

  /** The deployment CA's certificate (PEM): the trust anchor of letters signed with the local CA and of our timestamps. The first call of a process reads it from the database (503 while that is down). */
  @Public()
  @Get('ca.pem')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'The CA certificate, PEM.', schema: { type: 'string' } })
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  async caPem(): Promise<string> {
    return (await this.ca.get()).certificatePem;
  }

  /** The built-in timestamp authority's certificate followed by the CA's (PEM). */
  @Public()
  @Get('tsa.pem')
  @Header('Content-Type', 'application/pem-certificate-chain')
  @ApiProduces('application/pem-certificate-chain')
  @ApiOkResponse({ description: 'The TSA certificate and its chain, PEM.', schema: { type: 'string' } })
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DATABASE_BUSY, CommonErrorCode.DATABASE_UNAVAILABLE)
  async tsaPem(): Promise<string> {
    return (await this.timestamps.authority()).certificatePems.join('');
  }

  /** RFC 3161 over HTTP: a DER TimeStampReq in, a DER TimeStampResp out (a refused request is a rejection inside a 200). */
  @Public()
  @Post('tsa')
  @HttpCode(200)
  @ApiConsumes('application/timestamp-query')
  @ApiProduces('application/timestamp-reply')
  @ApiBody({ description: 'DER TimeStampReq', schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ description: 'DER TimeStampResp', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, TimestampErrorCode.TIMESTAMP_QUERY_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, TimestampErrorCode.TIMESTAMP_QUERY_MEDIA_TYPE)
  async timestamp(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() !== 'application/timestamp-query') {
      throw new TimestampError(TimestampErrorCode.TIMESTAMP_QUERY_MEDIA_TYPE, 'Send a DER TimeStampReq as application/timestamp-query');
    }
    const query = await readBody(req);
    const reply = await (await this.timestamps.authority()).respond(query);
    res.status(200).type('application/timestamp-reply').header('Content-Length', String(reply.length)).send(reply);
  }
}

async function readBody(req: Request): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new TimestampError(TimestampErrorCode.TIMESTAMP_QUERY_TOO_LARGE, `A timestamp query is at most ${MAX_QUERY_BYTES} bytes`);
  if (declared > MAX_QUERY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  // The body parser leaves this type's stream unread (app.factory.ts): the limit and its code are this route's.
  for await (const chunk of req.body as AsyncIterable<Buffer>) {
    size += (chunk as Buffer).length;
    if (size > MAX_QUERY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
