import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { OnModuleInit } from '@nestjs/common';
import { StorageError } from '../storage.errors';
import { ListedObject, StorageDriver } from './storage.driver';
import { writeTempFile } from './temp-file';

// Inside the root so that the final rename stays on one filesystem and is atomic.
// Keys start with a letter (their purpose), so they never collide with it.
const TEMP_DIR = '.tmp';

// Errors that mean the folder itself is unusable, not that one object is missing.
const UNAVAILABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO', 'ENOTDIR']);

/** Objects as files under STORAGE_FS_ROOT, one file per key. */
export class FsStorageDriver implements StorageDriver, OnModuleInit {
  readonly name = 'fs';
  readonly bucket = null;
  private readonly root: string;
  private readonly tempDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tempDir = join(this.root, TEMP_DIR);
  }

  /** Creates the root when missing; start-up fails when it cannot. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true }).catch((err) => {
      throw this.unavailable(err);
    });
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    try {
      // The temp file first: if the root is gone (say, an unmounted volume) this fails instead of recreating it.
      const temp = await writeTempFile(body, this.tempDir);
      try {
        await mkdir(dirname(target), { recursive: true });
        await rename(temp.path, target);
      } catch (err) {
        await rm(temp.path, { force: true });
        throw err;
      }
    } catch (err) {
      throw this.translate(err);
    }
  }

  async get(key: string): Promise<Readable> {
    // Opened before returning, so a missing file is an error here and not later in the stream.
    const file = await open(this.pathOf(key), 'r').catch((err) => {
      throw this.translate(err, key);
    });
    return file.createReadStream();
  }

  async stat(key: string): Promise<{ size: number }> {
    const info = await stat(this.pathOf(key)).catch((err) => {
      throw this.translate(err, key);
    });
    return { size: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true }).catch((err) => {
      throw this.translate(err);
    });
  }

  async listPurposes(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch((err) => {
      throw this.translate(err);
    });
    return entries.filter((e) => e.isDirectory() && e.name !== TEMP_DIR).map((e) => e.name);
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    const dir = this.pathOf(prefix);
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw this.translate(err);
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => undefined);
      // Removed since the listing: nothing to sweep.
      if (info) yield { key: relative(this.root, path).split(sep).join('/'), modifiedAt: info.mtime };
    }
  }

  async ping(): Promise<void> {
    try {
      if (!(await stat(this.root)).isDirectory()) throw new Error(`${this.root} is not a folder`);
      await access(this.root, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** Keys are generated, but a path is still checked to stay under the root before any file is touched. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    const inside = relative(this.root, path);
    if (key.includes('\0') || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new Error(`Storage key ${JSON.stringify(key)} resolves outside the storage root`);
    }
    return path;
  }

  /**
   * An error about this driver's own files becomes OBJECT_NOT_FOUND (a missing file, when asked
   * for a key) or STORAGE_UNAVAILABLE (an unusable folder); anything else, e.g. from the source stream, passes.
   */
  private translate(err: unknown, key?: string): unknown {
    const { code = '', path } = err as NodeJS.ErrnoException;
    if (typeof path !== 'string' || !path.startsWith(this.root)) return err;
    if (code === 'ENOENT' && key !== undefined) return StorageError.notFound(key);
    if (code === 'ENOENT' || UNAVAILABLE.has(code)) return this.unavailable(err);
    return err;
  }

  private unavailable(err: unknown): StorageError {
    return StorageError.unavailable(this.name, (err as Error).message);
  }
}
