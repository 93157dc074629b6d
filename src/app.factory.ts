import { parse as parseQueryString } from 'node:querystring';
import type { IncomingMessage } from 'node:http';
import { HttpStatus, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AppError, CommonErrorCode } from './common/errors/app-error';
import { bodyTooDeep, jsonNestingExceeds } from './common/input-limits';
import { buildOpenApiDocument } from './openapi-document';
import { accessLog, createAppLogger, loggerParams, requestIdOf } from './common/logging/logger.module';
import { API_DOCS_PATH, apiDocsCsp, securityHeaders } from './common/security-headers';
import { runInAuditContext } from './audit/audit-context';
import type { AuthenticatedRequest } from './auth/auth.decorators';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare-database';
import { trackClientDisconnect } from './database/transaction-scope';

/** The raw bodies some routes read as bytes (OCSP requests, RFC 3161 timestamp queries), with their own limits. */
const RAW_BODIES: { type: string; limit: number }[] = [
  // An OCSP request names at most 16 certificates.
  { type: 'application/ocsp-request', limit: 16 * 1024 },
];

/**
 * Builds the HTTP application exactly as production runs it; the e2e tests use this too.
 * The database is migrated first, so the app never serves an old schema.
 *
 * Fastify, not Express: `npm run bench -- framework` measured Nest on Express at 0.19–0.24 of a
 * bare node:http server for one authenticated route and Nest on Fastify at 0.57 or more.
 */
export async function createHttpApp(config: AppConfig, options: { workers?: boolean } = {}): Promise<NestFastifyApplication> {
  // Every line from here on, the migrations' too, is pino JSON.
  const logger = createAppLogger(config);
  Logger.overrideLogger(logger);
  await prepareDatabase(config);
  const adapter = new FastifyAdapter({
    // Every JSON or form body within BODY_LIMIT_BYTES; larger ones get 413 PAYLOAD_TOO_LARGE.
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // Flat query strings, as Express's 'simple' parser gave: `a[b][c]=` stays one key, `a=1&a=2` is an array.
    routerOptions: {
      querystringParser: (text: string) => parseQueryString(text),
      ignoreTrailingSlash: true,
      caseSensitive: false,
      // A path parameter as long as a GET OCSP request (base64 of up to 16 certificate ids); Fastify's default is 100 characters.
      maxParamLength: 65_536,
    },
    // The client's X-Request-Id when well-formed, else a UUID (echoed back, on every log line of the request).
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    // Fastify's own logger stays off: the access line is ours (installRequestHooks below).
    logger: false,
    // Bodies are read as the JSON parser below sees them; `__proto__` keys are refused by it.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // A URL Fastify cannot decode (`/%zz`) never reaches the hooks or the filter: answered here in the same envelope.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.headers(securityHeaders(config.PUBLIC_URL));
      reply.header('X-Request-Id', request.id);
      reply.code(HttpStatus.BAD_REQUEST).type('application/json; charset=utf-8');
      void reply.send(JSON.stringify({ code: CommonErrorCode.VALIDATION_FAILED, message: error.code === 'FST_ERR_BAD_URL' ? 'The request URL is not valid' : 'Bad request' }));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { workers: options.workers ?? config.WORKERS_ENABLED }),
    adapter,
    { bodyParser: false, logger },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installRequestHooks(fastify, config);
  installBodyParsers(fastify, config);
  // multipart/form-data, read by the routes' upload interceptor (common/http/file-upload.interceptor.ts) within its limits.
  await app.register(fastifyMultipart as never, { limits: { fileSize: config.UPLOAD_LIMIT_BYTES } });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  if (config.apiDocsEnabled) serveApiDocs(app, config);
  return app;
}

/**
 * What runs around every route, 404s included: the security headers and the request id on the
 * response, the access line, and (once the body is read, so that the body's stream callbacks
 * do not lose it) the request's async context: its logger, whether its client is gone, and
 * the request the audit entries name.
 */
function installRequestHooks(fastify: FastifyInstance, config: AppConfig): void {
  const headers = securityHeaders(config.PUBLIC_URL);
  const docsCsp = apiDocsCsp();
  const docsPrefix = `/${API_DOCS_PATH}`;
  const access = accessLog(loggerParams(config));
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('X-Request-Id', request.id);
    // Swagger UI's page and assets: /api/docs and below (not /api/docs-json, which is data).
    if (request.url.startsWith(docsPrefix) && (request.url.length === docsPrefix.length || '/?'.includes(request.url[docsPrefix.length]))) {
      reply.header('Content-Security-Policy', docsCsp);
    }
    access.begin(request as unknown as AuthenticatedRequest, reply.raw);
    done();
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    access.run(request as unknown as AuthenticatedRequest, () => trackClientDisconnect(reply.raw, () => runInAuditContext(request as AuthenticatedRequest, done)));
  });
}

/** Express's `trust proxy` values as Fastify reads them: a hop count, true/false, or addresses and subnets. */
function trustProxySetting(value: string | undefined): boolean | number | string | undefined {
  if (!value) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * JSON (UTF-8 only, its nesting checked on the raw bytes before JSON.parse), flat form bodies,
 * the raw bodies above, and any other type left unread (the route sees no body), as Express did.
 */
function installBodyParsers(fastify: FastifyInstance, config: AppConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.BODY_LIMIT_BYTES }, (req, body, done) => {
    try {
      done(null, parseJsonBody(req, body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: config.BODY_LIMIT_BYTES }, (_req, body, done) => {
    done(null, { ...parseQueryString(body as string) });
  });
  for (const raw of RAW_BODIES) {
    fastify.addContentTypeParser(raw.type, { parseAs: 'buffer', bodyLimit: raw.limit }, (_req, body, done) => done(null, body));
  }
  // An RFC 3161 query: left as the request's stream, which the route reads within its own limit and code.
  fastify.addContentTypeParser('application/timestamp-query', (_req, payload, done) => done(null, payload));
  // Any other type: not read (multipart is @fastify/multipart's, registered by the upload interceptor's plugin).
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

/**
 * Runs on the raw bytes before JSON.parse: a body nested thousands deep is refused in one linear
 * scan instead of being parsed and then exhausting the stack of the validation that follows.
 * RFC 8259 requires UTF-8 between systems; the scan reads UTF-8 bytes, so other charsets are refused.
 */
function parseJsonBody(req: FastifyRequest, body: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(String(req.headers['content-type'] ?? ''))?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `unsupported charset "${charset.toUpperCase()}"`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
  // Express's body-parser answered an empty JSON body with `{}`.
  if (body.length === 0) return {};
  if (jsonNestingExceeds(body)) throw bodyTooDeep('request body');
  const text = body.toString('utf8');
  // Strict, as body-parser was: only an object or an array at the top.
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw malformedJson();
  try {
    return JSON.parse(text);
  } catch {
    throw malformedJson();
  }
}

const malformedJson = () => new AppError(CommonErrorCode.MALFORMED_JSON, 'The request body is not valid JSON', HttpStatus.BAD_REQUEST);

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
function serveApiDocs(app: NestFastifyApplication, config: AppConfig): void {
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
