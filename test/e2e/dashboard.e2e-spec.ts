import { dispose, dispositionAction, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { wibDate } from '../../src/common/time/wib';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * The dashboard's numbers against the database: each expected figure is computed here with its
 * own SQL (gaps-and-islands over the history, not the server's statements) for the letters the
 * caller may open, asked of GET /letters/:id.
 */
describe('Dashboard (dasbor)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  let units: Record<string, string>;
  const today = wibDate(new Date());
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const get = async (path: string, username: string, status = 200) => (await t.http().get(path).set('Authorization', await auth(username)).expect(status)).body;
  const SECRET_SUBJECT = 'Rencana Mutasi Pejabat Eselon III';

  /** The ids of the letters `username` may open, by asking the letter route for each. */
  async function visibleTo(username: string): Promise<string[]> {
    const ids = (await t.sql<{ id: string }>('SELECT id FROM letter')).map((r) => r.id);
    const token = await auth(username);
    const statuses = await Promise.all(ids.map(async (id) => [id, (await t.http().get(`/api/v1/letters/${id}`).set('Authorization', token)).status] as const));
    return statuses.filter(([, s]) => s === 200).map(([id]) => id);
  }

  /** The units in scope (with those below), by the unit tree. */
  async function below(unitId: string): Promise<string[]> {
    const rows = await t.sql<{ id: string }>(`WITH RECURSIVE d AS (SELECT id FROM unit WHERE id = $1 UNION ALL SELECT u.id FROM unit u JOIN d ON u.parent_id = d.id) SELECT id FROM d`, [unitId]);
    return rows.map((r) => r.id);
  }

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    units = Object.fromEntries((await t.sql<{ code: string; id: string }>('SELECT code, id FROM unit')).map((r) => [r.code, r.id]));

    // A: Biasa, two reviewers and a signer, signed.
    const a = await draftLetter(t, { subject: 'Undangan Sosialisasi SPBE', reviewers: [{ positionIds: [p['KASI-APTIKA']] }, { positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, a.id, 'staf.kominfo', 'submit');
    await fire(t, a.id, 'kasi.aptika', 'approve');
    await fire(t, a.id, 'kabid.aptika', 'approve');
    expect((await fire(t, a.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    await eventually(async () => (await t.sql('SELECT number FROM letter WHERE id = $1', [a.id]))[0].number);

    // B: Rahasia, returned by its reviewer; the Wali Kota and the admin are not on it.
    const b = await draftLetter(t, { subject: SECRET_SUBJECT, sifat: 'rahasia', reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, b.id, 'staf.kominfo', 'submit');
    expect((await fire(t, b.id, 'kabid.aptika', 'return', { comment: 'Lengkapi dasar hukum' })).status).toBe(200);

    // C: waiting at the Kasi, its review deadline passed; and a nota dinas (no deadline) waiting there too, not late.
    const c = await draftLetter(t, { subject: 'Jadwal Pemeliharaan Server', reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    await fire(t, c.id, 'staf.kominfo', 'submit');
    expect((await t.sql(`UPDATE letter_deadline SET due_at = now() - interval '1 hour' WHERE letter_id = $1 AND cancelled_at IS NULL RETURNING id`, [c.id])).length).toBe(1);
    const memo = await draftLetter(t, { type: 'nota-dinas', subject: 'Jadwal Piket Pusat Data', reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    await fire(t, memo.id, 'staf.kominfo', 'submit');

    // D: a surat masuk disposed to the Sekdis (read) and the Kabid (unread, late).
    const d = await registerIncoming(t, { subject: 'Permintaan Data Layanan Publik' });
    const sent = await dispose(t, d.id, 'kadis.kominfo', { toPositionIds: [p['SEKDIS-KOMINFO'], p['KABID-APTIKA']], dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(sent.status).toBe(201);
    const toSekdis = sent.body.find((x: { toPositionId: string }) => x.toPositionId === p['SEKDIS-KOMINFO']);
    expect((await dispositionAction(t, toSekdis.id, 'sekdis.kominfo', 'read')).status).toBeLessThan(300);
    await t.sql(`UPDATE disposition SET due_at = now() - interval '2 hours' WHERE letter_id = $1 AND to_position_id = $2`, [d.id, p['KABID-APTIKA']]);

    // E: a Rahasia surat masuk disposed to the Kabid: counted only for those on it.
    const e = await registerIncoming(t, { subject: 'Laporan Insiden Siber', sifat: 'rahasia' });
    expect((await dispose(t, e.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']] })).status).toBe(201);
  }, 180_000);
  afterAll(() => t?.close());

  it('refuses staff, officials who head no unit, a unit out of scope and a backwards period', async () => {
    expect((await get('/api/v1/dashboard/letters-per-month', 'staf.kominfo', 403)).code).toBe('FORBIDDEN');
    expect((await get('/api/v1/dashboard/overdue', 'kasi.aptika', 403)).code).toBe('DASHBOARD_NOT_ALLOWED');
    expect((await get('/api/v1/dashboard/scope', 'arsiparis', 403)).code).toBe('FORBIDDEN');
    expect((await get(`/api/v1/dashboard/phase-times?unitId=${units.Dinkes}`, 'kabid.aptika', 403)).code).toBe('DASHBOARD_UNIT_NOT_ALLOWED');
    expect((await get(`/api/v1/dashboard/overdue?unitId=00000000-0000-4000-8000-000000000000`, 'kadis.kominfo', 403)).code).toBe('DASHBOARD_UNIT_NOT_ALLOWED');
    expect((await get('/api/v1/dashboard/letters-per-month?from=2026-05-01&to=2026-04-01', 'admin', 400)).code).toBe('DASHBOARD_INVALID_PERIOD');
    expect((await get('/api/v1/dashboard/letters-per-month?from=2026-02-30', 'admin', 400)).code).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/dashboard/overdue?from=1800-01-01&to=1800-12-31', 'admin', 400)).code).toBe('DASHBOARD_INVALID_PERIOD');
    expect((await get('/api/v1/dashboard/phase-times?from=2000-01-01&to=2026-01-01', 'admin', 400)).code).toBe('DASHBOARD_INVALID_PERIOD');
  });

  it('gives each caller the units they may read', async () => {
    const admin = await get('/api/v1/dashboard/scope', 'admin');
    expect(admin.allUnits).toBe(true);
    expect(admin.units).toHaveLength(Number((await t.sql('SELECT count(*)::int AS n FROM unit'))[0].n));
    const kabid = await get('/api/v1/dashboard/scope', 'kabid.aptika');
    expect(kabid).toEqual({ allUnits: false, units: [expect.objectContaining({ id: units.Aptika })] });
    const kadis = await get('/api/v1/dashboard/scope', 'kadis.kominfo');
    expect(kadis.units.map((u: { id: string }) => u.id).sort()).toEqual((await below(units.Diskominfo)).sort());
  });

  describe.each([
    ['admin', 'Pemkot'],
    ['walikota', 'Pemkot'],
    ['kabid.aptika', 'Aptika'],
  ])('as %s (scope %s)', (username, root) => {
    let visible: string[];
    let scope: string[];
    beforeAll(async () => {
      visible = await visibleTo(username);
      scope = await below(units[root]);
    });

    it('counts letters per month by type and unit, a Rahasia letter only for those who may open it', async () => {
      const body = await get('/api/v1/dashboard/letters-per-month', username);
      const expected = await t.sql(
        `SELECT to_char(created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month, workflow_key AS type, unit_id AS "unitId", count(*)::int AS count
           FROM letter WHERE unit_id = ANY($1::uuid[]) AND (sifat NOT IN ('rahasia', 'sangat_rahasia') OR id = ANY($2::uuid[]))
          GROUP BY 1, 2, 3`,
        [scope, visible],
      );
      expect(expected.length).toBeGreaterThan(0);
      const key = (r: { month: string; type: string; unitId: string }) => `${r.month} ${r.type} ${r.unitId}`;
      expect(Object.fromEntries(body.rows.map((r: any) => [key(r), r.count]))).toEqual(Object.fromEntries(expected.map((r: any) => [key(r), r.count])));
      expect(body.months.at(-1)).toBe(today.slice(0, 7));
      expect(body.months).toHaveLength(12);
      expect(body.rows.find((r: any) => r.type === 'surat-keluar').typeLabel).toBe('Surat Keluar');
      const secretLetters = Number((await t.sql(`SELECT count(*)::int AS n FROM letter WHERE sifat = 'rahasia' AND unit_id = ANY($1::uuid[])`, [scope]))[0].n);
      expect(secretLetters).toBeGreaterThan(0);
      const counted = body.rows.reduce((n: number, r: any) => n + r.count, 0);
      const open = Number((await t.sql(`SELECT count(*)::int AS n FROM letter WHERE sifat = 'biasa' AND unit_id = ANY($1::uuid[])`, [scope]))[0].n);
      expect(counted).toBe(open + (username === 'kabid.aptika' ? secretLetters : 0));
    });

    it('gives the median and p90 of each stay in review and in signing, per unit and overall', async () => {
      const body = await get(`/api/v1/dashboard/phase-times?from=${today}&to=${today}`, username);
      // Gaps and islands: a run of rows with the same to_state is one stay; it ends at the next run's first row.
      const expected = await t.sql(
        `WITH marked AS (
           SELECT h.letter_id, h.seq, h.at, h.to_state,
                  CASE WHEN h.to_state IS DISTINCT FROM lag(h.to_state) OVER (PARTITION BY h.letter_id ORDER BY h.seq) THEN 1 ELSE 0 END AS starts
             FROM letter_history h),
         runs AS (
           SELECT letter_id, to_state AS state, min(at) AS began, grp FROM (
             SELECT *, sum(starts) OVER (PARTITION BY letter_id ORDER BY seq) AS grp FROM marked) g
            GROUP BY letter_id, to_state, grp),
         stays AS (
           SELECT r.letter_id, r.state, r.began, lead(r.began) OVER (PARTITION BY r.letter_id ORDER BY r.grp) AS ended FROM runs r)
         SELECT l.unit_id AS "unitId", wd.definition->'states'->s.state->>'route' AS route, count(*)::int AS count,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.ended - s.began)))::int AS median,
                round(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM s.ended - s.began)))::int AS p90
           FROM stays s JOIN letter l ON l.id = s.letter_id JOIN workflow_definition wd ON wd.id = l.workflow_definition_id
          WHERE s.ended IS NOT NULL AND wd.definition->'states'->s.state->>'route' IN ('reviewers', 'signers')
            AND l.unit_id = ANY($1::uuid[]) AND (l.sifat NOT IN ('rahasia', 'sangat_rahasia') OR l.id = ANY($2::uuid[]))
          GROUP BY GROUPING SETS ((l.unit_id, 2), (2))`,
        [scope, visible],
      );
      const phase = (route: string) => (route === 'reviewers' ? 'review' : 'signing');
      const key = (unitId: string | null, ph: string) => `${unitId ?? 'all'} ${ph}`;
      expect(Object.fromEntries(body.rows.map((r: any) => [key(r.unitId, r.phase), [r.count, r.medianSeconds, r.p90Seconds]]))).toEqual(
        Object.fromEntries(expected.map((r: any) => [key(r.unitId, phase(r.route)), [r.count, r.median, r.p90]])),
      );
      // A's review (one stay, however many paraf) and B's, ended by a return, are the Aptika unit's; B counts only for the Kabid.
      const review = body.rows.find((r: any) => r.unitId === units.Aptika && r.phase === 'review');
      expect(review.count).toBe(username === 'kabid.aptika' ? 2 : 1);
    });

    it('counts overdue items per unit and per person, by the inbox rule', async () => {
      const body = await get('/api/v1/dashboard/overdue', username);
      const expected = await t.sql(
        `SELECT a.position_id AS "positionId", count(*)::int AS count
           FROM letter_assignment a JOIN letter l ON l.id = a.letter_id JOIN position ps ON ps.id = a.position_id
          WHERE a.kind <> 'read' AND ps.unit_id = ANY($1::uuid[]) AND (l.sifat NOT IN ('rahasia', 'sangat_rahasia') OR l.id = ANY($2::uuid[]))
            AND (l.overdue
                 OR (a.kind = 'follow_up' AND EXISTS (SELECT 1 FROM disposition d WHERE d.letter_id = l.id AND d.to_position_id = a.position_id AND d.status IN ('sent', 'read') AND d.due_at < now()))
                 OR (a.kind <> 'follow_up' AND EXISTS (SELECT 1 FROM letter_deadline dl WHERE dl.letter_id = l.id AND dl.state = l.state AND dl.cancelled_at IS NULL AND dl.due_at < now())))
          GROUP BY 1`,
        [scope, visible],
      );
      expect(Object.fromEntries(body.byPerson.map((r: any) => [r.positionId, r.count]))).toEqual(Object.fromEntries(expected.map((r: any) => [r.positionId, r.count])));
      expect(body.total).toBe(expected.reduce((n: number, r: any) => n + r.count, 0));
      const kabid = body.byPerson.find((r: any) => r.positionId === p['KABID-APTIKA']);
      expect(kabid).toMatchObject({ personName: 'Agus Setiawan, S.T., M.Kom.', unitId: units.Aptika, count: 1 });
      if (username !== 'kabid.aptika') expect(body.byPerson.find((r: any) => r.positionId === p['KASI-APTIKA'])).toMatchObject({ personName: 'Rina Marlina, S.Kom.', count: 1 });
      expect(body.byUnit.find((u: any) => u.unitId === units.Aptika).count).toBe(body.byPerson.filter((r: any) => r.unitId === units.Aptika).reduce((n: number, r: any) => n + r.count, 0));
    });

    it('counts dispositions not acted on per recipient, unread and late among them', async () => {
      const body = await get('/api/v1/dashboard/pending-dispositions', username);
      const expected = await t.sql(
        `SELECT d.to_position_id AS "positionId", count(*)::int AS count, count(*) FILTER (WHERE d.read_at IS NULL)::int AS unread, count(*) FILTER (WHERE d.due_at < now())::int AS overdue
           FROM disposition d JOIN letter l ON l.id = d.letter_id JOIN position ps ON ps.id = d.to_position_id
          WHERE d.reported_at IS NULL AND d.done_at IS NULL AND d.recalled_at IS NULL AND ps.unit_id = ANY($1::uuid[])
            AND (l.sifat NOT IN ('rahasia', 'sangat_rahasia') OR l.id = ANY($2::uuid[]))
          GROUP BY 1`,
        [scope, visible],
      );
      expect(Object.fromEntries(body.rows.map((r: any) => [r.positionId, [r.count, r.unread, r.overdue]]))).toEqual(
        Object.fromEntries(expected.map((r: any) => [r.positionId, [r.count, r.unread, r.overdue]])),
      );
      expect(body.rows.find((r: any) => r.positionId === p['KABID-APTIKA'])).toMatchObject({ count: username === 'kabid.aptika' ? 2 : 1, overdue: 1 });
    });

    it('never carries a subject', async () => {
      for (const figure of ['letters-per-month', 'phase-times', 'overdue', 'pending-dispositions']) {
        const text = JSON.stringify(await get(`/api/v1/dashboard/${figure}`, username));
        for (const subject of [SECRET_SUBJECT, 'Laporan Insiden Siber', 'Undangan Sosialisasi SPBE', 'Permintaan Data']) expect(text).not.toContain(subject);
      }
    });
  });

  it('filters by unit: the unit and those below it', async () => {
    const all = await get('/api/v1/dashboard/letters-per-month', 'kadis.kominfo');
    const aptika = await get(`/api/v1/dashboard/letters-per-month?unitId=${units.Aptika}`, 'kadis.kominfo');
    expect(aptika.unitId).toBe(units.Aptika);
    expect(aptika.rows.length).toBeGreaterThan(0);
    expect(aptika.rows.every((r: any) => r.unitId === units.Aptika)).toBe(true);
    expect(aptika.rows).toEqual(all.rows.filter((r: any) => r.unitId === units.Aptika));
    // A period before any letter: nothing counted, every month still listed.
    const empty = await get('/api/v1/dashboard/letters-per-month?from=2020-01-01&to=2020-03-31', 'kadis.kominfo');
    expect(empty).toMatchObject({ from: '2020-01-01', to: '2020-03-31', months: ['2020-01', '2020-02', '2020-03'], rows: [] });
  });

  it('answers CSV for format=csv and for Accept: text/csv', async () => {
    const res = await t.http().get('/api/v1/dashboard/letters-per-month?format=csv').set('Authorization', await auth('walikota')).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="surat-per-bulan-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv"$/);
    const json = await get('/api/v1/dashboard/letters-per-month', 'walikota');
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Bulan,Jenis Naskah,Unit,Jumlah');
    expect(lines.slice(1)).toEqual(json.rows.map((r: any) => [r.month, r.typeLabel, r.unitName, r.count].join(',')));

    const accepted = await t.http().get('/api/v1/dashboard/overdue').set('Authorization', await auth('walikota')).set('Accept', 'text/csv').expect(200);
    expect(accepted.headers['content-type']).toMatch(/^text\/csv/);
    const overdue = accepted.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(overdue[0]).toBe('Unit,Jabatan,Pegawai,Lewat Batas Waktu,Batas Waktu Terlama');
    expect(overdue.length - 1).toBe((await get('/api/v1/dashboard/overdue', 'walikota')).byPerson.length);

    for (const figure of ['phase-times', 'pending-dispositions']) {
      const csv = await t.http().get(`/api/v1/dashboard/${figure}?format=csv`).set('Authorization', await auth('admin')).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text).not.toContain(SECRET_SUBJECT);
    }
    // JSON stays the default for a browser's Accept.
    const browser = await t.http().get('/api/v1/dashboard/overdue').set('Authorization', await auth('walikota')).set('Accept', 'application/json, text/plain, */*').expect(200);
    expect(browser.headers['content-type']).toMatch(/^application\/json/);
  });
});
