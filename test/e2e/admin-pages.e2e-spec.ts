import { calendarIn } from '../../src/numbering/number-format';
import { createTestApp, TestApp } from '../helpers/test-app';

/** The admin endpoints the Admin pages added: workflow diagrams and the preview of the next number. */
describe('Admin API for the web pages: workflow diagrams, number preview', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const auth: Record<string, string> = {};
  const year = calendarIn(new Date(), 'Asia/Jakarta').year;
  const get = (path: string, user: string) => t.http().get(path).set('Authorization', auth[user]);

  beforeAll(async () => {
    t = await createTestApp();
    for (const row of await t.sql<{ code: string; id: string }>('SELECT code, id FROM position UNION ALL SELECT code, id FROM unit')) ids[row.code] = row.id;
    for (const user of ['admin', 'staf.kominfo', 'kadis.kominfo', 'inspektur']) auth[user] = `Bearer ${await t.token(user)}`;
  });
  afterAll(() => t?.close());

  describe('GET /api/v1/admin/workflows', () => {
    it('lists the loaded workflows and lays each one out with every state and its Mermaid text', async () => {
      const list = (await get('/api/v1/admin/workflows', 'admin').expect(200)).body as { key: string; stateCount: number }[];
      const [{ n }] = await t.sql<{ n: number }>('SELECT count(DISTINCT key)::int AS n FROM workflow_definition');
      expect(list.length).toBe(n);
      const keys = list.map((w) => w.key);
      expect(keys).toContain('surat-keluar');
      expect([...keys].sort()).toEqual(keys);

      const diagram = (await get('/api/v1/admin/workflows/surat-keluar/diagram', 'admin').expect(200)).body;
      const summary = list.find((w) => w.key === 'surat-keluar')!;
      expect(diagram.states).toHaveLength(summary.stateCount);
      expect(diagram.states.filter((s: { initial: boolean }) => s.initial)).toHaveLength(1);
      expect(diagram.states.some((s: { final: boolean }) => s.final)).toBe(true);
      expect(diagram.mermaid.startsWith('stateDiagram-v2')).toBe(true);
      const names = new Set(diagram.states.map((s: { name: string }) => s.name));
      for (const edge of diagram.edges) {
        expect(names.has(edge.from)).toBe(true);
        expect(names.has(edge.to)).toBe(true);
      }
      for (const s of diagram.states) {
        expect(s.x + diagram.nodeWidth).toBeLessThanOrEqual(diagram.width);
        expect(s.y + diagram.nodeHeight).toBeLessThanOrEqual(diagram.height);
      }
    });

    it('answers an unknown key with 404 WORKFLOW_NOT_FOUND', async () => {
      expect((await get('/api/v1/admin/workflows/tidak-ada/diagram', 'admin').expect(404)).body.code).toBe('WORKFLOW_NOT_FOUND');
    });

    it.each(['staf.kominfo', 'kadis.kominfo', 'inspektur'])('refuses %s with 403 FORBIDDEN', async (user) => {
      expect((await get('/api/v1/admin/workflows', user).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await get('/api/v1/admin/workflows/surat-keluar/diagram', user).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });

  describe('GET /api/v1/admin/numbering/formats/:key/preview', () => {
    const preview = (key: string, query: Record<string, string>, user = 'admin') => get(`/api/v1/admin/numbering/formats/${key}/preview?${new URLSearchParams(query)}`, user);

    it('shows the next number of the issuing unit without moving its counter', async () => {
      const before = await t.sql('SELECT format_key, scope_key, year, value FROM number_counter ORDER BY 1, 2, 3');
      const res = await preview('surat-keluar', { unitId: ids.Aptika, classificationCode: '000.8.3.3' }).expect(200);
      expect(res.body).toEqual({ formatKey: 'surat-keluar', pattern: '{klasifikasi}/{nomor}/{unit}/{tahun}', type: 'surat-keluar', sequence: 1, number: `000.8.3.3/1/Diskominfo/${year}` });
      expect(await t.sql('SELECT format_key, scope_key, year, value FROM number_counter ORDER BY 1, 2, 3')).toEqual(before);

      await t.sql(`INSERT INTO number_counter (format_key, scope_key, year, value) VALUES ('surat-keluar', $1, $2, 41)`, [`unit=${ids.Diskominfo}`, year]);
      const next = await preview('surat-keluar', { unitId: ids.Aptika, classificationCode: '000.8.3.3' }).expect(200);
      expect(next.body).toMatchObject({ sequence: 42, number: `000.8.3.3/42/Diskominfo/${year}` });
    });

    it('tries a pattern and scope before they are saved, with the codes the format prints', async () => {
      const res = await preview('nota-dinas', { unitId: ids.Diskominfo, classificationCode: '000.1', pattern: '{klasifikasi}/{nomor:3}/{kode_jenis}/{kode_unit}/{bulan_romawi}/{tahun}', scope: 'unit,year' }).expect(200);
      expect(res.body.number).toMatch(new RegExp(`^000\\.1/001/ND/Kominfo/[IVX]+/${year}$`));
      const format = (await get('/api/v1/admin/numbering/formats', 'admin').expect(200)).body.formats.find((f: { key: string }) => f.key === 'nota-dinas');
      expect(format.pattern).toBe('{klasifikasi}/{nomor}/{kode_jenis}/{unit}/{tahun}');
    });

    it('answers missing facts and wrong patterns with 4xx codes', async () => {
      expect((await preview('surat-keluar', { classificationCode: '000.8.3.3' }).expect(422)).body.code).toBe('UNIT_REQUIRED');
      expect((await preview('surat-keluar', { unitId: ids.Aptika }).expect(422)).body.code).toBe('CLASSIFICATION_REQUIRED');
      expect((await preview('surat-keluar', { unitId: ids.Aptika, classificationCode: '000.8.3.3', pattern: '{nomor}/{tidak_ada}' }).expect(422)).body.code).toBe('NUMBERING_FORMAT_INVALID');
      expect((await preview('surat-keluar', { unitId: ids.Aptika, classificationCode: '000.8.3.3', type: 'nota-dinas' }).expect(422)).body.code).toBe('NUMBERING_TYPE_UNKNOWN');
      expect((await preview('surat-keluar', { unitId: '6f1c1d7e-0000-4000-8000-000000000000', classificationCode: '000.8.3.3' }).expect(422)).body.code).toBe('UNIT_NOT_FOUND');
      expect((await preview('surat-keluar', { unitId: 'bukan-uuid' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await preview('tidak-ada', {}).expect(404)).body.code).toBe('NUMBERING_FORMAT_NOT_FOUND');
    });

    it.each(['staf.kominfo', 'kadis.kominfo', 'inspektur'])('refuses %s with 403 FORBIDDEN', async (user) => {
      expect((await preview('surat-keluar', { unitId: ids.Aptika, classificationCode: '000.8.3.3' }, user).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });

  describe('organisation management stays with admins', () => {
    it.each(['staf.kominfo', 'kadis.kominfo'])('refuses %s creating a unit, a position, a person, or putting a holder in', async (user) => {
      const post = (path: string, body: object) => t.http().post(path).set('Authorization', auth[user]).send(body);
      expect((await post('/api/v1/units', { code: 'Coba', name: 'Unit Coba' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await post('/api/v1/positions', { code: 'COBA', name: 'Jabatan Coba', unitId: ids.Aptika }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await post('/api/v1/people', { username: 'coba.orang', name: 'Orang Coba', roles: ['staff'], password: 'kata-sandi-panjang' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await post(`/api/v1/positions/${ids['KASI-APTIKA']}/holders`, { personId: ids['KASI-APTIKA'] }).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });
});
