import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { Logger, OnModuleInit } from '@nestjs/common';
import { Client } from 'minio';
import { AppConfig } from '../../config/app-config';
import { StorageError, StorageErrorCode } from '../storage.errors';
import { ListedObject, StorageDriver } from './storage.driver';
import { writeTempFile } from './temp-file';

const MISSING_OBJECT = new Set(['NoSuchKey', 'NotFound']);
// Network failures and the server saying it is overloaded or down; anything else is a real error.
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ServiceUnavailable',
  'SlowDown',
]);

/** Objects in one S3 bucket (MinIO in production), through the minio client. */
export class S3StorageDriver implements StorageDriver, OnModuleInit {
  readonly name = 's3';
  readonly bucket: string;
  private readonly region: string;
  private readonly logger = new Logger('Storage');
  private bucketReady = false;
  private readonly client: Client;

  /** `spoolDir` holds streams of unknown size while they are measured, before upload. */
  constructor(
    config: AppConfig,
    private readonly spoolDir = tmpdir(),
  ) {
    const endpoint = new URL(config.S3_ENDPOINT);
    this.bucket = config.S3_BUCKET;
    this.region = config.S3_REGION;
    this.client = new Client({
      endPoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      useSSL: endpoint.protocol === 'https:',
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      // Given, so that presigning needs no request to ask the bucket's region.
      region: config.S3_REGION,
    });
  }

  /**
   * Creates the bucket when missing. When S3 cannot be reached the server still starts (its
   * health check then reports storage down) and the bucket is made at the first upload.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.ensureBucket();
    } catch (err) {
      if (!(err instanceof StorageError) || err.code !== StorageErrorCode.STORAGE_UNAVAILABLE) throw err;
      this.logger.warn(`${err.message}; the bucket will be created at the first upload`);
    }
  }

  private async ensureBucket(): Promise<void> {
    if (this.bucketReady) return;
    try {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket, this.region);
    } catch (err) {
      // Another process (API or worker) created it at the same moment.
      if ((err as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw this.translate(err);
    }
    this.bucketReady = true;
  }

  /**
   * minio needs the size up front: without it, it picks multipart parts of hundreds of MB held in
   * memory. A stream of unknown size is therefore measured into a temp file first, which also
   * means a refused stream (over the limit) never reaches the bucket.
   */
  async put(key: string, body: Readable, size: number | undefined, contentType: string): Promise<void> {
    if (size !== undefined) return this.upload(key, body, size, contentType);
    const spooled = await writeTempFile(body, this.spoolDir);
    try {
      await this.upload(key, createReadStream(spooled.path), spooled.size, contentType);
    } finally {
      await rm(spooled.path, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key).catch((err) => {
      throw this.translate(err, key);
    });
  }

  async stat(key: string): Promise<{ size: number }> {
    const info = await this.client.statObject(this.bucket, key).catch((err) => {
      throw this.translate(err, key);
    });
    return { size: info.size };
  }

  async delete(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key).catch((err) => {
      throw this.translate(err);
    });
  }

  /**
   * One request per purpose: the first key after the previous purpose's keys. Not a listing by
   * delimiter, which not every S3 server answers for the bucket's root; S3 lists keys in binary
   * order, and '0' is the character after '/'.
   */
  async listPurposes(): Promise<string[]> {
    const purposes: string[] = [];
    for (let key = await this.firstKeyAfter(''); key !== undefined; key = await this.firstKeyAfter(`${purposes[purposes.length - 1]}0`)) {
      const purpose = key.split('/')[0];
      // A server that lists in another order could hand a purpose back: stop rather than loop.
      if (purposes.includes(purpose)) break;
      purposes.push(purpose);
    }
    return purposes;
  }

  private async firstKeyAfter(startAfter: string): Promise<string | undefined> {
    const listing = this.client.listObjectsV2(this.bucket, '', true, startAfter);
    try {
      for await (const item of listing) if (item.name) return item.name;
      return undefined;
    } catch (err) {
      throw this.translate(err);
    } finally {
      listing.destroy();
    }
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    try {
      for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
        if (item.name && item.lastModified) yield { key: item.name, modifiedAt: item.lastModified };
      }
    } catch (err) {
      throw this.translate(err);
    }
  }

  presignedGetUrl(key: string, ttlSeconds: number, contentDisposition: string): Promise<string> {
    return this.client.presignedGetObject(this.bucket, key, ttlSeconds, { 'response-content-disposition': contentDisposition });
  }

  async ping(): Promise<void> {
    const exists = await this.client.bucketExists(this.bucket).catch((err) => {
      throw StorageError.unavailable(this.name, (err as Error).message);
    });
    if (!exists) throw StorageError.unavailable(this.name, `bucket ${this.bucket} does not exist`);
  }

  private async upload(key: string, body: Readable, size: number, contentType: string): Promise<void> {
    await this.ensureBucket();
    await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType }).catch((err) => {
      throw this.translate(err);
    });
  }

  private translate(err: unknown, key?: string): unknown {
    const code = (err as { code?: string }).code ?? '';
    if (key !== undefined && MISSING_OBJECT.has(code)) return StorageError.notFound(key);
    if (UNAVAILABLE.has(code)) return StorageError.unavailable(this.name, (err as Error).message);
    return err;
  }
}
