import { QueryFailedError } from 'typeorm';

/** What PostgreSQL says about a failed statement that names no value: the rest (detail, where, the message) may quote one. */
const SAFE_DRIVER_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'constraint', 'routine'] as const;
/** Properties that carry a statement's values: TypeORM's `parameters`, pg's `detail` and `where`, ioredis's `command.args`. */
const VALUE_FIELDS = new Set(['parameters', 'driverError', 'detail', 'where', 'hint', 'internalQuery', 'command']);
const MAX_QUERY_CHARS = 500;
const MAX_DEPTH = 4;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

/**
 * A failed query's error says which statement failed and why in PostgreSQL's terms, never with
 * which values: its parameters are passwords' hashes, webhook secrets, letter subjects and
 * bodies, and its message may quote a value (`invalid input syntax for type uuid: "…"`).
 */
function isQueryError(err: object): err is QueryFailedError {
  return err instanceof QueryFailedError || 'parameters' in err || 'driverError' in err;
}

function driverFields(err: object): Record<string, unknown> {
  const driver = ((err as { driverError?: object }).driverError ?? err) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of SAFE_DRIVER_FIELDS) if (driver[key] !== undefined) fields[key] = driver[key];
  return fields;
}

/** The one-line description of an error, fit for a log line: a failed query's SQLSTATE and constraint, never its message. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (!isQueryError(err)) return err.message;
  const { code, constraint } = driverFields(err);
  return `query failed (SQLSTATE ${code ?? 'unknown'}${constraint ? `, constraint ${constraint}` : ''})`;
}

/**
 * The pino serializer of `err`: pino's own shape, with what could carry a value left out.
 * pino-http hands it pino's serialization of the error, the error itself in `raw`.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  const err = value instanceof Error ? value : (value as { raw?: unknown } | null)?.raw;
  if (!(err instanceof Error) || depth > MAX_DEPTH) return value;
  const message = describeError(err);
  // The stack's first line repeats the message.
  const frames = err.stack?.indexOf('\n    at ') ?? -1;
  const out: SerializedError = { type: err.constructor?.name ?? err.name, message, stack: frames >= 0 ? `${err.name}: ${message}${err.stack!.slice(frames)}` : undefined };
  if (isQueryError(err)) {
    Object.assign(out, driverFields(err));
    const query = (err as { query?: unknown }).query;
    if (typeof query === 'string') out.query = query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}…` : query;
  }
  for (const [key, value] of Object.entries(err)) {
    if (key in out || VALUE_FIELDS.has(key) || key === 'query') continue;
    out[key] = value instanceof Error ? serializeError(value, depth + 1) : value;
  }
  if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
  return out;
}
