import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { StorageError } from './storage.errors';

/**
 * Passes bytes through while hashing and counting them, so a stream is measured as
 * it is stored, never buffered. Fails with OBJECT_TOO_LARGE as soon as the limit is passed.
 */
export class DigestMeter extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private digest?: string;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get size(): number {
    return this.bytes;
  }

  /** Hex SHA-256 of everything that passed; only known once the stream has ended. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error('DigestMeter.sha256 read before the stream ended');
    return this.digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(StorageError.tooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    done();
  }
}
