import type { Readable } from 'node:stream';
import { BadRequestException, CallHandler, ExecutionContext, HttpException, Inject, Injectable, mixin, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';

/** A multipart upload's bounds; the file's size is UPLOAD_LIMIT_BYTES unless said otherwise. */
export interface UploadLimits {
  fileSize?: number;
  files?: number;
  fields?: number;
  fieldSize?: number;
}

/** One uploaded file, held in memory, with the fields multer gave (the routes' types name these). */
export interface UploadedFileInMemory {
  fieldname: string;
  originalname: string;
  encoding: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

/** The multipart API of @fastify/multipart that this interceptor uses. */
interface MultipartPart {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  encoding: string;
  mimetype: string;
  value?: unknown;
  valueTruncated?: boolean;
  file?: Readable & { truncated?: boolean };
  toBuffer?: () => Promise<Buffer>;
}
type MultipartRequest = Omit<FastifyRequest, 'file' | 'parts' | 'isMultipart'> & {
  isMultipart?: () => boolean;
  parts: (options: { limits: Record<string, number> }) => AsyncIterable<MultipartPart>;
  // @UploadedFile() reads this own property, which hides the plugin's method of that name.
  file?: unknown;
};

/** The answers multer's errors got from Nest's FileInterceptor, kept as they were. */
const LIMIT_MESSAGES: Record<string, string> = {
  FST_FILES_LIMIT: 'Too many files',
  FST_FIELDS_LIMIT: 'Too many fields',
  FST_PARTS_LIMIT: 'Too many parts',
  FST_PROTO_VIOLATION: 'Field name missing',
  // multer kept such a field as text; the plugin parses it and refuses it when it is not JSON.
  FST_INVALID_JSON_FIELD_ERROR: 'A field sent as application/json is not valid JSON',
};

function uploadError(err: unknown): unknown {
  if (err instanceof HttpException) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new PayloadTooLargeException('File too large');
  if (code && LIMIT_MESSAGES[code]) return new BadRequestException(LIMIT_MESSAGES[code]);
  // busboy's own (a missing boundary, a malformed part header, an unexpected end of the form).
  if (err instanceof Error && !code) return new BadRequestException(err.message);
  return err;
}

type Step = { key: string | number; append?: boolean };

/** `a[b][0][]` as steps (`a`, `b`, 0, append); a name that does not parse is one flat key. */
function fieldPath(name: string): Step[] {
  const first = /^[^[]*/.exec(name)![0];
  if (!first) return [{ key: name }];
  const steps: Step[] = [{ key: first }];
  let rest = name.slice(first.length);
  while (rest.length > 0) {
    if (rest === '[]') {
      steps[steps.length - 1].append = true;
      break;
    }
    const match = /^\[([^\]]+)\]/.exec(rest);
    if (!match) return [{ key: name }];
    steps.push({ key: /^\d+$/.test(match[1]) ? Number(match[1]) : match[1] });
    rest = rest.slice(match[0].length);
  }
  return steps;
}

/**
 * Sets a field as multer's append-field did: bracketed names nest (`a[b]`, `a[0]`, `a[]`), and a
 * repeated name becomes an array. The validation pipe then refuses nesting past its limit.
 */
function appendField(body: Record<string, unknown>, name: string, value: unknown): void {
  const steps = fieldPath(name);
  let context: Record<string | number, unknown> = body;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const key = step.key;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    if (i === steps.length - 1) {
      const existing = context[key];
      if (step.append) {
        if (Array.isArray(existing)) existing.push(value);
        else context[key] = existing === undefined ? [value] : [existing, value];
      } else if (existing === undefined) context[key] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else context[key] = [existing, value];
      return;
    }
    let next = context[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof steps[i + 1].key === 'number' ? [] : {};
      context[key] = next;
    }
    context = next as Record<string | number, unknown>;
  }
}

/**
 * Reads a multipart body: the one file of `field` into memory (as `req.file`, which
 * @UploadedFile() reads) and the text fields into `req.body`; any other file field is refused
 * (400 "Unexpected field"), a file over the limit gets 413. Other bodies pass untouched.
 * The replacement of @nestjs/platform-express's FileInterceptor with multer's memory storage.
 */
export function FileInterceptor(field: string, given: UploadLimits | ((config: AppConfig) => UploadLimits) = {}): Type<NestInterceptor> {
  @Injectable()
  class MultipartFileInterceptor implements NestInterceptor {
    constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<MultipartRequest>();
      if (!req.isMultipart?.()) {
        // No file: @UploadedFile() must not see the plugin's method of that name.
        req.file = undefined;
        return next.handle();
      }
      const limits = typeof given === 'function' ? given(this.config) : given;
      const body: Record<string, unknown> = {};
      let file: UploadedFileInMemory | undefined;
      try {
        const bounds: Record<string, number> = { fileSize: limits.fileSize ?? this.config.UPLOAD_LIMIT_BYTES, fieldSize: limits.fieldSize ?? 1024 * 1024 };
        if (limits.files !== undefined) bounds.files = limits.files;
        if (limits.fields !== undefined) bounds.fields = limits.fields;
        for await (const part of req.parts({ limits: bounds })) {
          if (part.type === 'file') {
            // A file input left empty: multer skipped it.
            if (!part.filename) {
              part.file?.resume();
              continue;
            }
            if (part.fieldname !== field || file) {
              part.file?.resume();
              throw new BadRequestException('Unexpected field');
            }
            const buffer = await part.toBuffer!();
            file = { fieldname: part.fieldname, originalname: part.filename, encoding: part.encoding, mimetype: part.mimetype, buffer, size: buffer.length };
          } else {
            if (part.valueTruncated) throw new BadRequestException('Field value too long');
            // A field sent as application/json arrives parsed; the routes read text, as multer gave it.
            appendField(body, part.fieldname, typeof part.value === 'string' ? part.value : JSON.stringify(part.value));
          }
        }
      } catch (err) {
        throw uploadError(err);
      }
      req.body = body;
      req.file = file;
      return next.handle();
    }
  }
  return mixin(MultipartFileInterceptor);
}
