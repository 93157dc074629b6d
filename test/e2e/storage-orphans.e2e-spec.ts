import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { STORAGE_DRIVER, StorageDriver } from '../../src/storage/drivers/storage.driver';
import { objectKey } from '../../src/storage/object-naming';
import { StorageOrphanSweeper } from '../../src/storage/storage-orphan-sweeper.service';
import { draftLetter, eventually, fire } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * A transaction that stored bytes and then rolled back leaves nothing in storage, and the
 * orphan sweep removes the bytes of a process that died before its row committed; on the
 * fs and the s3 driver.
 */
const drivers: { name: 'fs' | 's3'; env: () => Record<string, string> }[] = [
  { name: 'fs', env: () => ({ STORAGE_DRIVER: 'fs' }) },
  {
    name: 's3',
    env: () => ({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: process.env.S3_TEST_ENDPOINT!,
      S3_ACCESS_KEY: process.env.S3_TEST_ACCESS_KEY ?? 'S3RVER',
      S3_SECRET_KEY: process.env.S3_TEST_SECRET_KEY ?? 'S3RVER',
      S3_BUCKET: `orphans-${randomBytes(4).toString('hex')}`,
    }),
  },
];

describe.each(drivers)('Stored objects without a committed row ($name driver)', ({ env }) => {
  let t: TestApp;
  let driver: StorageDriver;

  beforeAll(async () => {
    t = await createTestApp(env());
    driver = t.app.get<StorageDriver>(STORAGE_DRIVER);
  });
  afterAll(() => t.close());

  /** Every key in storage, of every purpose. */
  const storedKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    for (const purpose of await driver.listPurposes()) for await (const o of driver.list(`${purpose}/`)) keys.push(o.key);
    return keys.sort();
  };
  const rowKeys = async (): Promise<string[]> => (await t.sql<{ key: string }>(`SELECT "key" FROM stored_object ORDER BY "key"`)).map((r) => r.key).sort();

  it('a sign that rolls back after storing its signed PDF leaves no object behind', async () => {
    const letter = await draftLetter(t);
    for (const [user, event] of [['staf.kominfo', 'submit'], ['kasi.aptika', 'approve'], ['kabid.aptika', 'approve'], ['sekdis.kominfo', 'approve']]) {
      expect((await fire(t, letter.id, user, event)).status).toBe(200);
    }
    // Once the workers' draft renders are done, what storage holds is all committed.
    await eventually(async () => {
      const [{ open }] = await t.sql(
        `SELECT count(*)::int AS open FROM outbox_event e WHERE e.type = 'workflow.action' AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`,
      );
      return open === 0;
    });
    const before = await storedKeys();
    expect(before).toEqual(await rowKeys());

    // A serialization failure after the signing plugin stored the final and the signed PDF: the
    // transaction rolls back, as when a concurrent transaction wins.
    await t.sql(`CREATE FUNCTION refuse_sign() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.event = 'sign' THEN RAISE EXCEPTION 'concurrent update' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$`);
    await t.sql(`CREATE TRIGGER refuse_sign BEFORE INSERT ON letter_history FOR EACH ROW EXECUTE FUNCTION refuse_sign()`);
    try {
      const refused = await fire(t, letter.id, 'kadis.kominfo', 'sign');
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('VERSION_CONFLICT');
    } finally {
      await t.sql(`DROP TRIGGER refuse_sign ON letter_history`);
      await t.sql(`DROP FUNCTION refuse_sign()`);
    }
    expect(await rowKeys()).toEqual(before);
    expect(await storedKeys()).toEqual(before);

    // The retry signs, and stores what it refers to.
    const signed = await fire(t, letter.id, 'kadis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    const after = await storedKeys();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(await rowKeys());
  });

  it('the orphan sweep removes bytes whose row never committed once their grace is over, and nothing else', async () => {
    // What a process that died between writing the bytes and committing the row leaves.
    const orphan = objectKey('letter-document', randomUUID(), new Date());
    await driver.put(orphan, Readable.from([Buffer.from('%PDF-1.7 orphan')]), 15, 'application/pdf');
    const referenced = await rowKeys();
    expect(referenced.length).toBeGreaterThan(0);
    expect(await storedKeys()).toEqual([...referenced, orphan].sort());

    const sweeper = t.app.get(StorageOrphanSweeper);
    // Within its grace it may still be an upload whose transaction is about to commit.
    expect(await sweeper.removeOrphans()).toBe(0);
    expect(await storedKeys()).toContain(orphan);

    expect(await sweeper.removeOrphans(0)).toBe(1);
    expect(await storedKeys()).toEqual(referenced);
    expect(await sweeper.removeOrphans(0)).toBe(0);
  });
});
