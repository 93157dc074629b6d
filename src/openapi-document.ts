import { HttpStatus, INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ResponseObject, SecurityRequirementObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import { CALLERS_KEY, CallerKind, PUBLIC_KEY, SCOPES_KEY } from './auth/auth.decorators';
import { AuthErrorCode } from './auth/auth.errors';
import { SESSION_COOKIE } from './auth/browser-session.service';
import { POLICY_KEY } from './authz/policy.decorator';
import type { AppConfig } from './config/app-config';
import { CommonErrorCode } from './common/errors/app-error';
import { apiErrorsOf } from './common/openapi/api-errors.decorator';
import { ErrorEnvelope } from './common/openapi/dto/error-envelope.dto';
import { SECURITY_SCHEMES } from './common/openapi/security-schemes';

const SWAGGER_SECURITY = 'swagger/apiSecurity';
const SAFE_METHODS = new Set(['get', 'head', 'options']);

/**
 * `LettersController` + `listUnits` → `letters_list_units`: stable (the class and method names),
 * readable in generated clients, and URL-safe. Unique unless two controllers share a class
 * name and a method name; the lint test fails on a duplicate.
 */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const snake = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toLowerCase();
  return `${snake(controllerKey.replace(/Controller$/, ''))}_${snake(methodKey)}`;
}

/** What the document's operations are built from: one handler of one controller. */
export interface RouteHandler {
  controller: Function;
  methodKey: string;
  method: string;
}

/** Every routed handler of the app's controllers (those excluded from the document are skipped later). */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const methodKey of Object.getOwnPropertyNames(prototype)) {
        const handler = Object.getOwnPropertyDescriptor(prototype, methodKey)?.value;
        if (typeof handler !== 'function' || methodKey === 'constructor' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        handlers.push({ controller: metatype, methodKey, method: RequestMethod[requestMethod].toLowerCase() });
      }
    }
  }
  return handlers;
}

/** Where the document falls short of what a generated client needs; the lint test prints it. */
export interface OpenApiShortfall {
  operationId: string;
  problem: string;
  fix: string;
}

const shortfalls = new WeakMap<OpenAPIObject, OpenApiShortfall[]>();

/** The shortfalls found while the document was built (empty when every operation complies). */
export function shortfallsOf(doc: OpenAPIObject): OpenApiShortfall[] {
  return shortfalls.get(doc) ?? [];
}

/** The OpenAPI document of every route, as /api/docs-json serves it and the web UI's and TS client's types are generated from. */
export function buildOpenApiDocument(app: INestApplication, config: Pick<AppConfig, 'PUBLIC_URL' | 'API_CONTACT_NAME' | 'API_CONTACT_EMAIL'>): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('e-Surat Core API')
    .setDescription(
      'Tata Naskah Dinas Elektronik: letters, approvals, signatures and archive for local governments. ' +
        'Every error answers `{ code, message, details }` (the ErrorEnvelope schema); each operation lists the codes it can answer per status.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .setContact(config.API_CONTACT_NAME, config.PUBLIC_URL, config.API_CONTACT_EMAIL ?? '')
    .addServer(config.PUBLIC_URL, 'This deployment (PUBLIC_URL)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A person's access token from POST /api/v1/auth/login (scripts)." }, SECURITY_SCHEMES.bearer)
    .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header', description: "A SIM module's API key, issued by an administrator (POST /api/v1/admin/modules/{id}/keys)." }, SECURITY_SCHEMES.apiKey)
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: "The web UI's browser session from POST /api/v1/auth/session; every request that changes something also carries its X-CSRF-Token header." },
      SECURITY_SCHEMES.cookie,
    )
    .build();
  const doc = SwaggerModule.createDocument(app, builder, {
    operationIdFactory: (controllerKey, methodKey) => operationIdOf(controllerKey, methodKey),
    extraModels: [ErrorEnvelope],
  });
  if (!doc.info.contact?.email) delete doc.info.contact?.email;
  shortfalls.set(doc, completeOperations(doc, routeHandlers(app)));
  return doc;
}

function operationsOf(doc: OpenAPIObject): Map<string, { path: string; method: string; op: OperationObject }[]> {
  const byId = new Map<string, { path: string; method: string; op: OperationObject }[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, OperationObject>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const id = op.operationId ?? `${method} ${path}`;
      byId.set(id, [...(byId.get(id) ?? []), { path, method, op }]);
    }
  }
  return byId;
}

/**
 * Gives each operation what the route's metadata says for sure: its security (from @Public,
 * @Callers and @Scopes, as the AuthGuard reads them), the error answers of the guards, pipes and
 * body parsers, and the codes of its @ApiErrors; returns what is still missing.
 */
export function completeOperations(doc: OpenAPIObject, handlers: RouteHandler[]): OpenApiShortfall[] {
  const problems: OpenApiShortfall[] = [];
  const operations = operationsOf(doc);
  for (const [id, found] of operations) {
    if (found.length > 1) {
      problems.push({ operationId: id, problem: `operationId used by ${found.map((f) => `${f.method.toUpperCase()} ${f.path}`).join(' and ')}`, fix: 'rename one of the controller classes or methods' });
    }
  }
  for (const handler of handlers) {
    const id = operationIdOf(handler.controller.name, handler.methodKey);
    const entry = operations.get(id)?.[0];
    if (!entry) continue; // @ApiExcludeEndpoint / @ApiExcludeController
    const { op, method } = entry;
    const fn = (handler.controller.prototype as Record<string, Function>)[handler.methodKey];
    const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, fn) ?? Reflect.getMetadata(key, handler.controller);
    const where = `${handler.controller.name}.${handler.methodKey}`;

    // Security, as the AuthGuard applies it; a method-level @ApiSecurity/@ApiCookieAuth/@ApiBearerAuth states it instead.
    const isPublic = meta<boolean>(PUBLIC_KEY) === true;
    const callers = meta<CallerKind[]>(CALLERS_KEY) ?? ['person'];
    const scopes = meta<string[]>(SCOPES_KEY) ?? [];
    if (!Reflect.getOwnMetadata(SWAGGER_SECURITY, fn)) {
      const security: SecurityRequirementObject[] = [];
      if (!isPublic && callers.includes('person')) security.push({ [SECURITY_SCHEMES.bearer]: [] }, { [SECURITY_SCHEMES.cookie]: [] });
      if (!isPublic && callers.includes('module')) security.push({ [SECURITY_SCHEMES.apiKey]: [] });
      op.security = security;
    }
    if (!isPublic && callers.includes('module') && scopes.length > 0) {
      (op as unknown as Record<string, unknown>)['x-api-key-scopes'] = scopes;
      op.description = [op.description, `API keys need the scope${scopes.length > 1 ? 's' : ''} ${scopes.map((s) => `\`${s}\``).join(', ')}.`].filter(Boolean).join('\n\n');
    }

    // Error answers of the guards, the validation pipe and the body parsers, then the route's own.
    const errors = new Map<number, Set<string>>();
    const add = (status: number, ...codes: string[]) => {
      const set = errors.get(status) ?? new Set<string>();
      for (const code of codes) set.add(code);
      errors.set(status, set);
    };
    const args = Object.entries<{ index: number; data?: unknown }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.methodKey) ?? {});
    const types = args.map(([key]) => Number(key.split(':')[0]));
    const hasBody = types.some((t) => t === RouteParamtypes.BODY || t === RouteParamtypes.FILE || t === RouteParamtypes.FILES);
    const hasQuery = types.includes(RouteParamtypes.QUERY);
    const hasParams = types.includes(RouteParamtypes.PARAM);
    const paramTypes: unknown[] = Reflect.getMetadata('design:paramtypes', handler.controller.prototype, handler.methodKey) ?? [];
    // The plugin types a `number` field as number and a field with a default as required: the
    // query DTO's @IsInt() makes it an integer, its @IsOptional() optional, with the default the DTO gives.
    const queryDtos = args.flatMap(([key, arg]) => {
      const dto = paramTypes[arg.index];
      return Number(key.split(':')[0]) === RouteParamtypes.QUERY && arg.data === undefined && typeof dto === 'function' ? [dto as new () => object] : [];
    });
    const rules = queryDtos.flatMap((dto) => getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false));
    const queryInts = new Set(rules.filter((m) => m.name === 'isInt').map((m) => m.propertyName));
    const queryOptional = new Set(rules.filter((m) => m.name === 'isOptional').map((m) => m.propertyName));
    const queryDefaults: Record<string, unknown> = Object.assign({}, ...queryDtos.map((dto) => defaultsOf(dto)));
    for (const param of (op.parameters ?? []) as { in?: string; name?: string; required?: boolean; schema?: { type?: string; enum?: unknown[]; default?: unknown } }[]) {
      const name = param.name ?? '';
      if (param.in === 'query' && param.schema && queryInts.has(name)) param.schema.type = 'integer';
      if (param.in === 'query' && queryOptional.has(name)) param.required = false;
      if (param.in === 'query' && param.schema && queryDefaults[name] !== undefined && param.schema.default === undefined) param.schema.default = queryDefaults[name];
      // A boolean query flag that also accepts "true"/"false" (@IsIn) is a boolean: the mixed enum says nothing more.
      if (param.schema?.type === 'boolean' && param.schema.enum) delete param.schema.enum;
    }
    const queryDtoHasInts = queryInts.size > 0;
    if (hasBody || hasQuery || hasParams) add(HttpStatus.BAD_REQUEST, CommonErrorCode.VALIDATION_FAILED, CommonErrorCode.INVALID_CHARACTER);
    // The JSON body parser reads the body of every write, whether the route takes one or not.
    if (hasBody || !SAFE_METHODS.has(method)) {
      add(HttpStatus.BAD_REQUEST, CommonErrorCode.MALFORMED_JSON, CommonErrorCode.BODY_TOO_DEEP);
      add(HttpStatus.PAYLOAD_TOO_LARGE, CommonErrorCode.PAYLOAD_TOO_LARGE);
      add(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }
    if (hasBody) add(HttpStatus.BAD_REQUEST, CommonErrorCode.NUMBER_OUT_OF_RANGE);
    if (queryDtoHasInts) add(HttpStatus.BAD_REQUEST, CommonErrorCode.NUMBER_OUT_OF_RANGE);
    if (!isPublic) {
      add(HttpStatus.UNAUTHORIZED, CommonErrorCode.UNAUTHENTICATED, AuthErrorCode.TOKEN_INVALID, AuthErrorCode.SESSION_EXPIRED, AuthErrorCode.API_KEY_INVALID);
      // A caller of the other kind, or one the route's @Can policy refuses.
      if (callers.length < 2 || meta(POLICY_KEY)) add(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN);
      if (!SAFE_METHODS.has(method)) add(HttpStatus.FORBIDDEN, AuthErrorCode.CSRF_TOKEN_INVALID);
      if (callers.includes('module') && scopes.length > 0) add(HttpStatus.FORBIDDEN, AuthErrorCode.INSUFFICIENT_SCOPE);
    }
    for (const entry of apiErrorsOf(handler.controller, fn)) add(entry.status, ...entry.codes);
    for (const [status, codes] of [...errors.entries()].sort(([a], [b]) => a - b)) op.responses[String(status)] = errorResponse(status, [...codes].sort(), op.responses[String(status)] as ResponseObject | undefined);

    if (op.summary) Object.assign(op, shortSummary(op.summary, op.description));
    if (!op.summary?.trim()) problems.push({ operationId: id, problem: `no summary (${where})`, fix: 'write a JSDoc comment above the handler (its text becomes the summary) or @ApiOperation({ summary })' });
    if (!op.tags?.length) problems.push({ operationId: id, problem: `no tag (${where})`, fix: 'put @ApiTags(...) on the controller' });
    if (!Object.keys(op.responses).some((s) => /^[45]/.test(s))) {
      problems.push({ operationId: id, problem: `no error answer (${where})`, fix: 'add @ApiErrors(status, ...codes) with the codes the route answers (from the module\'s *.errors.ts enum)' });
    }
  }
  return problems;
}

/**
 * The plugin makes the whole JSDoc comment the summary; a summary is one line. The first
 * sentence (or clause, when the sentence is long) stays the summary, the rest becomes the
 * description.
 */
export function shortSummary(text: string, description?: string): { summary: string; description?: string } {
  const flat = text.replace(/\s+/g, ' ').trim();
  let cut = flat.search(/\.\s+(?=[A-Z0-9`"(])/);
  if (cut < 0 || cut > 120) {
    const clause = flat.search(/;\s/);
    if (clause > 0 && clause <= 120 && (cut < 0 || clause < cut)) cut = clause;
  }
  if (cut < 0) return { summary: flat.replace(/\.$/, ''), description };
  const rest = flat.slice(cut + 1).trim();
  return { summary: flat.slice(0, cut), description: [rest.charAt(0).toUpperCase() + rest.slice(1), description].filter(Boolean).join('\n\n') };
}

/** The values a query DTO starts with (`page = 1`): what the server takes for a parameter left out. */
function defaultsOf(dto: new () => object): Record<string, unknown> {
  try {
    return Object.fromEntries(Object.entries(new dto()).filter(([, v]) => v !== undefined && (typeof v !== 'object' || v === null)));
  } catch {
    return {};
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The shared envelope with `code` narrowed to exactly these codes; an explicit @ApiResponse's description and content are kept. */
function errorResponse(status: number, codes: string[], existing: ResponseObject | undefined): ResponseObject {
  const schema = {
    allOf: [
      { $ref: '#/components/schemas/ErrorEnvelope' },
      { type: 'object' as const, required: ['code'], properties: { code: { type: 'string' as const, enum: codes } } },
    ],
  };
  return {
    ...existing,
    description: existing?.description || `${REASONS[status] ?? `Error ${status}`}: ${codes.join(', ')}`,
    content: { 'application/json': { schema }, ...existing?.content },
  };
}
