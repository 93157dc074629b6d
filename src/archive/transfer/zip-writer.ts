import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';

/** The part of yazl (which ships no types) that the transfer package uses. */
interface YazlZipFile {
  outputStream: Readable;
  on(event: 'error', listener: (err: Error) => void): void;
  addBuffer(buffer: Buffer, path: string, options?: { mtime?: Date; compress?: boolean }): void;
  addReadStreamLazy(path: string, options: { mtime?: Date; compress?: boolean }, open: (cb: (err: Error | null, stream?: Readable) => void) => void): void;
  end(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yazl = require('yazl') as { ZipFile: new () => YazlZipFile };

/** Every entry carries this date, so the same files make the same ZIP. */
const MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * A ZIP written as it is read (yazl), each file's SHA-256 measured as it passes, so a BagIt-like
 * manifest of what was actually written can close the package: data files are opened one at a
 * time, when the ZIP reaches them.
 */
export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly digests: Promise<[string, string]>[] = [];

  constructor() {
    // A file that cannot be opened fails the ZIP, and so the upload reading it.
    this.zip.on('error', (err) => this.zip.outputStream.destroy(err));
  }

  get output(): Readable {
    return this.zip.outputStream;
  }

  addBuffer(path: string, data: Buffer): void {
    this.zip.addBuffer(data, path, { mtime: MTIME });
    this.digests.push(Promise.resolve([path, createHash('sha256').update(data).digest('hex')]));
  }

  /** PDFs are compressed already: stored as they are. */
  addLazy(path: string, open: () => Promise<Readable>): void {
    let settle!: (value: [string, string]) => void;
    let fail!: (err: Error) => void;
    const digest = new Promise<[string, string]>((resolve, reject) => ((settle = resolve), (fail = reject)));
    // Awaited by written(); until then a failure must not count as unhandled.
    digest.catch(() => undefined);
    this.digests.push(digest);
    this.zip.addReadStreamLazy(path, { mtime: MTIME, compress: false }, (cb) => {
      open().then(
        (source) => {
          const hash = createHash('sha256');
          const through = new PassThrough();
          through.on('data', (chunk: Buffer) => hash.update(chunk));
          through.on('end', () => settle([path, hash.digest('hex')]));
          source.on('error', (err) => {
            fail(err);
            through.destroy(err);
          });
          cb(null, source.pipe(through));
        },
        (err: Error) => {
          fail(err);
          cb(err);
        },
      );
    });
  }

  /** Waits for every file added so far to be written; their SHA-256 by path, in the order added. */
  written(): Promise<[string, string][]> {
    return Promise.all(this.digests);
  }

  end(): void {
    this.zip.end();
  }
}
