import { CommonError } from '../common/errors/app-error';

const PURPOSE = /^[a-z][a-z0-9-]{1,40}$/;
// type/subtype per RFC 6838, then optional parameters in printable ASCII (no CR/LF to inject headers).
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;[\x20-\x7e]*)?$/i;
const CONTENT_TYPE_MAX = 255;
const NAME_MAX = 255;
// Control characters and bidi overrides (which can disguise `exe.pdf` as `fdp.exe`).
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function assertPurpose(purpose: string): void {
  if (!PURPOSE.test(purpose)) {
    throw CommonError.validation(`Storage purpose ${JSON.stringify(purpose)} must match ${PURPOSE}`, { field: 'purpose' });
  }
}

export function assertContentType(contentType: string): void {
  if (contentType.length > CONTENT_TYPE_MAX || !CONTENT_TYPE.test(contentType)) {
    throw CommonError.validation(`Content type ${JSON.stringify(contentType)} is not a valid media type`, { field: 'contentType' });
  }
}

/** `<purpose>/<yyyy>/<mm>/<id>` in UTC: generated, so no user input ever reaches a path or an S3 key. */
export function objectKey(purpose: string, id: string, at: Date): string {
  return `${monthPrefix(purpose, at)}${id}`;
}

/** `<purpose>/<yyyy>/<mm>/`: the folder of the objects of one purpose written in one month (UTC). */
export function monthPrefix(purpose: string, at: Date): string {
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  return `${purpose}/${at.getUTCFullYear()}/${month}/`;
}

/** The last path segment of a client's file name, without control characters; null when nothing usable is left. */
export function sanitizeOriginalName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base.replace(UNSAFE_NAME_CHARS, '').trim()).slice(0, NAME_MAX).join('');
  return /^\.*$/.test(clean) ? null : clean;
}

/** `attachment` (never inline: uploads are not trusted to render) with an ASCII name and the exact UTF-8 one (RFC 6266). */
export function contentDisposition(fileName: string | null): string {
  if (!fileName) return 'attachment';
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
