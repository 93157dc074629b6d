import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client as MinioClient } from 'minio';
import { Client as PgClient } from 'pg';
import S3rver from 's3rver';
import { DataSource } from 'typeorm';
import { AllExceptionsFilter } from '../../src/common/filters/all-exceptions.filter';
import { createValidationPipe } from '../../src/common/validation';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { StoredObject1763800100000 } from '../../src/database/migrations/1763800100000-StoredObject';
import { DownloadUrlSigner } from '../../src/storage/download-url.signer';
import { StorageErrorCode } from '../../src/storage/storage.errors';
import { StorageModule } from '../../src/storage/storage.module';
import { StorageService } from '../../src/storage/storage.service';
import { StoredObjectEntity } from '../../src/records/stored-object.entity';

type DriverName = 'fs' | 's3';

const MiB = 1024 * 1024;
const UPLOAD_LIMIT = 6 * MiB;
const PUBLIC_URL = 'https://esurat.example.go.id';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const baseEnv = (): Record<string, string> => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
  DB_PORT: process.env.DB_PORT ?? '5432',
  DB_USER: process.env.DB_USER ?? 'postgres',
  DB_CREATE_IF_MISSING: 'false',
  JWT_SECRET: 'storage-e2e-secret-0123456789abcdef',
  PUBLIC_URL,
  UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** `total` random bytes as a stream of 64 KiB chunks, and the same bytes in one buffer to compare with. */
function chunkedStream(total: number): { stream: Readable; bytes: Buffer } {
  const bytes = randomBytes(total);
  const chunks: Buffer[] = [];
  for (let at = 0; at < total; at += 64 * 1024) chunks.push(bytes.subarray(at, at + 64 * 1024));
  return { stream: Readable.from(chunks), bytes };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Another signature, whatever its alphabet: '0' and '1' are valid in hex and base64url, and differ in both. */
const flipFirst = (signature: string) => (signature[0] === '0' ? '1' : '0') + signature.slice(1);

/** Byte-for-byte equality without a deep-equal over millions of elements (which blocks the event loop for seconds). */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(sha256(actual)).toBe(sha256(expected));
}

async function adminQuery(sql: string): Promise<void> {
  const env = baseEnv();
  const client = new PgClient({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The driver's backend seen from outside the module, to check what it really holds. */
interface Backend {
  env: Record<string, string>;
  bucket: string | null;
  /** Every key stored; for fs every file under the root, temp files included. */
  keys(): Promise<string[]>;
  /** Whether the fs root folder / the bucket exists. */
  containerExists(): Promise<boolean>;
  removeBytes(key: string): Promise<void>;
  /** The ETag a download carries: the SHA-256 for fs links, S3's own MD5 for single-part uploads. */
  etag(object: StoredObjectEntity, data: Buffer): string;
  /** Settings that point this driver at a backend it cannot use. */
  brokenEnv(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function fsBackend(): Backend {
  const base = mkdtempSync(join(tmpdir(), 'esurat-storage-e2e-'));
  const root = join(base, 'root');
  return {
    env: { STORAGE_DRIVER: 'fs', STORAGE_FS_ROOT: root },
    bucket: null,
    keys: async () => {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
    },
    containerExists: async () => (await readdir(base)).includes('root'),
    removeBytes: (key) => rm(join(root, key)),
    etag: (object) => `"${object.sha256}"`,
    brokenEnv: async () => {
      // A file where the root folder should be: not a folder, cannot be created, for any user (root included).
      const notAFolder = join(base, 'not-a-folder');
      writeFileSync(notAFolder, '');
      return { STORAGE_FS_ROOT: notAFolder };
    },
    close: async () => rmSync(base, { recursive: true, force: true }),
  };
}

async function s3Backend(bucket: string): Promise<Backend> {
  let ownServer: S3rver | undefined;
  let serverDir: string | undefined;
  let endpoint = process.env.S3_TEST_ENDPOINT;
  if (!endpoint) {
    serverDir = mkdtempSync(join(tmpdir(), 'esurat-s3rver-'));
    ownServer = new S3rver({ address: '127.0.0.1', port: 0, silent: true, configureBuckets: [], directory: serverDir, resetOnClose: true });
    const { port } = await ownServer.run();
    endpoint = `http://127.0.0.1:${port}`;
  }
  const accessKey = process.env.S3_TEST_ACCESS_KEY ?? 'S3RVER';
  const secretKey = process.env.S3_TEST_SECRET_KEY ?? 'S3RVER';
  const url = new URL(endpoint);
  const client = new MinioClient({ endPoint: url.hostname, port: Number(url.port), useSSL: false, accessKey, secretKey, region: 'us-east-1' });
  const keys = async (): Promise<string[]> => {
    const names: string[] = [];
    for await (const item of client.listObjectsV2(bucket, '', true)) names.push((item as { name: string }).name);
    return names;
  };
  return {
    env: { STORAGE_DRIVER: 's3', S3_ENDPOINT: endpoint, S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3_BUCKET: bucket },
    bucket,
    keys,
    containerExists: () => client.bucketExists(bucket),
    removeBytes: (key) => client.removeObject(bucket, key),
    etag: (_object, data) => `"${md5(data)}"`,
    brokenEnv: async () => ({ S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}` }),
    close: async () => {
      if (await client.bucketExists(bucket)) {
        // One by one: s3rver's multi-object delete races on its own folders and can answer 500.
        for (const key of await keys()) await client.removeObject(bucket, key);
        await client.removeBucket(bucket);
      }
      await ownServer?.close();
      if (serverDir) rmSync(serverDir, { recursive: true, force: true });
    },
  };
}

/** The storage module alone, on its own database, as the app wires it. */
function storageImports(config: AppConfig) {
  return [ConfigModule.forRoot(config), TypeOrmModule.forRoot({ ...dataSourceOptions(config), entities: [StoredObjectEntity] }), StorageModule];
}

async function migrate(config: AppConfig): Promise<void> {
  const db = new DataSource({ ...dataSourceOptions(config), entities: [StoredObjectEntity], migrations: [StoredObject1763800100000] });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
}

async function expectRefused(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code, status });
}

describe.each<[DriverName]>([['fs'], ['s3']])('storage with the %s driver', (driver) => {
  const suffix = randomBytes(4).toString('hex');
  const dbName = `esurat_test_storage_${driver}_${suffix}`;
  let backend: Backend;
  let config: AppConfig;
  let containerExistedBefore: boolean;
  let app: INestApplication;
  let baseUrl: string;
  let storage: StorageService;
  let db: DataSource;

  const countRows = () => db.getRepository(StoredObjectEntity).count({ withDeleted: true });
  /** Links name PUBLIC_URL; the test app listens elsewhere. S3 links already point at the S3 server. */
  const reachable = (url: string) => url.replace(PUBLIC_URL, baseUrl);

  beforeAll(async () => {
    backend = driver === 'fs' ? fsBackend() : await s3Backend(`esurat-test-${suffix}`);
    config = loadConfig({ ...baseEnv(), DB_NAME: dbName, ...backend.env });
    await adminQuery(`CREATE DATABASE ${dbName}`);
    await migrate(config);
    containerExistedBefore = await backend.containerExists();

    const moduleRef = await Test.createTestingModule({ imports: storageImports(config) }).compile();
    // On Fastify, as the app runs (the error filter answers through Fastify's reply).
    app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new AllExceptionsFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    storage = app.get(StorageService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await backend?.close();
  });

  it('creates its bucket or root folder at start-up when missing', async () => {
    expect(containerExistedBefore).toBe(false);
    expect(await backend.containerExists()).toBe(true);
  });

  it('has a migration that creates exactly what the entity maps (no drift)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('stores a small buffer and records its SHA-256 and size', async () => {
    const data = Buffer.from('Surat Edaran Wali Kota Nomor 100.3/12/2025 tentang Hari Kerja');
    const object = await storage.put(data, { purpose: 'letter-draft', contentType: 'text/plain; charset=utf-8', originalName: 'surat-edaran.txt' });

    expect(object).toMatchObject({
      driver,
      bucket: backend.bucket,
      purpose: 'letter-draft',
      contentType: 'text/plain; charset=utf-8',
      originalName: 'surat-edaran.txt',
      size: data.length,
      sha256: sha256(data),
    });
    expect(object.createdAt).toBeInstanceOf(Date);
    const row = await db.getRepository(StoredObjectEntity).findOneByOrFail({ id: object.id });
    expect(row).toEqual({ ...object, deletedAt: null });
    expect(await backend.keys()).toContain(object.key);
    expect(await storage.getBuffer(object.id)).toEqual(data);
  });

  it('round-trips multi-MB data as a stream out', async () => {
    const data = randomBytes(5 * MiB + 123);
    const object = await storage.put(data, { purpose: 'letter-signed', contentType: 'application/pdf' });

    expect(object.size).toBe(data.length);
    expect(object.sha256).toBe(sha256(data));
    const { object: found, stream } = await storage.getStream(object.id);
    expect(found.id).toBe(object.id);
    expectSameBytes(await readAll(stream), data);
  });

  it('measures a stream of unknown length as it stores it', async () => {
    const { stream, bytes } = chunkedStream(3 * MiB + 7);
    const object = await storage.put(stream, { purpose: 'incoming-scan', contentType: 'image/tiff', originalName: 'scan.tiff' });

    expect(object.size).toBe(bytes.length);
    expect(object.sha256).toBe(sha256(bytes));
    expectSameBytes(await storage.getBuffer(object.id), bytes);
  });

  it('stats an object only while its record and bytes both exist', async () => {
    const object = await storage.put(Buffer.from('lampiran'), { purpose: 'attachment', contentType: 'text/plain' });

    expect(await storage.stat(object.id)).toEqual({ ...object, deletedAt: null });
    await expectRefused(storage.stat('2b0c9cf4-8a4b-4f57-9d3e-2f5a4c1b7e10'), StorageErrorCode.OBJECT_NOT_FOUND, 404);
    await expectRefused(storage.stat('not-a-uuid'), StorageErrorCode.OBJECT_NOT_FOUND, 404);
    await backend.removeBytes(object.key);
    await expectRefused(storage.stat(object.id), StorageErrorCode.OBJECT_NOT_FOUND, 404);
  });

  it('deletes the bytes, keeps the row marked deleted, and then answers OBJECT_NOT_FOUND', async () => {
    const object = await storage.put(Buffer.from('draf yang dibatalkan'), { purpose: 'letter-draft', contentType: 'text/plain' });

    await storage.delete(object.id);

    expect(await backend.keys()).not.toContain(object.key);
    const row = await db.getRepository(StoredObjectEntity).findOneOrFail({ where: { id: object.id }, withDeleted: true });
    expect(row.deletedAt).toBeInstanceOf(Date);
    await expectRefused(storage.getStream(object.id), StorageErrorCode.OBJECT_NOT_FOUND, 404);
    await expectRefused(storage.getBuffer(object.id), StorageErrorCode.OBJECT_NOT_FOUND, 404);
    await expectRefused(storage.presignedUrl(object.id, 60), StorageErrorCode.OBJECT_NOT_FOUND, 404);
    await expectRefused(storage.delete(object.id), StorageErrorCode.OBJECT_NOT_FOUND, 404);
  });

  it('refuses data over the limit with OBJECT_TOO_LARGE and leaves no bytes (temp files included) or row', async () => {
    const keysBefore = await backend.keys();
    const rowsBefore = await countRows();

    await expectRefused(
      storage.put(randomBytes(UPLOAD_LIMIT + 1), { purpose: 'attachment', contentType: 'application/pdf' }),
      StorageErrorCode.OBJECT_TOO_LARGE,
      413,
    );
    const tooLong = chunkedStream(UPLOAD_LIMIT + 1);
    await expectRefused(storage.put(tooLong.stream, { purpose: 'attachment', contentType: 'application/pdf' }), StorageErrorCode.OBJECT_TOO_LARGE, 413);
    expect(tooLong.stream.destroyed).toBe(true);
    const overOwnLimit = chunkedStream(1001);
    await expectRefused(
      storage.put(overOwnLimit.stream, { purpose: 'attachment', contentType: 'text/plain', maxBytes: 1000 }),
      StorageErrorCode.OBJECT_TOO_LARGE,
      413,
    );

    expect(await backend.keys()).toEqual(keysBefore);
    expect(await countRows()).toBe(rowsBefore);
    const atOwnLimit = await storage.put(chunkedStream(1000).stream, { purpose: 'attachment', contentType: 'text/plain', maxBytes: 1000 });
    expect(atOwnLimit.size).toBe(1000);
  });

  it('generates the key; the client file name is only kept, sanitized, for downloads', async () => {
    const keysBefore = await backend.keys();
    const object = await storage.put(Buffer.from('root:x:0:0'), { purpose: 'attachment', contentType: 'text/plain', originalName: '../../etc/passwd' });

    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    expect(object.key).toMatch(new RegExp(`^attachment/\\d{4}/\\d{2}/${UUID}$`));
    expect(object.key).toBe(`attachment/${now.getUTCFullYear()}/${month}/${object.id}`);
    expect(object.key).not.toMatch(/passwd|\.\./);
    expect(object.originalName).toBe('passwd');
    expect((await backend.keys()).filter((k) => !keysBefore.includes(k))).toEqual([object.key]);

    const disguised = await storage.put(Buffer.from('MZ'), { purpose: 'attachment', contentType: 'application/pdf', originalName: 'C:\\Users\\staf\\nota\u202Efdp.exe' });
    expect(disguised.originalName).toBe('notafdp.exe');
  });

  it('refuses a purpose or content type that is not a plain slug or media type', async () => {
    const rowsBefore = await countRows();
    for (const purpose of ['../letters', 'Letter', 'a', 'letter draft', `x${'y'.repeat(41)}`]) {
      await expectRefused(storage.put(Buffer.from('x'), { purpose, contentType: 'text/plain' }), 'VALIDATION_FAILED', 400);
    }
    for (const contentType of ['text/html\r\nSet-Cookie: session=1', 'pdf', '']) {
      await expectRefused(storage.put(Buffer.from('x'), { purpose: 'attachment', contentType }), 'VALIDATION_FAILED', 400);
    }
    expect(await countRows()).toBe(rowsBefore);
  });

  it('gives a presigned URL that downloads the bytes over HTTP', async () => {
    const data = randomBytes(2 * MiB);
    const object = await storage.put(data, { purpose: 'approval-pdf', contentType: 'application/pdf', originalName: 'Surat Undangan Rapat – Bappeda.pdf' });

    const url = await storage.presignedUrl(object.id, 300);
    const res = await fetch(reachable(url));

    expect(res.status).toBe(200);
    expectSameBytes(Buffer.from(await res.arrayBuffer()), data);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(data.length));
    expect(res.headers.get('etag')).toBe(backend.etag(object, data));
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Surat Undangan Rapat _ Bappeda.pdf"; filename*=UTF-8''Surat%20Undangan%20Rapat%20%E2%80%93%20Bappeda.pdf`,
    );
  });

  it('refuses an expired presigned URL (403)', async () => {
    const object = await storage.put(Buffer.from('kedaluwarsa'), { purpose: 'attachment', contentType: 'text/plain' });
    const url = await storage.presignedUrl(object.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));

    const res = await fetch(reachable(url));

    expect(res.status).toBe(403);
  });

  it('answers a forged or expired signed download with 403 and a code', async () => {
    const [mine, other] = await Promise.all(
      ['milik saya', 'milik orang lain'].map((text) => storage.put(Buffer.from(text), { purpose: 'attachment', contentType: 'text/plain' })),
    );
    const signer = app.get(DownloadUrlSigner);
    const now = Math.floor(Date.now() / 1000);
    const get = async (url: string) => {
      const res = await fetch(reachable(url));
      return { status: res.status, body: (await res.json().catch(() => null)) as { code?: string } | null };
    };

    const good = await fetch(reachable(signer.url(mine.id, now + 60)));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('milik saya');

    expect(await get(signer.url(mine.id, now - 1))).toMatchObject({ status: 403, body: { code: StorageErrorCode.PRESIGNED_URL_EXPIRED } });
    const swapped = signer.url(mine.id, now + 60).replace(mine.id, other.id);
    expect(await get(swapped)).toMatchObject({ status: 403, body: { code: StorageErrorCode.PRESIGNED_URL_INVALID } });
    const longer = signer.url(mine.id, now + 60).replace(`expires=${now + 60}`, `expires=${now + 6000}`);
    expect(await get(longer)).toMatchObject({ status: 403, body: { code: StorageErrorCode.PRESIGNED_URL_INVALID } });
    const flipped = signer.url(mine.id, now + 60).replace(/signature=([^&]+)/, (_, sig: string) => `signature=${flipFirst(sig)}`);
    expect(await get(flipped)).toMatchObject({ status: 403, body: { code: StorageErrorCode.PRESIGNED_URL_INVALID } });
    expect(await get(`${PUBLIC_URL}/api/v1/storage/objects/${mine.id}?expires=${now + 60}`)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('stores the row inside the caller’s transaction, and removes the bytes when that insert fails', async () => {
    const committed = await db.transaction(async (manager) => {
      const object = await storage.put(Buffer.from('bersama surat'), { purpose: 'letter-draft', contentType: 'text/plain' }, manager);
      expect(await manager.findOneBy(StoredObjectEntity, { id: object.id })).not.toBeNull();
      return object;
    });
    expect(await storage.getBuffer(committed.id)).toEqual(Buffer.from('bersama surat'));

    const keysBefore = await backend.keys();
    const rowsBefore = await countRows();
    await expect(
      db.transaction(async (manager) => {
        // A failed statement aborts the transaction, so the row insert inside it fails too.
        await manager.query('SELECT 1 / 0').catch(() => undefined);
        await storage.put(Buffer.from('tidak jadi'), { purpose: 'letter-draft', contentType: 'text/plain' }, manager);
      }),
    ).rejects.toThrow(/current transaction is aborted/);
    expect(await backend.keys()).toEqual(keysBefore);
    expect(await countRows()).toBe(rowsBefore);
  });

  it('pings while the backend is up', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  // A local folder that cannot be used is a configuration error; an S3 service that is down may
  // come back, so the server starts and its health check reports storage down meanwhile.
  it(`fails ping and ${driver === 'fs' ? 'refuses to start' : 'still starts'} when the backend cannot be used`, async () => {
    const broken = loadConfig({ ...baseEnv(), DB_NAME: dbName, ...backend.env, ...(await backend.brokenEnv()) });
    const moduleRef = await Test.createTestingModule({ imports: storageImports(broken) }).compile();
    try {
      await expectRefused(moduleRef.get(StorageService).ping(), StorageErrorCode.STORAGE_UNAVAILABLE, 503);
      if (driver === 'fs') await expectRefused(moduleRef.init(), StorageErrorCode.STORAGE_UNAVAILABLE, 503);
      else {
        await moduleRef.init();
        await expectRefused(moduleRef.get(StorageService).put(Buffer.from('x'), { purpose: 'attachment', contentType: 'text/plain' }), StorageErrorCode.STORAGE_UNAVAILABLE, 503);
      }
    } finally {
      // close() would rethrow the failed start-up; the database connection is all there is to release.
      await moduleRef.get(DataSource).destroy();
    }
  });
});
