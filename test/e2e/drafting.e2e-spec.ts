import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfTools } from '../../src/documents/__fixtures__/pdf-tools';
import { downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** What the draft form stands on: the classification list, the organisation search, the preview, and the order of recipients and tembusan. */
describe('Drafting over HTTP', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const tools = new PdfTools();
  const oneLine = (text: string) => text.replace(/\s+/g, ' ');
  const auth = async (user = 'staf.kominfo') => `Bearer ${await t.token(user)}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(async () => {
    await t.close();
    tools.cleanup();
  });

  async function pdf(path: string, user = 'staf.kominfo'): Promise<{ status: number; type: string; bytes: Buffer }> {
    const res = await t
      .http()
      .get(path)
      .set('Authorization', await auth(user))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return { status: res.status, type: String(res.headers['content-type']), bytes: res.body as Buffer };
  }

  describe('GET /classifications', () => {
    it('finds a code by words of its name or of a parent, and by a code prefix', async () => {
      const byWords = await t.http().get('/api/v1/classifications').query({ q: 'standar operasional prosedur' }).set('Authorization', await auth()).expect(200);
      expect(byWords.body[0]).toEqual({
        code: '000.8.3.3',
        name: 'Standar Operasional Prosedur',
        parentCode: '000.8.3',
        path: ['Umum', 'Organisasi dan Tata Laksana', 'Ketatalaksanaan'],
        retention: expect.objectContaining({ activeYears: 2, inactiveYears: 3, trigger: 'berkas_ditutup', disposition: 'permanen', definedAt: '000.8.3.3' }),
      });
      const byCode = await t.http().get('/api/v1/classifications').query({ q: '800.1' }).set('Authorization', await auth()).expect(200);
      expect(byCode.body.length).toBeGreaterThan(2);
      expect(byCode.body.every((c: { code: string }) => c.code.startsWith('800.1'))).toBe(true);
      const byParent = await t.http().get('/api/v1/classifications').query({ q: 'kepegawaian cuti tahunan' }).set('Authorization', await auth()).expect(200);
      expect(byParent.body.map((c: { code: string }) => c.code)).toEqual(['800.1.11.4']);
    });

    it('lists the primary and secondary codes for an empty query, and refuses a bad limit', async () => {
      const all = await t.http().get('/api/v1/classifications').query({ limit: 200 }).set('Authorization', await auth()).expect(200);
      const codes = all.body.map((c: { code: string }) => c.code);
      for (const primary of ['000', '100', '200', '300', '400', '500', '600', '700', '800', '900']) expect(codes).toContain(primary);
      expect(codes.every((c: string) => c.split('.').length <= 2)).toBe(true);
      const bad = await t.http().get('/api/v1/classifications').query({ limit: 0 }).set('Authorization', await auth());
      expect(bad.status).toBe(400);
      await t.http().get('/api/v1/classifications').expect(401);
    });

    it('refuses a letter whose code is not on the list with 422 CLASSIFICATION_NOT_FOUND, on create and on revise, writing nothing', async () => {
      const subject = 'Klasifikasi yang tidak ada';
      const res = await t
        .http()
        .post('/api/v1/letters')
        .set('Authorization', await auth())
        .send({ type: 'surat-keluar', subject, classificationCode: '999.9', body: { paragraphs: ['Isi.'] }, reviewers: [], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CLASSIFICATION_NOT_FOUND', details: { classificationCode: '999.9' } });
      expect(await t.sql('SELECT 1 FROM letter WHERE subject = $1', [subject])).toHaveLength(0);
      const letter = await draftLetter(t);
      const patch = await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', await auth()).send({ version: letter.version, classificationCode: '000.99' });
      expect(patch.status).toBe(422);
      expect(patch.body.code).toBe('CLASSIFICATION_NOT_FOUND');
      const [row] = await t.sql<{ classification_code: string; version: number }>('SELECT classification_code, version FROM letter WHERE id = $1', [letter.id]);
      expect(row).toEqual({ classification_code: '000.8.3.3', version: letter.version });
    });
  });

  describe('GET /directory', () => {
    it('finds positions by jabatan, by unit and by the holder\'s name, with the holder; canSign keeps signers only', async () => {
      const byJabatan = await t.http().get('/api/v1/directory').query({ q: 'kepala dinas kesehatan' }).set('Authorization', await auth()).expect(200);
      expect(byJabatan.body[0]).toMatchObject({ positionId: p['KADIS-DINKES'], name: 'Kepala Dinas Kesehatan', unitName: 'Dinas Kesehatan', canSign: true });
      expect(byJabatan.body[0].holderName).toEqual(expect.any(String));
      const holder = byJabatan.body[0].holderName as string;
      const byName = await t.http().get('/api/v1/directory').query({ q: holder.split(' ')[0] }).set('Authorization', await auth()).expect(200);
      expect(byName.body.map((e: { positionId: string }) => e.positionId)).toContain(p['KADIS-DINKES']);
      const byUnit = await t.http().get('/api/v1/directory').query({ q: 'aplikasi informatika' }).set('Authorization', await auth()).expect(200);
      expect(byUnit.body.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['KABID-APTIKA', 'KASI-APTIKA', 'STAF-APTIKA']));
      const signers = await t.http().get('/api/v1/directory').query({ q: 'aptika', canSign: true }).set('Authorization', await auth()).expect(200);
      expect(signers.body.map((e: { code: string }) => e.code)).toEqual(['KABID-APTIKA']);
      const none = await t.http().get('/api/v1/directory').query({ q: '100%_' }).set('Authorization', await auth()).expect(200);
      expect(none.body).toEqual([]);
    });

    it("lists a position's superiors nearest first (the a.n./u.b. choices)", async () => {
      const res = await t.http().get(`/api/v1/directory/${p['KABID-APTIKA']}/superiors`).set('Authorization', await auth()).expect(200);
      expect(res.body.map((e: { code: string }) => e.code)).toEqual(['KADIS-KOMINFO', 'SEKDA', 'WALIKOTA']);
      const missing = await t.http().get('/api/v1/directory/00000000-0000-4000-8000-000000000000/superiors').set('Authorization', await auth());
      expect(missing.status).toBe(404);
    });
  });

  describe('recipients and tembusan in the order given', () => {
    it('stores, shows and prints Kepada and Tembusan in the order the drafter gave, not alphabetically; a revision reorders them', async () => {
      // Alphabetically: Kepala Dinas Kesehatan < Sekretaris Daerah < Wali Kota Pekalongan. Given: the reverse.
      const letter = await draftLetter(t, {
        recipientPositionIds: [p.SEKDA, p['KADIS-DINKES']],
        tembusanPositionIds: [p.WALIKOTA, p.SEKDA, p['KADIS-DINKES']],
        externalRecipients: [{ name: 'Direktur RSUD Bendan', address: 'Jl. Sriwijaya No. 2, Pekalongan' }],
        reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
        signers: [{ positionIds: [p['KABID-APTIKA']] }],
      });
      expect(letter.body.addressees.recipients.map((r: { positionId: string }) => r.positionId)).toEqual([p.SEKDA, p['KADIS-DINKES']]);
      expect(letter.body.addressees.tembusan.map((r: { name: string }) => r.name)).toEqual(['Wali Kota Pekalongan', 'Sekretaris Daerah', 'Kepala Dinas Kesehatan']);

      // The preview (a draft is not rendered before review) prints them in that order.
      const preview = await pdf(`/api/v1/letters/${letter.id}/preview`);
      expect(preview.status).toBe(200);
      expect(preview.type).toContain('application/pdf');
      const previewText = oneLine(tools.pdftotext(preview.bytes));
      const tembusan = previewText.slice(previewText.indexOf('Tembusan'));
      expect(tembusan.indexOf('Wali Kota Pekalongan')).toBeGreaterThan(-1);
      expect(tembusan.indexOf('Wali Kota Pekalongan')).toBeLessThan(tembusan.indexOf('Sekretaris Daerah'));
      expect(tembusan.indexOf('Sekretaris Daerah')).toBeLessThan(tembusan.indexOf('Kepala Dinas Kesehatan'));
      // A draft: the KONSEP watermark (its letters land apart in the text layer) and no number yet.
      expect(previewText.replace(/ /g, '')).toMatch(/KONSE?/);
      expect(previewText).toMatch(/Nomor : Sifat/);
      expect(previewText).toContain('Direktur RSUD Bendan');
      expect(await t.sql('SELECT 1 FROM letter_document WHERE letter_id = $1', [letter.id])).toHaveLength(0);

      // Revised: the tembusan reordered; then submitted and signed, the signed letter keeps the new order.
      const patched = await t
        .http()
        .patch(`/api/v1/letters/${letter.id}`)
        .set('Authorization', await auth())
        .send({ version: letter.version, tembusanPositionIds: [p['KADIS-DINKES'], p.WALIKOTA] })
        .expect(200);
      expect(patched.body.addressees.tembusan.map((r: { positionId: string }) => r.positionId)).toEqual([p['KADIS-DINKES'], p.WALIKOTA]);
      expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
      await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
      expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
      expect((await fire(t, letter.id, 'kabid.aptika', 'sign')).body.state).toBe('signed');
      const signed = oneLine(tools.pdftotext(await downloadDocument(t, letter.id)));
      const copies = signed.slice(signed.indexOf('Tembusan'));
      expect(copies.indexOf('Kepala Dinas Kesehatan')).toBeGreaterThan(-1);
      expect(copies.indexOf('Kepala Dinas Kesehatan')).toBeLessThan(copies.indexOf('Wali Kota Pekalongan'));
      expect(copies).not.toContain('Sekretaris Daerah');
      const head = signed.slice(0, signed.indexOf('Tembusan'));
      expect(head.indexOf('Sekretaris Daerah')).toBeLessThan(head.indexOf('Kepala Dinas Kesehatan'));

      // A signed letter has its document, not a preview.
      const late = await t.http().get(`/api/v1/letters/${letter.id}/preview`).set('Authorization', await auth());
      expect(late.status).toBe(422);
      expect(late.body.code).toBe('NOT_EDITABLE');
    });

    it('gives no preview of a letter the caller may not see', async () => {
      const letter = await draftLetter(t, { sifat: 'rahasia' });
      const res = await t.http().get(`/api/v1/letters/${letter.id}/preview`).set('Authorization', await auth('kadis.dinkes'));
      expect(res.status).toBe(404);
      expect((await pdf(`/api/v1/letters/${letter.id}/preview`)).status).toBe(200);
    });
  });

  describe('Surat Undangan', () => {
    const EVENT = [
      { label: 'Hari/Tanggal', value: 'Senin, 7 Desember 2026' },
      { label: 'Pukul', value: '09.00 WIB s.d. selesai' },
      { label: 'Tempat', value: 'Ruang Rapat Lantai 2 Diskominfo' },
      { label: 'Acara', value: 'Rapat Koordinasi Satu Data Kota' },
    ];

    it('drafts, reviews, signs and numbers an undangan whose PDF prints the event table and the closing', async () => {
      const letter = await draftLetter(t, {
        type: 'surat-undangan',
        subject: 'Undangan Rapat Koordinasi Satu Data',
        eventDetails: EVENT,
        closing: ['Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.'],
        reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
        signers: [{ positionIds: [p['KABID-APTIKA']] }],
        signatureMark: { kind: 'an', onBehalfOfPositionId: p['KADIS-KOMINFO'] },
      });
      expect(letter.body).toMatchObject({ type: 'surat-undangan', state: 'draft', stateLabel: 'Konsep' });
      expect(letter.body.body).toMatchObject({ eventDetails: EVENT, closing: ['Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.'] });

      const preview = oneLine(tools.pdftotext((await pdf(`/api/v1/letters/${letter.id}/preview`)).bytes));
      expect(preview).toContain('Hari/Tanggal : Senin, 7 Desember 2026');

      expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).body.state).toBe('review');
      expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).body.state).toBe('awaiting_signature');
      const signed = await fire(t, letter.id, 'kabid.aptika', 'sign');
      expect(signed.body).toMatchObject({ state: 'signed', stateLabel: 'Ditandatangani' });
      // Numbered from the surat dinas counter (config/numbering.yaml).
      expect(signed.body.number).toMatch(/^000\.8\.3\.3\/\d+\/Diskominfo\/\d{4}$/);

      const text = oneLine(tools.pdftotext(await downloadDocument(t, letter.id)));
      expect(text).toContain(signed.body.number);
      for (const row of EVENT) expect(text).toContain(`${row.label} : ${row.value}`);
      // The table sits between the opening paragraphs and the closing.
      expect(text.indexOf('Dalam rangka integrasi layanan')).toBeLessThan(text.indexOf('Hari/Tanggal'));
      expect(text.indexOf('Acara :')).toBeLessThan(text.indexOf('Mengingat pentingnya acara tersebut'));
      expect(text).toContain('a.n. Kepala Dinas');
    });

    it.each([
      ['a label over 40 characters', [{ label: 'x'.repeat(41), value: 'Senin' }]],
      ['markup in a value', [{ label: 'Tempat', value: '<b>Aula</b>' }]],
      ['an empty value', [{ label: 'Pukul', value: '' }]],
      ['more than 10 rows', Array.from({ length: 11 }, (_, i) => ({ label: `Baris ${i}`, value: 'isi' }))],
      ['an unknown field in a row', [{ label: 'Acara', value: 'Rapat', style: 'bold' }]],
    ])('refuses %s with 400 and saves nothing, on create and on revise', async (_name, eventDetails) => {
      const subject = `Undangan yang salah ${_name}`;
      const res = await t
        .http()
        .post('/api/v1/letters')
        .set('Authorization', await auth())
        .send({ type: 'surat-undangan', subject, body: { paragraphs: ['Isi.'], eventDetails }, reviewers: [], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await t.sql('SELECT 1 FROM letter WHERE subject = $1', [subject])).toHaveLength(0);

      const letter = await draftLetter(t, { type: 'surat-undangan', eventDetails: EVENT });
      const patch = await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', await auth()).send({ version: letter.version, body: { paragraphs: ['Baru.'], eventDetails } });
      expect(patch.status).toBe(400);
      const [row] = await t.sql<{ body: { paragraphs: string[]; eventDetails: unknown }; version: number }>('SELECT body, version FROM letter WHERE id = $1', [letter.id]);
      expect(row).toMatchObject({ version: letter.version, body: { paragraphs: letter.body.body.paragraphs, eventDetails: EVENT } });
    });

    it('refuses an event table or a closing on a surat dinas, which does not print them, with 400 naming the field', async () => {
      const subject = 'Surat dinas dengan tabel acara';
      const res = await t
        .http()
        .post('/api/v1/letters')
        .set('Authorization', await auth())
        .send({ type: 'surat-keluar', subject, body: { paragraphs: ['Isi.'], eventDetails: EVENT }, reviewers: [], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.eventDetails' }] });
      expect(await t.sql('SELECT 1 FROM letter WHERE subject = $1', [subject])).toHaveLength(0);
      const letter = await draftLetter(t);
      const patch = await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', await auth()).send({ version: letter.version, body: { paragraphs: ['Isi.'], closing: ['Terima kasih.'] } });
      expect(patch.status).toBe(400);
      expect(patch.body.details).toEqual([{ field: 'body.closing', errors: ['not printed on a surat-keluar'] }]);
      expect((await t.sql<{ version: number }>('SELECT version FROM letter WHERE id = $1', [letter.id]))[0].version).toBe(letter.version);
    });
  });
});

/** A letter type the form offers but whose workflow file this server does not have. */
describe('Drafting a letter type without its workflow', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    rmSync(join(dir, 'surat-undangan.yaml'));
    t = await createTestApp({ WORKFLOWS_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 422 LETTER_TYPE_UNKNOWN and keeps nothing', async () => {
    const before = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM letter'))[0].n;
    const eventDetails = [
      { label: 'Hari/Tanggal', value: 'Senin, 7 Desember 2026' },
      { label: 'Pukul', value: '09.00 WIB s.d. selesai' },
      { label: 'Tempat', value: 'Ruang Rapat Lantai 2 Diskominfo' },
      { label: 'Acara', value: 'Rapat Koordinasi Satu Data Kota' },
    ];
    const drafted = await draftLetter(t, { type: 'surat-undangan', eventDetails }).catch((err: Error) => err.message);
    expect(drafted).toMatch(/^draft failed: 422 /);
    expect(JSON.parse(String(drafted).replace(/^draft failed: 422 /, ''))).toMatchObject({ code: 'LETTER_TYPE_UNKNOWN', details: { type: 'surat-undangan' } });
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM letter'))[0].n).toBe(before);
  });
});
