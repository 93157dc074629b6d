import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { downloadDocument, draftLetter, eventually, fire } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width×height PNG of one RGB colour (8-bit truecolour, no alpha). */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height of every image in the PDF, extracted by pdfimages -png. */
function imageSizes(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'unit-logo-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), pdf);
    execFileSync('pdfimages', ['-png', join(dir, 'letter.pdf'), join(dir, 'img')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('img') && f.endsWith('.png'))
      .sort()
      .map((f) => {
        const png = readFileSync(join(dir, f));
        return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Unit logos over HTTP', () => {
  let t: TestApp;
  let units: Record<string, string>;
  const red = solidPng(2, 2, [255, 0, 0]);

  beforeAll(async () => {
    t = await createTestApp();
    units = Object.fromEntries((await t.sql<{ code: string; id: string }>('SELECT code, id FROM unit')).map((u) => [u.code, u.id]));
  });
  afterAll(() => t.close());

  const upload = async (unitId: string, bytes: Buffer, username = 'admin', filename = 'logo.png', contentType = 'image/png') =>
    t
      .http()
      .put(`/api/v1/units/${unitId}/logo`)
      .set('Authorization', `Bearer ${await t.token(username)}`)
      .attach('logo', bytes, { filename, contentType });

  async function draftDocument(): Promise<Buffer> {
    const letter = await draftLetter(t);
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
    return downloadDocument(t, letter.id);
  }

  it("prints the template's default logo until the unit has its own", async () => {
    // The default logo has transparency: pdfimages extracts it and its soft mask.
    const sizes = imageSizes(await draftDocument());
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes)).toEqual(new Set(['300x360']));
    const none = await t.http().get(`/api/v1/units/${units.Diskominfo}/logo`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('UNIT_LOGO_NOT_FOUND');
  });

  it("an admin's PNG becomes the letterhead logo of the unit and of its sub-units; anyone signed in can fetch it", async () => {
    const put = await upload(units.Diskominfo, red);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ unitId: units.Diskominfo, size: red.length });
    const [unit] = await t.sql(`SELECT letterhead FROM unit WHERE id = $1`, [units.Diskominfo]);
    expect(unit.letterhead.logoObjectId).toBe(put.body.logoObjectId);
    const [object] = await t.sql(`SELECT purpose, content_type FROM stored_object WHERE id = $1`, [put.body.logoObjectId]);
    expect(object).toEqual({ purpose: 'unit-logo', content_type: 'image/png' });

    const got = await t
      .http()
      .get(`/api/v1/units/${units.Diskominfo}/logo`)
      .set('Authorization', `Bearer ${await t.token('staf.kominfo')}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.body as Buffer, red)).toBe(0);
    await t.http().get(`/api/v1/units/${units.Diskominfo}/logo`).expect(401);

    // staf.kominfo writes from Aptika, a bidang under Diskominfo: the nearest ancestor's logo applies.
    expect(imageSizes(await draftDocument())).toEqual(['2x2']);
  });

  it('only admins set logos', async () => {
    const res = await upload(units.Diskominfo, solidPng(3, 3, [0, 0, 255]), 'kadis.kominfo');
    expect(res.status).toBe(403);
    const [unit] = await t.sql(`SELECT letterhead FROM unit WHERE id = $1`, [units.Diskominfo]);
    const [object] = await t.sql(`SELECT size FROM stored_object WHERE id = $1`, [unit.letterhead.logoObjectId]);
    expect(Number(object.size)).toBe(red.length);
  });

  it('refuses anything but a PNG by its bytes, oversized logos, and unknown units', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF\0 not really a photo')]);
    for (const [bytes, name, type] of [
      [jpeg, 'logo.jpg', 'image/jpeg'],
      [Buffer.from('just some text'), 'logo.png', 'image/png'],
      [Buffer.concat([red.subarray(0, 8), Buffer.from('garbage after the signature')]), 'logo.png', 'image/png'],
    ] as const) {
      const res = await upload(units.Dinkes, bytes, 'admin', name, type);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.code).toBe('UNIT_LOGO_INVALID');
    }
    const missing = await t.http().put(`/api/v1/units/${units.Dinkes}/logo`).set('Authorization', `Bearer ${await t.token('admin')}`).field('other', 'x');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('UNIT_LOGO_INVALID');

    const big = Buffer.concat([red, Buffer.alloc(512 * 1024)]);
    expect((await upload(units.Dinkes, big)).status).toBe(413);

    expect((await upload('00000000-0000-4000-8000-000000000000', red)).status).toBe(404);
    const [dinkes] = await t.sql(`SELECT letterhead FROM unit WHERE id = $1`, [units.Dinkes]);
    expect(dinkes.letterhead?.logoObjectId).toBeUndefined();
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM stored_object WHERE purpose = 'unit-logo'`);
    expect(n).toBe(1);
  });
  it('new letterhead lines keep the uploaded logo (the admin page saves the lines and the logo apart)', async () => {
    const put = await upload(units.Dinkes, red);
    expect(put.status).toBe(200);
    const patched = await t
      .http()
      .patch(`/api/v1/units/${units.Dinkes}`)
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ letterhead: { lines: ['PEMERINTAH KOTA PEKALONGAN', 'DINAS KESEHATAN DAERAH'] } })
      .expect(200);
    expect(patched.body.letterhead).toEqual({ lines: ['PEMERINTAH KOTA PEKALONGAN', 'DINAS KESEHATAN DAERAH'], logoObjectId: put.body.logoObjectId });
    const [unit] = await t.sql(`SELECT letterhead FROM unit WHERE id = $1`, [units.Dinkes]);
    expect(unit.letterhead.logoObjectId).toBe(put.body.logoObjectId);
  });
});
