import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes a stream to a new file in `dir`, flushed to disk; when the stream fails the file is
 * removed before the error is passed on, so a refused or broken upload leaves nothing behind.
 */
export async function writeTempFile(body: Readable, dir: string): Promise<{ path: string; size: number }> {
  const path = join(dir, `upload-${randomUUID()}.tmp`);
  const file = createWriteStream(path, { flags: 'wx', flush: true });
  try {
    await pipeline(body, file);
  } catch (err) {
    // pipeline can reject before the file is even opened; removing it earlier would race its creation.
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await rm(path, { force: true });
    throw err;
  }
  return { path, size: file.bytesWritten };
}
