import type { Readable } from 'node:stream';
import type { StorageDriverName } from '../../records/stored-object.entity';

/** Injection token of the active StorageDriver, chosen by STORAGE_DRIVER. */
export const STORAGE_DRIVER = Symbol('STORAGE_DRIVER');

export interface ListedObject {
  key: string;
  /** When the bytes were written. */
  modifiedAt: Date;
}

/** Where bytes live. Drivers know keys only; StorageService owns ids, rows, hashes and limits. */
export interface StorageDriver {
  readonly name: StorageDriverName;
  /** S3 bucket, or null for drivers without one. */
  readonly bucket: string | null;

  /**
   * Stores the whole stream under `key`, or nothing: when the stream fails (e.g. over the
   * size limit) no partial object is left. `size` is given when known in advance.
   */
  put(key: string, body: Readable, size: number | undefined, contentType: string): Promise<void>;
  /** Rejects with OBJECT_NOT_FOUND when there is no such key. */
  get(key: string): Promise<Readable>;
  /** Rejects with OBJECT_NOT_FOUND when there is no such key. */
  stat(key: string): Promise<{ size: number }>;
  /** Removing a key that is already gone succeeds. */
  delete(key: string): Promise<void>;
  /** The first segment of every key (its purpose), for the orphan sweep. */
  listPurposes(): Promise<string[]>;
  /** Every key under `prefix` (ending in `/`), at any depth, for the orphan sweep. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** A link the backend serves itself, for drivers that can; others fall back to signed API links. */
  presignedGetUrl?(key: string, ttlSeconds: number, contentDisposition: string): Promise<string>;
  /** Resolves when the backend is reachable and usable; rejects with STORAGE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
}
