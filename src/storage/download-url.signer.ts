import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StorageError } from './storage.errors';

/** Route of the fs driver's signed downloads, served by StorageController. */
export const DOWNLOAD_ROUTE = 'api/v1/storage/objects';

const KEY_LABEL = 'esurat/storage/download-url/v1';
const EXPIRES = /^\d{1,12}$/;

/**
 * Signs and checks the download links of the fs driver (S3 signs its own):
 * `<PUBLIC_URL>/api/v1/storage/objects/<id>?expires=<unix>&signature=<hmac>`.
 */
@Injectable()
export class DownloadUrlSigner {
  private readonly key: Buffer;
  private readonly baseUrl: string;

  constructor(config: AppConfig) {
    // A key derived for this use only, so a link signature can never stand in for a token signature.
    this.key = Buffer.from(hkdfSync('sha256', config.JWT_SECRET, '', KEY_LABEL, 32));
    this.baseUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  /** A link to object `id` valid until `expires` (unix seconds). */
  url(id: string, expires: number): string {
    const query = new URLSearchParams({ expires: String(expires), signature: this.sign(id, String(expires)) });
    return `${this.baseUrl}/${DOWNLOAD_ROUTE}/${encodeURIComponent(id)}?${query}`;
  }

  /** Throws PRESIGNED_URL_INVALID or PRESIGNED_URL_EXPIRED unless the link is genuine and current. */
  verify(id: string, expires: string, signature: string, now = Date.now()): void {
    if (!EXPIRES.test(expires)) throw StorageError.urlInvalid();
    const expected = Buffer.from(this.sign(id, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw StorageError.urlInvalid();
    if (Number(expires) * 1000 < now) throw StorageError.urlExpired();
  }

  private sign(id: string, expires: string): string {
    return createHmac('sha256', this.key).update(`GET\n${id}\n${expires}`).digest('base64url');
  }
}
