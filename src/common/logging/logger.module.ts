import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../../config/app-config';

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

export const LoggerModule = PinoLoggerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
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
        serializers: {
          req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
            userAgent: req.headers['user-agent'],
            // Credentials are never logged, only whether they were sent.
            auth: req.headers.authorization ? 'bearer' : req.headers['x-api-key'] ? 'api-key' : 'none',
          }),
          // The status is what an access log needs; the response's headers (request id aside, which
          // `req.id` carries) add nothing and cost a copy and a redaction pass on every line.
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      pino.destination({ dest: 1, sync: false }),
    ],
  }),
});
