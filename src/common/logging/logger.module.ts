import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, LoggerModule as PinoLoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import type { Principal } from '../../auth/principal';
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

/** The one pino configuration: the app's lines, the access lines and the start-up lines before Nest exists. */
export function loggerParams(config: AppConfig): Params {
  return {
    // Lines go out asynchronously (one write for the lines of many requests under load, not
    // one blocking write per line); pino flushes what is left when the process exits.
    pinoHttp: [
      {
        level: config.LOG_LEVEL,
        redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
        genReqId: (req: IncomingMessage, res: ServerResponse) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        // Read when the response is finished, after the auth guard has named the caller.
        customProps: (req: IncomingMessage) => {
          const id = userId((req as IncomingMessage & { principal?: Principal }).principal);
          return id ? { userId: id } : {};
        },
        serializers: {
          err: serializeError,
          req: (req: { id: string; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string; raw: { ip?: string } }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
            // Express's view of the client (X-Forwarded-For when TRUST_PROXY says so), else the socket's.
            remoteAddress: req.raw.ip ?? req.remoteAddress,
            userAgent: req.headers['user-agent'],
            // Credentials are never logged, only whether they were sent.
            auth: req.headers.authorization ? 'bearer' : req.headers['x-api-key'] ? 'api-key' : 'none',
          }),
          // The status is what an access log needs; the response's headers (request id aside, which
          // `req.id` carries) add nothing and cost a copy and a redaction pass on every line.
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      stdout(),
    ],
  };
}

export const LoggerModule = PinoLoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams });

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
