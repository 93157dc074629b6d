import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { AppModule } from '../../app.module';
import { loadConfig } from '../../config/app-config';
import { WEB_UI_OFF } from '../../web/web-ui.module';
import { CommonErrorCode } from '../errors/app-error';
import { buildOpenApiDocument, shortfallsOf, shortSummary } from '../../openapi-document';

jest.setTimeout(120_000);

type Operation = { operationId?: string; summary?: string; tags?: string[]; security?: unknown[]; responses: Record<string, any>; parameters?: any[] };

/** Every error code the source declares: the values of the code enums of every *.errors.ts, and the shared ones. */
function declaredCodes(): Set<string> {
  const codes = new Set<string>(Object.values(CommonErrorCode));
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  for (const file of walk(join(__dirname, '..', '..')).filter((f) => f.endsWith('.errors.ts'))) {
    for (const value of Object.values(require(file) as Record<string, unknown>)) {
      if (value && typeof value === 'object' && Object.entries(value).every(([k, v]) => typeof v === 'string' && k === v)) for (const code of Object.values(value)) codes.add(code as string);
    }
  }
  return codes;
}

function operations(doc: OpenAPIObject): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })));
}

describe('OpenAPI document', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    // As openapi-cli builds it: preview mode reads the routes and starts no provider (no database).
    const config = loadConfig({ PUBLIC_URL: 'https://esurat.example.go.id', API_CONTACT_EMAIL: 'esurat@example.go.id' } as NodeJS.ProcessEnv);
    config.WEB_ROOT = WEB_UI_OFF;
    app = await NestFactory.create(AppModule.forRoot(config, { workers: false }), { preview: true, logger: false, abortOnError: false });
    doc = buildOpenApiDocument(app, config);
  });
  afterAll(() => app?.close());

  it('passes the redocly `recommended` rules with 0 errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    const where = (p: (typeof problems)[number]) => p.location[0]?.pointer?.replace('#/paths/', '').replace(/~1/g, '/') ?? '';
    // The count of warnings is in the test's output; the README quotes it.
    process.stdout.write(`openapi lint: ${operations(doc).length} operations, ${errors.length} errors, ${warnings.length} warnings\n${warnings.map((p) => `  warn ${p.ruleId} at ${where(p)}\n`).join('')}`);
    expect({
      errors: errors.map((p) => `${p.ruleId} at ${where(p)}: ${p.message}`),
      fix: errors.length ? 'Each operation needs a summary (a JSDoc comment on the handler), a tag (@ApiTags on the controller), its security (@Public/@Callers, derived) and its error answers (@ApiErrors(status, ...codes) from src/common/openapi/api-errors.decorator.ts).' : undefined,
    }).toEqual({ errors: [], fix: undefined });
  });

  it('names every operation, tags it, secures it and answers its errors with the shared envelope', () => {
    expect(shortfallsOf(doc).map((s) => `${s.operationId}: ${s.problem}; fix: ${s.fix}`)).toEqual([]);
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations(doc)) {
      const name = `${method.toUpperCase()} ${path}`;
      expect({ name, operationId: /^[a-z][a-z0-9_]*$/.test(op.operationId ?? ''), summary: Boolean(op.summary), tags: Boolean(op.tags?.length), security: Array.isArray(op.security) }).toEqual({
        name,
        operationId: true,
        summary: true,
        tags: true,
        security: true,
      });
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]/.test(status));
      // An HTML page's own not-found page is the one error answer that is not JSON.
      for (const [status, response] of errors.filter(([, r]) => r.content?.['application/json'])) {
        const schema = response.content?.['application/json']?.schema;
        expect({ name, status, envelope: schema?.allOf?.[0]?.$ref }).toEqual({ name, status, envelope: '#/components/schemas/ErrorEnvelope' });
      }
    }
  });

  it('lists only codes that an error enum declares', () => {
    const known = declaredCodes();
    const unknown = operations(doc).flatMap(({ path, method, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^[45]/.test(status))
        .flatMap(([status, r]) => ((r.content?.['application/json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? []) as string[]).filter((c) => !known.has(c)).map((c) => `${method.toUpperCase()} ${path} ${status} ${c}`)),
    );
    expect(unknown).toEqual([]);
  });

  it('derives security from the auth metadata: public routes say so, modules use their API key', () => {
    const op = (path: string, method: string) => (doc.paths[path] as Record<string, Operation>)[method];
    expect(op('/api/v1/auth/login', 'post').security).toEqual([]);
    expect(op('/health', 'get').security).toEqual([]);
    expect(op('/api/v1/letters', 'get').security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(op('/api/v1/approvals', 'post').security).toEqual([{ 'api-key': [] }]);
    expect(Object.keys(op('/api/v1/letters', 'post').responses)).toEqual(expect.arrayContaining(['400', '401', '403', '413', '415']));
    expect(op('/api/v1/letters', 'post').responses['403'].content['application/json'].schema.allOf[1].properties.code.enum).toEqual(expect.arrayContaining(['FORBIDDEN', 'CSRF_TOKEN_INVALID']));
    // A public route answers none of the guard's codes, only its own.
    expect(op('/api/v1/auth/login', 'post').responses['401'].content['application/json'].schema.allOf[1].properties.code.enum).toEqual(['INVALID_CREDENTIALS']);
    expect(op('/api/v1/auth/login', 'post').responses['403']).toBeUndefined();
  });

  it('carries the servers, the licence and the contact', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://esurat.example.go.id' })]);
    expect(doc.info.license).toEqual({ name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' });
    expect(doc.info.contact).toEqual({ name: 'e-Surat administrator', url: 'https://esurat.example.go.id', email: 'esurat@example.go.id' });
  });

  it('documents query parameters with their types and limits', () => {
    const params = (doc.paths['/api/v1/letters'] as Record<string, Operation>).get.parameters!;
    const limit = params.find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: expect.any(Number) });
  });

  it('gives the committed API types of the web UI and the TS client that the document generates', () => {
    // scripts/api-types.js is what scripts/build-web.js writes them with.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { expectedFiles } = require('../../../scripts/api-types') as { expectedFiles: (doc: unknown) => { path: string; content: string }[] };
    const root = join(__dirname, '..', '..', '..');
    const stale = expectedFiles(doc)
      .filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content)
      .map((f) => relative(root, f.path));
    expect({ stale, fix: stale.length ? 'regenerate them: npx nest build && node scripts/build-web.js' : undefined }).toEqual({ stale: [], fix: undefined });
  });

  it('keeps the first sentence of a long comment as the summary', () => {
    expect(shortSummary('Logs a person in; the same error for an unknown user. Failed logins are limited.')).toEqual({ summary: 'Logs a person in; the same error for an unknown user', description: 'Failed logins are limited.' });
    expect(shortSummary('Positions below (a.n./u.b. its holder).')).toEqual({ summary: 'Positions below (a.n./u.b. its holder)', description: undefined });
  });
});
