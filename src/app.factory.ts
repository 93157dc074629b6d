import { HttpStatus, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { AppModule } from './app.module';
import { AppError, CommonErrorCode } from './common/errors/app-error';
import { bodyTooDeep, jsonNestingExceeds } from './common/input-limits';
import { buildOpenApiDocument } from './openapi-document';
import { createAppLogger } from './common/logging/logger.module';
import { API_DOCS_PATH, apiDocsCsp, securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare-database';
import { trackClientDisconnect } from './database/transaction-scope';

/**
 * Builds the HTTP application exactly as production runs it; the e2e tests use this too.
 * The database is migrated first, so the app never serves an old schema.
 */
export async function createHttpApp(config: AppConfig, options: { workers?: boolean } = {}): Promise<NestExpressApplication> {
  // Every line from here on, the migrations' too, is pino JSON.
  const logger = createAppLogger(config);
  Logger.overrideLogger(logger);
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { workers: options.workers ?? config.WORKERS_ENABLED }),
    { bodyParser: false, logger },
  );
  app.disable('x-powered-by');
  app.use(securityHeaders(config.PUBLIC_URL));
  // The web UI's scripts and styles reach a phone gzipped; API bodies are left as they are, and
  // API requests skip the middleware entirely (it wraps every response's write and end).
  const compress = compression();
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : compress(req, res, next)));
  // API responses are not cached by clients; hashing every body for an ETag costs CPU for nothing.
  app.set('etag', false);
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  // Flat query strings and form bodies: `a[b][c]=` stays one key, so neither can nest at all.
  app.set('query parser', 'simple');
  app.use(json({ limit: config.BODY_LIMIT_BYTES, verify: refuseDeepJson }));
  app.use(urlencoded({ extended: false, limit: config.BODY_LIMIT_BYTES }));
  app.use(tagBodyParserErrors);
  // After the body parsers: their stream callbacks would run outside the request's async context.
  app.use(trackClientDisconnect);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  if (config.apiDocsEnabled) serveApiDocs(app, config);
  return app;
}

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
function serveApiDocs(app: NestExpressApplication, config: AppConfig): void {
  app.use(`/${API_DOCS_PATH}`, apiDocsCsp());
  SwaggerModule.setup(API_DOCS_PATH, app, () => createOpenApiDocument(app, config), {
    jsonDocumentUrl: `${API_DOCS_PATH}-json`,
    // The default validator badge is an image from another site, which the page's CSP refuses.
    swaggerOptions: { validatorUrl: null },
  });
}

/** The OpenAPI document of every route, as /api/docs-json serves it and the web UI's types are generated from. */
export function createOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  return buildOpenApiDocument(app, config);
}

/**
 * Runs on the raw bytes before JSON.parse: a body nested thousands deep is refused in one linear
 * scan instead of being parsed and then exhausting the stack of the validation that follows.
 * RFC 8259 requires UTF-8 between systems; the scan reads UTF-8 bytes, so other charsets are refused.
 */
function refuseDeepJson(_req: Request, _res: Response, body: Buffer, encoding: string): void {
  if (encoding !== 'utf-8') {
    throw new AppError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'A JSON body must be encoded in UTF-8', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
  if (jsonNestingExceeds(body)) throw bodyTooDeep('request body');
}

/**
 * Nest turns a body-parser SyntaxError into a plain 400 with the parser's message; this
 * keeps the stable code instead, before the error reaches the routes.
 */
function tagBodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if ((err as { type?: string })?.type === 'entity.parse.failed') {
    next(new AppError(CommonErrorCode.MALFORMED_JSON, 'The request body is not valid JSON', 400));
    return;
  }
  next(err);
}
