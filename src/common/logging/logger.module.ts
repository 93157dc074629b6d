import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { Logger, LoggerModule as PinoLoggerModule, Params, PinoLogger } from 'nestjs-pino';
// nestjs-pino's own request context, which its Logger reads: filled by accessLog() instead of its middleware.
import { storage, Store } from 'nestjs-pino/storage';
import pino from 'pino';
import type { Principal } from '../../records/principal';
import { AppConfig } from '../../config/app-config';
import { serializeError } from './safe-error';

/** Paths never written to the log: credentials of people, modules and signers. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passphrase',
  '*.totp',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  '*.secret',
  '*.webhookSecret',
  '*.privateKey',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

let destination: pino.DestinationStream | undefined;

/** One stdout stream per process, whichever logger writes: lines keep their order and share one buffer. */
function stdout(): pino.DestinationStream {
  destination ??= pino.destination({ dest: 1, sync: false });
  return destination;
}

/** Who made a request, for the access line: the person or the module, by id. */
function userId(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  return principal.kind === 'person' ? `person:${principal.personId}` : `module:${principal.moduleId}`;
}

/** A request as the access line reads it: the framework's fields (`id`, `ip`, `url`), or pino's `{ raw }` form of one. */
type LoggedRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers'> & { id?: string; originalUrl?: string; ip?: string; socket?: IncomingMessage['socket'] };

/** The one pino configuration: the app's lines, the access lines and the start-up lines before Nest exists. */
export function loggerParams(config: AppConfig): Params {
  return {
    // Lines go out asynchronously (one write for the lines of many requests under load, not
    // one blocking write per line); pino flushes what is left when the process exits.
    pinoHttp: [
      {
        level: config.LOG_LEVEL,
        redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
        serializers: {
          err: serializeError,
          // The request itself (or pino's serialized form of it, `{ raw }`).
          req: (value: LoggedRequest | { raw: LoggedRequest }) => {
            const req = 'raw' in value ? value.raw : value;
            return {
              id: req.id,
              method: req.method,
              url: req.originalUrl ?? req.url,
              // The framework's view of the client (X-Forwarded-For when TRUST_PROXY says so), else the socket's.
              remoteAddress: req.ip ?? req.socket?.remoteAddress,
              userAgent: req.headers['user-agent'],
              // Credentials are never logged, only whether they were sent.
              auth: req.headers.authorization ? 'bearer' : req.headers['x-api-key'] ? 'api-key' : 'none',
            };
          },
          // The status is what an access log needs; the response's headers (request id aside, which
          // `req.id` carries) add nothing and cost a copy and a redaction pass on every line.
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      stdout(),
    ],
    // The access line and the request's logger come from accessLog() below, not from pino-http.
    forRoutes: [],
  };
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * A request's logger (the process's, bound to the request), made on first use. Most requests
 * log nothing but their access line, and pino-http made a child for every request, its bindings
 * serialized and redacted up front: a tenth of a small request's CPU. A level that is off is a
 * no-op without making the child.
 */
function lazyChild(root: pino.Logger, bindings: () => pino.Bindings): { logger: pino.Logger; made: () => pino.Logger } {
  let child: pino.Logger | undefined;
  const made = () => (child ??= root.child(bindings()));
  const noop = () => undefined;
  // A plain target: the proxy answers every property itself, so no invariant of pino's own object binds it.
  const logger = new Proxy({} as pino.Logger, {
    get: (_target, key) => {
      if (typeof key === 'string' && LEVELS.has(key) && !root.isLevelEnabled(key)) return noop;
      const real = made();
      const value = Reflect.get(real, key, real) as unknown;
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
  return { logger, made };
}

/** The request id: the client's X-Request-Id when well-formed, else a UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** What the access line needs of a request: Fastify's (or Express's) `id`, `ip`, `url` and the caller, once authenticated. */
export interface AccessLoggedRequest {
  id: string;
  ip?: string;
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
  principal?: Principal;
}

/**
 * Per request: the request's logger for every line logged while it runs, and one access line
 * when it ends, as pino-http wrote it: `req`, then `userId` once the guard named the caller,
 * `res`, `responseTime`; warn for 4xx, error (with `err`) for 5xx and failed responses.
 * `begin` runs first (it watches the response), `run` wraps the route (its logger in the async context).
 */
export function accessLog(params: Params): {
  begin: (req: AccessLoggedRequest, res: ServerResponse) => void;
  run: (req: AccessLoggedRequest, next: () => void) => void;
} {
  const [options, stream] = params.pinoHttp as [pino.LoggerOptions, pino.DestinationStream];
  const root = pino(options, stream);
  const stores = new WeakMap<object, { logger: pino.Logger; made: () => pino.Logger }>();
  const loggerOf = (req: AccessLoggedRequest) => {
    let found = stores.get(req);
    if (!found) {
      // The serializer's view: a plain object, so pino never walks the framework's request.
      found = lazyChild(root, () => ({ req: { id: req.id, method: req.method, url: req.url, ip: req.ip, headers: req.headers, socket: req.raw.socket } }));
      stores.set(req, found);
    }
    return found;
  };
  const begin = (req: AccessLoggedRequest, res: ServerResponse) => {
    const started = Date.now();
    const done = (err?: Error) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const failed = err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      const level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!root.isLevelEnabled(level)) return;
      const caller = userId(req.principal);
      const made = loggerOf(req).made();
      const line = caller ? made.child({ userId: caller }) : made;
      const responseTime = Date.now() - started;
      if (failed) line[level]({ res, err: failed, responseTime }, 'request errored');
      else line[level]({ res, responseTime }, !req.raw.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
  };
  const run = (req: AccessLoggedRequest, next: () => void) => storage.run(new Store(loggerOf(req).logger), next);
  return { begin, run };
}

export const LoggerModule = PinoLoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams });

/** The app's logger module; the access line and the request's logger come from the request hooks (installRequestHooks() in app.factory.ts). */
@Module({ imports: [LoggerModule] })
export class AccessLogModule {}

/** Nest's own start-up chatter: one line per module, route and controller. Useful when debugging, noise otherwise. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** nestjs-pino's Nest logger, with the framework's start-up lines at debug. */
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }
}

/** The logger of a process, made before Nest so that the lines of the migrations share its format. */
export function createAppLogger(config: AppConfig): AppLogger {
  const params = loggerParams(config);
  return new AppLogger(new PinoLogger(params), params);
}
