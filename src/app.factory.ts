import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { Logger } from '@nestjs/common';
import { AppModule } from './app.module';
import { AppError, CommonErrorCode } from './common/errors/app-error';
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
  // API responses are not cached by clients; hashing every body for an ETag costs CPU for nothing.
  app.set('etag', false);
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  app.use(json({ limit: config.BODY_LIMIT_BYTES }));
  app.use(urlencoded({ extended: false, limit: config.BODY_LIMIT_BYTES }));
  app.use(tagBodyParserErrors);
  // After the body parsers: their stream callbacks would run outside the request's async context.
  app.use(trackClientDisconnect);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  if (config.apiDocsEnabled) serveApiDocs(app);
  return app;
}

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
function serveApiDocs(app: NestExpressApplication): void {
  app.use(`/${API_DOCS_PATH}`, apiDocsCsp());
  const openApi = new DocumentBuilder()
    .setTitle('e-Surat Core API')
    .setDescription('Tata Naskah Dinas Elektronik: letters, approvals, signatures and archive for local governments.')
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'api-key')
    .build();
  SwaggerModule.setup(API_DOCS_PATH, app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: `${API_DOCS_PATH}-json`,
    // The default validator badge is an image from another site, which the page's CSP refuses.
    swaggerOptions: { validatorUrl: null },
  });
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
