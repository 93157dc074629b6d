import { HttpStatus } from '@nestjs/common';
import { AppError, CommonErrorCode } from './errors/app-error';

/**
 * Deepest nesting of objects and arrays any request may carry. Our DTOs nest a few levels and
 * free-form metadata rarely more; past this, recursive validation would exhaust the stack.
 */
export const MAX_INPUT_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether UTF-8 JSON text opens more than `maxDepth` nested arrays or objects. One pass over the
 * bytes (strings, such as a base64 PDF, skipped with a native indexOf), stopping at the first
 * level too many: a few milliseconds for 1 MB, before JSON.parse and before any recursive step
 * sees the value. For valid JSON the count is exact; where the text is invalid, JSON.parse
 * refuses it no later than where the count could go wrong. UTF-8 never puts these ASCII bytes
 * inside a multi-byte character.
 */
export function jsonNestingExceeds(text: Uint8Array, maxDepth = MAX_INPUT_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === QUOTE) {
      i = closingQuote(text, i);
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote closing the string opened at `open` (past the end if none); skips the string at native speed. */
function closingQuote(text: Uint8Array, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf(QUOTE, at + 1);
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text[at - 1 - backslashes] === BACKSLASH) backslashes++;
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return at;
  }
}

export function bodyTooDeep(where: string): AppError {
  return new AppError(CommonErrorCode.BODY_TOO_DEEP, `The ${where} nests arrays or objects deeper than ${MAX_INPUT_DEPTH} levels`, HttpStatus.BAD_REQUEST, {
    maxDepth: MAX_INPUT_DEPTH,
  });
}

/**
 * Parses JSON received inside another body (a multipart field), refusing too deep a nesting
 * before JSON.parse as the JSON body parser does. Throws SyntaxError on malformed text.
 */
export function parseNestedJson(text: string, where: string): unknown {
  if (jsonNestingExceeds(Buffer.from(text, 'utf8'))) throw bodyTooDeep(where);
  return JSON.parse(text);
}

/** NUL (PostgreSQL text refuses it) or a UTF-16 surrogate without its pair (no character at all). */
const FORBIDDEN_CHARACTER = /\u0000|\p{Cs}/u;

function describeCharacter(text: string): string {
  return text.includes('\u0000') ? 'a NUL character' : 'a lone UTF-16 surrogate';
}

/**
 * The checks every request value passes before any DTO sees it, whatever the route: nesting
 * within MAX_INPUT_DEPTH, no NUL or lone surrogate in any string or key, no infinite number
 * (JSON.parse reads 1e400 as Infinity). Iterative, so a deep value cannot exhaust the stack.
 */
export function assertCleanInput(value: unknown, location: string): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (FORBIDDEN_CHARACTER.test(current)) throw invalidCharacter(location, path, describeCharacter(current));
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current)) throw numberOutOfRange([{ field: path || location, errors: [`${path || location} must be a finite number`] }]);
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_INPUT_DEPTH) throw bodyTooDeep(location);
      for (const key of Object.keys(current)) {
        const child = path ? `${path}.${key}` : key;
        if (FORBIDDEN_CHARACTER.test(key)) throw invalidCharacter(location, child, describeCharacter(key));
        stack.push({ value: (current as Record<string, unknown>)[key], path: child, depth: depth + 1 });
      }
    }
  }
}

function invalidCharacter(location: string, field: string, what: string): AppError {
  const name = field || location;
  return new AppError(CommonErrorCode.INVALID_CHARACTER, `${name} contains ${what}`, HttpStatus.BAD_REQUEST, [{ field: name, errors: [`${name} contains ${what}`] }]);
}

export function numberOutOfRange(details: { field: string; errors: string[] }[]): AppError {
  return new AppError(CommonErrorCode.NUMBER_OUT_OF_RANGE, details.map((d) => d.errors.join(', ')).join('; '), HttpStatus.BAD_REQUEST, details);
}
