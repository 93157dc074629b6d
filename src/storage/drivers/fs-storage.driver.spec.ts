import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FsStorageDriver } from './fs-storage.driver';

async function* failingAfterSomeBytes(): AsyncGenerator<Buffer> {
  yield Buffer.alloc(64 * 1024, 1);
  throw new Error('client went away');
}

describe('FsStorageDriver', () => {
  let base: string;
  let root: string;
  let driver: FsStorageDriver;

  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'esurat-fs-driver-'));
    root = join(base, 'root');
    driver = new FsStorageDriver(root);
    await driver.onModuleInit();
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('stores a stream under its key and reads it back', async () => {
    await driver.put('attachment/2025/11/a', Readable.from([Buffer.from('isi')]));

    expect(await driver.stat('attachment/2025/11/a')).toEqual({ size: 3 });
    const chunks: Buffer[] = [];
    for await (const chunk of await driver.get('attachment/2025/11/a')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('isi');
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it.each(['../outside', 'attachment/../../outside', '/etc/passwd', '', '.', 'attachment/\0x'])('refuses the key %j that leaves the root', async (key) => {
    await expect(driver.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(/outside the storage root/);
    await expect(driver.get(key)).rejects.toThrow(/outside the storage root/);
    await expect(driver.delete(key)).rejects.toThrow(/outside the storage root/);
    expect(readdirSync(base)).toEqual(['root']);
  });

  it('leaves no file when the stream fails midway, and passes the stream error on', async () => {
    await expect(driver.put('attachment/2025/11/b', Readable.from(failingAfterSomeBytes()))).rejects.toThrow('client went away');

    expect(readdirSync(root, { recursive: true })).toEqual(['.tmp']);
  });

  it('answers OBJECT_NOT_FOUND for a missing key, and deletes a missing key quietly', async () => {
    await expect(driver.get('attachment/2025/11/none')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(driver.stat('attachment/2025/11/none')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(driver.delete('attachment/2025/11/none')).resolves.toBeUndefined();
  });

  it('reports STORAGE_UNAVAILABLE, not a missing object, when the root is gone', async () => {
    rmSync(root, { recursive: true });

    await expect(driver.ping()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    await expect(driver.put('attachment/2025/11/c', Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(readdirSync(base)).toEqual([]);
  });
});
