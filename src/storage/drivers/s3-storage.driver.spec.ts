import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../config/app-config';
import { StorageError } from '../storage.errors';
import { S3StorageDriver } from './s3-storage.driver';

async function* overTheLimit(): AsyncGenerator<Buffer> {
  yield Buffer.alloc(1024);
  throw StorageError.tooLarge(1024);
}

describe('S3StorageDriver', () => {
  let spoolDir: string;

  beforeEach(() => {
    spoolDir = mkdtempSync(join(tmpdir(), 'esurat-s3-spool-'));
  });

  afterEach(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('refuses a stream of unknown size while spooling it: no request is made and no spool file remains', async () => {
    // Nothing listens on port 9 here: reaching S3 at all would fail with STORAGE_UNAVAILABLE instead.
    const driver = new S3StorageDriver(loadConfig({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://127.0.0.1:9' }), spoolDir);

    await expect(driver.put('attachment/2025/11/a', Readable.from(overTheLimit()), undefined, 'application/pdf')).rejects.toMatchObject({
      code: 'OBJECT_TOO_LARGE',
    });
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('reports an unreachable endpoint as STORAGE_UNAVAILABLE', async () => {
    const driver = new S3StorageDriver(loadConfig({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://127.0.0.1:9' }), spoolDir);

    await expect(driver.ping()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    await expect(driver.put('attachment/2025/11/b', Readable.from([Buffer.from('x')]), undefined, 'text/plain')).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
