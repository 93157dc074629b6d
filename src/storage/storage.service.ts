import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DigestMeter } from './digest-meter';
import { DownloadUrlSigner } from './download-url.signer';
import { STORAGE_DRIVER, StorageDriver } from './drivers/storage.driver';
import { assertContentType, assertPurpose, contentDisposition, objectKey, sanitizeOriginalName } from './object-naming';
import { StorageError } from './storage.errors';
import { StoredObjectEntity } from '../records/stored-object.entity';
import { UncommittedObjects } from './uncommitted-objects';

export interface PutObjectMeta {
  /** What the file is for, a slug such as `letter-draft`; the first part of the key. */
  purpose: string;
  contentType: string;
  /** The client's file name, kept (sanitized) for Content-Disposition only. */
  originalName?: string | null;
  /** Defaults to UPLOAD_LIMIT_BYTES. */
  maxBytes?: number;
}

export interface ObjectStream {
  object: StoredObjectEntity;
  stream: Readable;
}

// S3 refuses presigned links longer than 7 days; the fs links keep the same bound.
const MAX_LINK_TTL_SECONDS = 7 * 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one way files are stored and read. Every object gets a generated key, its SHA-256
 * and size are measured while it streams in, and a row in `stored_object` records it.
 */
@Injectable()
export class StorageService {
  private readonly logger = new Logger(StorageService.name);

  constructor(
    @InjectRepository(StoredObjectEntity) private readonly objects: Repository<StoredObjectEntity>,
    @Inject(STORAGE_DRIVER) private readonly driver: StorageDriver,
    private readonly signer: DownloadUrlSigner,
    private readonly config: AppConfig,
    private readonly uncommitted: UncommittedObjects,
  ) {}

  /**
   * Stores the bytes, then writes the row (through `manager` when given, so it joins the
   * caller's transaction). Over the limit: OBJECT_TOO_LARGE, and neither bytes nor row remain.
   * If the caller's transaction later rolls back, the bytes are removed after the rollback.
   */
  async put(data: Buffer | Readable, meta: PutObjectMeta, manager: EntityManager = this.objects.manager): Promise<StoredObjectEntity> {
    assertPurpose(meta.purpose);
    assertContentType(meta.contentType);
    const maxBytes = meta.maxBytes ?? this.config.UPLOAD_LIMIT_BYTES;
    const size = Buffer.isBuffer(data) ? data.length : undefined;
    // A buffer's size is known: refuse it before any driver work starts.
    if (size !== undefined && size > maxBytes) throw StorageError.tooLarge(maxBytes);

    const id = randomUUID();
    const key = objectKey(meta.purpose, id, new Date());
    const meter = new DigestMeter(maxBytes);
    await this.driver.put(key, this.measured(data, meter), size, meta.contentType);
    this.uncommitted.track(manager, key);

    const object = manager.create(StoredObjectEntity, {
      id,
      driver: this.driver.name,
      bucket: this.driver.bucket,
      key,
      purpose: meta.purpose,
      contentType: meta.contentType,
      originalName: sanitizeOriginalName(meta.originalName),
      size: meter.size,
      sha256: meter.sha256,
    });
    try {
      await manager.insert(StoredObjectEntity, object);
    } catch (err) {
      await this.removeBytes(key);
      throw err;
    }
    return object;
  }

  /**
   * The object and a stream of its bytes; OBJECT_NOT_FOUND when unknown or deleted. Inside a
   * transaction, pass its manager: the row is read there, not on a second connection.
   */
  async getStream(id: string, manager?: EntityManager): Promise<ObjectStream> {
    const object = await this.find(id, manager);
    return { object, stream: await this.driver.get(object.key) };
  }

  /** The whole object in memory: for small objects only (templates, logos); stream anything else. */
  async getBuffer(id: string, manager?: EntityManager): Promise<Buffer> {
    const { stream } = await this.getStream(id, manager);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The object's record, once its bytes are confirmed to be still in the backend. */
  async stat(id: string): Promise<StoredObjectEntity> {
    const object = await this.find(id);
    await this.driver.stat(object.key);
    return object;
  }

  /**
   * Removes the bytes and marks the row deleted; the row stays as a record. Inside a
   * transaction, pass its manager: the mark commits with it (the bytes are gone either way, and
   * removing them again is harmless).
   */
  async delete(id: string, manager: EntityManager = this.objects.manager): Promise<void> {
    const object = await this.find(id, manager);
    await this.driver.delete(object.key);
    await manager.softDelete(StoredObjectEntity, { id: object.id });
  }

  /**
   * A link that downloads the object without authentication until it expires: S3's own
   * presigned link, or for the fs driver a signed link to StorageController.
   */
  async presignedUrl(id: string, ttlSeconds: number): Promise<string> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_LINK_TTL_SECONDS) {
      throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_LINK_TTL_SECONDS}, got ${ttlSeconds}`);
    }
    const object = await this.find(id);
    if (this.driver.presignedGetUrl) {
      return this.driver.presignedGetUrl(object.key, ttlSeconds, contentDisposition(object.originalName));
    }
    return this.signer.url(object.id, Math.floor(Date.now() / 1000) + ttlSeconds);
  }

  /** Checks a signed link (PRESIGNED_URL_INVALID / _EXPIRED) and opens the object it names. */
  async openSignedDownload(id: string, expires: string, signature: string): Promise<ObjectStream> {
    this.signer.verify(id, expires, signature);
    return this.getStream(id);
  }

  /** Rejects with STORAGE_UNAVAILABLE when the backend cannot be used. */
  ping(): Promise<void> {
    return this.driver.ping();
  }

  private async find(id: string, manager: EntityManager = this.objects.manager): Promise<StoredObjectEntity> {
    const object = UUID.test(id) ? await manager.findOneBy(StoredObjectEntity, { id }) : null;
    if (!object) throw StorageError.notFound(id);
    return object;
  }

  /**
   * The data as it comes out of the meter. pipeline, not pipe: a failing source fails the meter
   * (so the driver's write fails and cleans up), and a refused upload stops reading the source.
   */
  private measured(data: Buffer | Readable, meter: DigestMeter): Readable {
    const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
    // The driver sees every error through the meter; nothing is left for this callback to do.
    pipeline(source, meter, () => undefined);
    return meter;
  }

  private async removeBytes(key: string): Promise<void> {
    try {
      await this.driver.delete(key);
    } catch (err) {
      this.logger.error({ err, key }, 'Could not remove the bytes of an object whose row was not written');
    }
  }
}
