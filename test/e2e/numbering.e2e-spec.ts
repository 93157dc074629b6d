import { DataSource } from 'typeorm';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { LetterEntity } from '../../src/records/letter.entity';
import { calendarIn } from '../../src/numbering/number-format';
import { NumberingService } from '../../src/numbering/numbering.service';
import { createTestApp, TestApp } from '../helpers/test-app';

const WIB = 'Asia/Jakarta';
const pad2 = (n: number) => String(n).padStart(2, '0');

describe('Numbering: nomor surat, ambil nomor, formats', () => {
  let t: TestApp;
  let db: DataSource;
  let numbering: NumberingService;
  const ids: Record<string, string> = {};
  const auth: Record<string, string> = {};
  /** A draft surat-keluar of staf.kominfo (unit Aptika, numbered by Diskominfo) to clone. */
  let templateLetterId: string;
  /** The first letter signed over HTTP. */
  let signedLetterId: string;
  const now = calendarIn(new Date(), WIB);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    numbering = t.app.get(NumberingService);
    for (const row of await t.sql<{ code: string; id: string }>('SELECT code, id FROM position UNION ALL SELECT code, id FROM unit')) ids[row.code] = row.id;
    for (const user of ['staf.kominfo', 'kasi.aptika', 'kabid.aptika', 'kadis.kominfo', 'kadis.dinkes', 'admin']) auth[user] = `Bearer ${await t.token(user)}`;
    templateLetterId = (await draft('Template surat untuk uji penomoran')).id;
  });
  afterAll(() => t.close());

  async function draft(subject: string, overrides: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/api/v1/letters')
      .set('Authorization', auth['staf.kominfo'])
      .send({
        type: 'surat-keluar',
        subject,
        classificationCode: '000.8.3.3',
        body: { paragraphs: ['Dengan hormat, bersama ini kami sampaikan undangan rapat koordinasi SPBE.'] },
        recipientPositionIds: [ids['KADIS-DINKES']],
        reviewers: [{ positionIds: [ids['KASI-APTIKA']] }, { positionIds: [ids['KABID-APTIKA']] }],
        signers: [{ positionIds: [ids['KADIS-KOMINFO']] }],
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; version: number };
  }

  /** Copies of the template letter, for allocations straight through the service. */
  async function cloneLetters(n: number): Promise<string[]> {
    const rows = await t.sql<{ id: string }>(
      `INSERT INTO letter (kind, workflow_key, workflow_definition_id, state, snapshot, route_plans, subject, sifat, urgency,
                           classification_code, drafter_person_id, drafter_position_id, unit_id, body)
       SELECT kind, workflow_key, workflow_definition_id, 'signed', snapshot, route_plans, subject || ' #' || i, sifat, urgency,
              classification_code, drafter_person_id, drafter_position_id, unit_id, body
         FROM letter, generate_series(1, $2) AS i WHERE id = $1 ORDER BY i RETURNING id`,
      [templateLetterId, n],
    );
    return rows.map((r) => r.id);
  }

  const allocate = (letterId: string, at: Date) =>
    db.transaction(async (tx) => numbering.allocate(tx, await tx.findOneOrFail(LetterEntity, { where: { id: letterId } }), at));

  async function fire(letterId: string, user: string, event: string, version: number): Promise<{ version: number; state: string }> {
    const res = await t.http().post(`/api/v1/letters/${letterId}/transitions`).set('Authorization', auth[user]).send({ event, version, ...(event === 'sign' ? { passphrase: DEMO_SIGNING_PASSPHRASE } : {}) });
    if (res.status !== 200) throw new Error(`${event} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Drafted → paraf by kasi and kabid → signed by kadis. */
  async function driveToSigned(letterId: string, version: number): Promise<void> {
    let v = (await fire(letterId, 'staf.kominfo', 'submit', version)).version;
    v = (await fire(letterId, 'kasi.aptika', 'approve', v)).version;
    v = (await fire(letterId, 'kabid.aptika', 'approve', v)).version;
    expect((await fire(letterId, 'kadis.kominfo', 'sign', v)).state).toBe('signed');
  }

  /** The signature numbers the letter inside its transition; read it back through the API. */
  async function waitForNumber(letterId: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await t.http().get(`/api/v1/letters/${letterId}`).set('Authorization', auth['staf.kominfo']).expect(200);
      if (res.body.number) return res.body.number;
      if (Date.now() > deadline) throw new Error(`letter ${letterId} got no number (state ${res.body.state})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const reserve = (user: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/numbering/reservations').set('Authorization', auth[user]).send(body);

  describe('a letter signed through the workflow', () => {
    it('gets the next number of its issuing unit, dated at signing', async () => {
      const letter = await draft('Undangan Rapat Koordinasi SPBE');
      await driveToSigned(letter.id, letter.version);
      const number = await waitForNumber(letter.id);
      expect(number).toBe(`000.8.3.3/1/Diskominfo/${now.year}`);
      signedLetterId = letter.id;

      const [row] = await t.sql('SELECT status, letter_id, sequence, reserved_by_person_id FROM letter_number WHERE number = $1', [number]);
      expect(row).toEqual({ status: 'used', letter_id: letter.id, sequence: 1, reserved_by_person_id: null });
      const [dates] = await t.sql(
        `SELECT l.numbered_at, h.at FROM letter l JOIN letter_history h ON h.letter_id = l.id AND h.event = 'sign' WHERE l.id = $1`,
        [letter.id],
      );
      expect(dates.numbered_at).toEqual(dates.at);
    });

    it('gets the number reserved for it (ambil nomor) instead of a new one', async () => {
      const letter = await draft('Permohonan Narasumber Literasi Digital');
      const reserved = await reserve('staf.kominfo', { type: 'surat-keluar', classificationCode: '000.8.3.3', letterId: letter.id }).expect(201);
      expect(reserved.body).toMatchObject({ number: `000.8.3.3/2/Diskominfo/${now.year}`, status: 'reserved', letterId: letter.id });
      await driveToSigned(letter.id, letter.version);

      expect(await waitForNumber(letter.id)).toBe(reserved.body.number);
      const rows = await t.sql('SELECT status, used_at FROM letter_number WHERE letter_id = $1', [letter.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('used');
      expect(rows[0].used_at).not.toBeNull();
    });
  });

  describe('counters', () => {
    it('gives 200 concurrent allocations in one scope exactly 1..200', async () => {
      const letters = await cloneLetters(200);
      const at = new Date('2091-06-15T03:00:00Z');
      const issued = await Promise.all(letters.map((id) => allocate(id, at)));

      expect(new Set(issued.map((i) => i.number)).size).toBe(200);
      const rows = await t.sql<{ sequence: number; number: string; letter_id: string }>(
        `SELECT sequence, number, letter_id FROM letter_number WHERE year = 2091 ORDER BY sequence`,
      );
      expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      for (const row of rows) expect(row.number).toBe(`000.8.3.3/${row.sequence}/Diskominfo/2091`);
      expect(new Set(rows.map((r) => r.letter_id))).toEqual(new Set(letters));

      const numbered = await t.sql('SELECT count(*)::int AS n FROM letter WHERE id = ANY($1) AND number IS NOT NULL AND numbered_at = $2', [letters, at]);
      expect(numbered[0].n).toBe(200);
      const [counter] = await t.sql(`SELECT value FROM number_counter WHERE year = 2091`);
      expect(counter.value).toBe(200);
    });

    it('gives the number of a rolled-back allocation to the next one: no gap', async () => {
      const [first, rolledBack, next] = await cloneLetters(3);
      const at = new Date('2092-03-02T02:00:00Z');
      expect((await allocate(first, at)).number).toBe('000.8.3.3/1/Diskominfo/2092');

      const failed = db.transaction(async (tx) => {
        const issued = await numbering.allocate(tx, await tx.findOneOrFail(LetterEntity, { where: { id: rolledBack } }), at);
        expect(issued.number).toBe('000.8.3.3/2/Diskominfo/2092');
        throw new Error('penandatanganan gagal');
      });
      await expect(failed).rejects.toThrow('penandatanganan gagal');

      expect((await allocate(next, at)).number).toBe('000.8.3.3/2/Diskominfo/2092');
      const [letter] = await t.sql('SELECT number, numbered_at FROM letter WHERE id = $1', [rolledBack]);
      expect(letter).toEqual({ number: null, numbered_at: null });
      expect(await t.sql('SELECT sequence FROM letter_number WHERE year = 2092 ORDER BY sequence')).toEqual([{ sequence: 1 }, { sequence: 2 }]);
    });

    it('restarts every year, on the WIB calendar', async () => {
      const [a, b, c, d] = await cloneLetters(4);
      expect((await allocate(a, new Date('2093-06-01T03:00:00Z'))).number).toBe('000.8.3.3/1/Diskominfo/2093');
      expect((await allocate(b, new Date('2094-06-01T03:00:00Z'))).number).toBe('000.8.3.3/1/Diskominfo/2094');
      // 23:30 UTC on 31 December 2094 is already 1 January 2095 in Pekalongan (WIB).
      expect((await allocate(c, new Date('2094-12-31T23:30:00Z'))).number).toBe('000.8.3.3/1/Diskominfo/2095');
      // 16:30 UTC on 31 December 2095 is 23:30 WIB, still 2095.
      expect((await allocate(d, new Date('2095-12-31T16:30:00Z'))).number).toBe('000.8.3.3/2/Diskominfo/2095');
    });

    it('leaves a numbered letter as it is', async () => {
      const [letter] = await cloneLetters(1);
      const first = await allocate(letter, new Date('2096-01-10T03:00:00Z'));
      const again = await allocate(letter, new Date('2096-02-10T03:00:00Z'));
      expect(again).toEqual(first);
      expect(await t.sql('SELECT count(*)::int AS n FROM letter_number WHERE letter_id = $1', [letter])).toEqual([{ n: 1 }]);
    });

    it('refuses a letter without a classification code, without moving the counter', async () => {
      const [letter] = await cloneLetters(1);
      await t.sql('UPDATE letter SET classification_code = NULL WHERE id = $1', [letter]);
      await expect(allocate(letter, new Date('2097-05-05T03:00:00Z'))).rejects.toMatchObject({ code: 'CLASSIFICATION_REQUIRED', status: 422 });
      expect(await t.sql('SELECT * FROM number_counter WHERE year = 2097')).toEqual([]);
    });
  });

  describe('reservations (ambil nomor)', () => {
    it('records a cancelled reservation as cancelled and never issues its number again', async () => {
      const first = await reserve('staf.kominfo', { type: 'surat-keluar', classificationCode: '800.1.2' }).expect(201);
      expect(first.body).toMatchObject({ status: 'reserved', type: 'surat-keluar', formatKey: 'surat-keluar', letterId: null, unitId: ids.Diskominfo });
      const cancelled = await t
        .http()
        .post(`/api/v1/numbering/reservations/${first.body.id}/cancel`)
        .set('Authorization', auth['staf.kominfo'])
        .send({ reason: 'Surat tidak jadi dikirim' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Surat tidak jadi dikirim', number: first.body.number });

      const next = await reserve('staf.kominfo', { type: 'surat-keluar', classificationCode: '800.1.2' }).expect(201);
      expect(next.body.sequence).toBe(first.body.sequence + 1);
      expect(next.body.number).toBe(`800.1.2/${first.body.sequence + 1}/Diskominfo/${now.year}`);

      const [kept] = await t.sql('SELECT status, cancel_reason, cancelled_at FROM letter_number WHERE id = $1', [first.body.id]);
      expect(kept).toMatchObject({ status: 'cancelled', cancel_reason: 'Surat tidak jadi dikirim' });
      expect(kept.cancelled_at).not.toBeNull();

      const twice = await t
        .http()
        .post(`/api/v1/numbering/reservations/${first.body.id}/cancel`)
        .set('Authorization', auth['staf.kominfo'])
        .send({ reason: 'Sekali lagi' })
        .expect(409);
      expect(twice.body.code).toBe('RESERVATION_NOT_ACTIVE');
    });

    it('lets only the person who reserved, or an admin, cancel', async () => {
      const mine = await reserve('kabid.aptika', { type: 'surat-keluar', classificationCode: '000.8.3.3' }).expect(201);
      const cancel = (user: string) =>
        t.http().post(`/api/v1/numbering/reservations/${mine.body.id}/cancel`).set('Authorization', auth[user]).send({ reason: 'Nomor salah ambil' });
      expect((await cancel('staf.kominfo').expect(403)).body.code).toBe('FORBIDDEN');
      expect((await cancel('admin').expect(200)).body.cancelledByPersonId).not.toBe(mine.body.reservedByPersonId);
    });

    it('lists the caller\u2019s reservations; an admin sees everyone\u2019s', async () => {
      const own = await t.http().get('/api/v1/numbering/reservations?mine=true').set('Authorization', auth['staf.kominfo']).expect(200);
      expect(own.body.total).toBe(3);
      expect(own.body.items.map((r: { status: string }) => r.status).sort()).toEqual(['cancelled', 'reserved', 'used']);
      const staffAll = await t.http().get('/api/v1/numbering/reservations').set('Authorization', auth['staf.kominfo']).expect(200);
      expect(staffAll.body.total).toBe(3);

      const all = await t.http().get('/api/v1/numbering/reservations?status=cancelled').set('Authorization', auth.admin).expect(200);
      expect(all.body.total).toBe(2);
      const adminOwn = await t.http().get('/api/v1/numbering/reservations?mine=true').set('Authorization', auth.admin).expect(200);
      expect(adminOwn.body.total).toBe(0);
      await t.http().get('/api/v1/numbering/reservations?status=lost').set('Authorization', auth.admin).expect(400);
    });

    it('refuses bad requests with 4xx codes', async () => {
      const other = await t
        .http()
        .post('/api/v1/letters')
        .set('Authorization', auth['kasi.aptika'])
        .send({ type: 'nota-dinas', subject: 'Nota dinas kasi', classificationCode: '000.8.3.3', body: { paragraphs: ['Isi.'] }, reviewers: [], signers: [{ positionIds: [ids['KABID-APTIKA']] }] })
        .expect(201);
      const mineDraft = await draft('Surat untuk ambil nomor');
      await reserve('staf.kominfo', { type: 'surat-keluar', classificationCode: '000.8.3.3', letterId: mineDraft.id }).expect(201);

      const cases: [string, Record<string, unknown>, number, string][] = [
        ['staf.kominfo', { type: 'surat-keluar' }, 400, 'VALIDATION_FAILED'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: 'umum' }, 400, 'VALIDATION_FAILED'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000', nomor: 5 }, 400, 'VALIDATION_FAILED'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000', sifat: 'rahasia_negara' }, 400, 'VALIDATION_FAILED'],
        ['staf.kominfo', { type: 'surat-cinta', classificationCode: '000' }, 422, 'NUMBERING_TYPE_UNKNOWN'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000', unitId: ids.Dinkes }, 403, 'UNIT_NOT_ALLOWED'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000', unitId: '00000000-0000-4000-8000-000000000000' }, 422, 'UNIT_NOT_FOUND'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000', letterId: '00000000-0000-4000-8000-000000000000' }, 404, 'LETTER_NOT_FOUND'],
        ['staf.kominfo', { type: 'nota-dinas', classificationCode: '000.8.3.3', letterId: other.body.id }, 404, 'LETTER_NOT_FOUND'],
        ['kabid.aptika', { type: 'nota-dinas', classificationCode: '000.8.3.3', letterId: other.body.id }, 403, 'FORBIDDEN'],
        ['staf.kominfo', { type: 'nota-dinas', classificationCode: '000.8.3.3', letterId: templateLetterId }, 422, 'RESERVATION_LETTER_MISMATCH'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '800', letterId: templateLetterId }, 422, 'RESERVATION_LETTER_MISMATCH'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000.8.3.3', letterId: mineDraft.id }, 409, 'RESERVATION_EXISTS'],
        ['staf.kominfo', { type: 'surat-keluar', classificationCode: '000.8.3.3', letterId: signedLetterId }, 409, 'LETTER_ALREADY_NUMBERED'],
        ['admin', { type: 'surat-keluar', classificationCode: '000' }, 403, 'FORBIDDEN'],
      ];
      for (const [user, body, status, code] of cases) {
        const res = await reserve(user, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }

      await t.http().post('/api/v1/numbering/reservations').send({ type: 'surat-keluar', classificationCode: '000' }).expect(401);
      const cancel = (id: string, body: Record<string, unknown>) =>
        t.http().post(`/api/v1/numbering/reservations/${id}/cancel`).set('Authorization', auth['staf.kominfo']).send(body);
      expect((await cancel('00000000-0000-4000-8000-000000000000', { reason: 'Tidak jadi' }).expect(404)).body.code).toBe('RESERVATION_NOT_FOUND');
      expect((await cancel('bukan-uuid', { reason: 'Tidak jadi' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const [signed] = await t.sql(`SELECT id FROM letter_number WHERE reserved_by_person_id IS NULL LIMIT 1`);
      expect((await cancel(signed.id, { reason: 'Tidak jadi' }).expect(404)).body.code).toBe('RESERVATION_NOT_FOUND');
      const [live] = await t.sql(`SELECT id FROM letter_number WHERE letter_id = $1`, [mineDraft.id]);
      expect((await cancel(live.id, {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('formats (admin)', () => {
    const put = (user: string, key: string, body: Record<string, unknown>) =>
      t.http().put(`/api/v1/admin/numbering/formats/${key}`).set('Authorization', auth[user]).send(body);

    it('shows the formats and codes in force, to admins only', async () => {
      const res = await t.http().get('/api/v1/admin/numbering/formats').set('Authorization', auth.admin).expect(200);
      expect(res.body).toMatchObject({ timeZone: WIB, sifatCodes: { biasa: 'B', rahasia: 'R' }, unitCodes: { Diskominfo: 'Kominfo' } });
      expect(res.body.formats.map((f: { key: string; pattern: string; source: string }) => [f.key, f.pattern, f.source])).toEqual([
        ['surat-keluar', '{klasifikasi}/{nomor}/{unit}/{tahun}', 'file'],
        ['nota-dinas', '{klasifikasi}/{nomor}/{kode_jenis}/{unit}/{tahun}', 'file'],
        ['berita-acara-pemusnahan', '{klasifikasi}/{nomor}/BAP/{unit}/{tahun}', 'file'],
      ]);
      expect((await t.http().get('/api/v1/admin/numbering/formats').set('Authorization', auth['staf.kominfo']).expect(403)).body.code).toBe('FORBIDDEN');
      await put('kadis.kominfo', 'nota-dinas', { pattern: '{nomor}/{tahun}', scope: ['year'] }).expect(403);
    });

    it('refuses a wrong format', async () => {
      const unknown = await put('admin', 'nota-dinas', { pattern: '{klasifikasi}/{nomer}/{tahun}', scope: ['year'] }).expect(422);
      expect(unknown.body.code).toBe('NUMBERING_FORMAT_INVALID');
      expect(unknown.body.message).toContain('unknown token {nomer}');
      const unprinted = await put('admin', 'nota-dinas', { pattern: '{nomor}/{tahun}', scope: ['unit', 'year'] }).expect(422);
      expect(unprinted.body.details.problems).toEqual(['scope "unit" needs {unit} or {kode_unit} in the pattern, or two counters could issue the same number']);
      const clash = await put('admin', 'nota-dinas', { pattern: '{klasifikasi}/{nomor}/{unit}/{tahun}', scope: ['unit', 'year'] }).expect(422);
      expect(clash.body.details.problems).toEqual(['formats.nota-dinas: same pattern as surat-keluar, so both would issue the same numbers']);
      expect((await put('admin', 'surat-masuk', { pattern: '{nomor}/{tahun}', scope: ['year'] }).expect(404)).body.code).toBe('NUMBERING_FORMAT_NOT_FOUND');
      expect((await put('admin', 'nota-dinas', { pattern: '{nomor}/{tahun}' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a scope change once the format has issued numbers this year', async () => {
      const res = await put('admin', 'surat-keluar', { pattern: '{klasifikasi}/{nomor}/{unit}/{bulan}/{tahun}', scope: ['unit', 'month', 'year'] }).expect(409);
      expect(res.body.code).toBe('NUMBERING_FORMAT_IN_USE');
    });

    it('applies a new pattern at once: the Kemenag style', async () => {
      const res = await put('admin', 'nota-dinas', {
        label: 'Nota Dinas (gaya Kemenag)',
        pattern: '{sifat}-{nomor}/{kode_unit}/{klasifikasi}/{bulan}/{tahun}',
        scope: ['unit', 'year'],
      }).expect(200);
      expect(res.body).toMatchObject({ key: 'nota-dinas', types: ['nota-dinas'], source: 'database', label: 'Nota Dinas (gaya Kemenag)' });

      const rahasia = await reserve('staf.kominfo', { type: 'nota-dinas', classificationCode: '000.8.3.3', sifat: 'rahasia' }).expect(201);
      expect(rahasia.body.number).toBe(`R-1/Kominfo/000.8.3.3/${pad2(now.month)}/${now.year}`);
      const biasa = await reserve('staf.kominfo', { type: 'nota-dinas', classificationCode: '000.8.3.3' }).expect(201);
      expect(biasa.body.number).toBe(`B-2/Kominfo/000.8.3.3/${pad2(now.month)}/${now.year}`);

      const listed = await t.http().get('/api/v1/admin/numbering/formats').set('Authorization', auth.admin).expect(200);
      expect(listed.body.formats.find((f: { key: string }) => f.key === 'nota-dinas')).toMatchObject({ pattern: '{sifat}-{nomor}/{kode_unit}/{klasifikasi}/{bulan}/{tahun}', source: 'database' });
    });
  });
});
