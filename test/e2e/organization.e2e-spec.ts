import { createTestApp, TestApp } from '../helpers/test-app';

describe('Organisation: units, positions, people, delegations', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = `Bearer ${await t.token('admin')}`;
    staff = `Bearer ${await t.token('staf.kominfo')}`;
    for (const row of await t.sql<{ code: string; id: string }>('SELECT code, id FROM position UNION ALL SELECT code, id FROM unit')) ids[row.code] = row.id;
    for (const row of await t.sql<{ username: string; id: string }>('SELECT username, id FROM person')) ids[row.username] = row.id;
  });
  afterAll(() => t.close());

  it('everyone reads the organisation tree of the demo city', async () => {
    const units = await t.http().get('/api/v1/units').set('Authorization', staff).expect(200);
    expect(units.body.map((u: { code: string }) => u.code).sort()).toEqual(['Aptika', 'Dinkes', 'Diskominfo', 'Pemkot', 'Setda']);
    const kominfo = units.body.find((u: { code: string }) => u.code === 'Diskominfo');
    expect(kominfo.parentId).toBe(ids.Pemkot);
    expect(kominfo.letterhead.lines).toEqual(['PEMERINTAH KOTA PEKALONGAN', 'DINAS KOMUNIKASI DAN INFORMATIKA']);

    const pos = await t.http().get(`/api/v1/positions/${ids['KADIS-KOMINFO']}`).set('Authorization', staff).expect(200);
    expect(pos.body).toMatchObject({ name: 'Kepala Dinas Komunikasi dan Informatika', superiorId: ids.SEKDA, canSign: true });
    expect(pos.body.holders.map((h: { personId: string }) => h.personId)).toEqual([ids['kadis.kominfo']]);
  });

  it('shows NIK to admins and to the person only', async () => {
    const byStaff = await t.http().get(`/api/v1/people/${ids['kadis.kominfo']}`).set('Authorization', staff).expect(200);
    expect(byStaff.body.nik).toBeUndefined();
    expect(byStaff.body.nip).toBe('197103151997031004');
    const self = await t.http().get(`/api/v1/people/${ids['staf.kominfo']}`).set('Authorization', staff).expect(200);
    expect(self.body.nik).toBe('3375010101940007');
    const byAdmin = await t.http().get(`/api/v1/people/${ids['kadis.kominfo']}`).set('Authorization', admin).expect(200);
    expect(byAdmin.body.nik).toBe('3375010101710003');
    expect(JSON.stringify(byAdmin.body)).not.toMatch(/password/i);
  });

  it('searches and pages people', async () => {
    const res = await t.http().get('/api/v1/people?q=kominfo&limit=2').set('Authorization', staff).expect(200);
    // kadis.kominfo, sekdis.kominfo, staf.kominfo, tu.kominfo
    expect(res.body.total).toBe(4);
    expect(res.body.items).toHaveLength(2);
    await t.http().get('/api/v1/people?limit=0').set('Authorization', staff).expect(400);
  });

  it('staff cannot create units, positions or people', async () => {
    const unit = await t.http().post('/api/v1/units').set('Authorization', staff).send({ code: 'X', name: 'Unit X' }).expect(403);
    expect(unit.body.code).toBe('FORBIDDEN');
    await t.http().post('/api/v1/positions').set('Authorization', staff).send({ code: 'X', name: 'Jabatan X', unitId: ids.Aptika }).expect(403);
    await t.http().post('/api/v1/people').set('Authorization', staff).send({ username: 'xyz', name: 'X', roles: [], password: 'Panjang#Sekali1' }).expect(403);
  });

  it('admin builds a new seksi with a position and a new person holding it', async () => {
    const unit = await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Persandian', name: 'Seksi Persandian', parentId: ids.Diskominfo }).expect(201);
    const position = await t.http().post('/api/v1/positions').set('Authorization', admin)
      .send({ code: 'KASI-SANDI', name: 'Kepala Seksi Persandian', unitId: unit.body.id, superiorId: ids['SEKDIS-KOMINFO'] }).expect(201);
    const person = await t.http().post('/api/v1/people').set('Authorization', admin)
      .send({ username: 'kasi.sandi', name: 'Yusuf Hidayat, S.Kom.', nip: '198811112012121001', nik: '3375010101880010', roles: ['official'], password: 'Sandi#Aman2026' }).expect(201);
    expect(person.body.nik).toBe('3375010101880010');
    const held = await t.http().post(`/api/v1/positions/${position.body.id}/holders`).set('Authorization', admin).send({ personId: person.body.id }).expect(201);
    expect(held.body.holders).toHaveLength(1);
    await t.http().post(`/api/v1/positions/${position.body.id}/holders`).set('Authorization', admin).send({ personId: person.body.id }).expect(409);

    const login = await t.http().post('/api/v1/auth/login').send({ username: 'kasi.sandi', password: 'Sandi#Aman2026' }).expect(200);
    expect(login.body.user.positions[0].positionId).toBe(position.body.id);
  });

  it('refuses duplicates, bad references, cycles and bad formats with codes', async () => {
    expect((await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Dinkes', name: 'Dinas Kesehatan 2' }).expect(409)).body.code).toBe('DUPLICATE_CODE');
    expect((await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Y', name: 'Unit Y', parentId: '00000000-0000-4000-8000-000000000000' }).expect(422)).body.code).toBe('UNIT_NOT_FOUND');
    expect((await t.http().patch(`/api/v1/units/${ids.Pemkot}`).set('Authorization', admin).send({ parentId: ids.Aptika }).expect(422)).body.code).toBe('HIERARCHY_CYCLE');
    expect((await t.http().patch(`/api/v1/positions/${ids.WALIKOTA}`).set('Authorization', admin).send({ superiorId: ids['STAF-APTIKA'] }).expect(422)).body.code).toBe('HIERARCHY_CYCLE');
    const badNip = await t.http().post('/api/v1/people').set('Authorization', admin).send({ username: 'nip.salah', name: 'A B', nip: '123', roles: ['staff'], password: 'Panjang#Sekali1' }).expect(400);
    expect(badNip.body.details).toEqual([{ field: 'nip', errors: ['nip must be 18 digits'] }]);
    expect((await t.http().post('/api/v1/people').set('Authorization', admin).send({ username: 'sekda', name: 'Sekda 2', roles: [], password: 'Panjang#Sekali1' }).expect(409)).body.code).toBe('DUPLICATE_USERNAME');
    expect((await t.http().get('/api/v1/units/00000000-0000-4000-8000-000000000000').set('Authorization', admin).expect(404)).body.code).toBe('UNIT_NOT_FOUND');
    expect((await t.http().get('/api/v1/units/not-a-uuid').set('Authorization', admin).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  describe('Plt/Plh delegations', () => {
    const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
    const aWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString();

    it('kadis.kominfo appoints sekdis.kominfo as Plh, who then acts for the position', async () => {
      const kadis = `Bearer ${await t.token('kadis.kominfo')}`;
      const res = await t.http().post('/api/v1/delegations').set('Authorization', kadis)
        .send({ kind: 'plh', personId: ids['sekdis.kominfo'], positionId: ids['KADIS-KOMINFO'], startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: aWeek(), reason: 'Dinas luar kota' })
        .expect(201);
      expect(res.body.createdById).toBe(ids['kadis.kominfo']);

      const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${await t.token('sekdis.kominfo')}`).expect(200);
      expect(me.body.delegations).toEqual([expect.objectContaining({ kind: 'plh', positionId: ids['KADIS-KOMINFO'], positionName: 'Kepala Dinas Komunikasi dan Informatika' })]);

      const overlap = await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plh', personId: ids['kabid.aptika'], positionId: ids['KADIS-KOMINFO'], startsAt: inAnHour(), endsAt: aWeek() }).expect(409);
      expect(overlap.body.code).toBe('DELEGATION_OVERLAP');

      await t.http().delete(`/api/v1/delegations/${res.body.id}`).set('Authorization', kadis).expect(200);
      const after = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${await t.token('sekdis.kominfo')}`).expect(200);
      expect(after.body.delegations).toEqual([]);
    });

    it('an official may not appoint a Plh for a position they do not hold; staff may not at all', async () => {
      const kabid = `Bearer ${await t.token('kabid.aptika')}`;
      const res = await t.http().post('/api/v1/delegations').set('Authorization', kabid)
        .send({ kind: 'plh', personId: ids['kasi.aptika'], positionId: ids['KADIS-KOMINFO'], startsAt: inAnHour(), endsAt: aWeek() }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await t.http().post('/api/v1/delegations').set('Authorization', staff)
        .send({ kind: 'plh', personId: ids['kasi.aptika'], positionId: ids['STAF-APTIKA'], startsAt: inAnHour(), endsAt: aWeek() }).expect(403);
    });

    it('checks Plt against a vacant position and Plh against a held one', async () => {
      const plt = await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plt', personId: ids['sekdis.kominfo'], positionId: ids['KADIS-KOMINFO'], startsAt: inAnHour(), endsAt: aWeek() }).expect(422);
      expect(plt.body.code).toBe('DELEGATION_INVALID');
      const self = await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plh', personId: ids['kadis.kominfo'], positionId: ids['KADIS-KOMINFO'], startsAt: inAnHour(), endsAt: aWeek() }).expect(422);
      expect(self.body.code).toBe('DELEGATION_INVALID');
      const backwards = await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plh', personId: ids['sekdis.kominfo'], positionId: ids['KADIS-KOMINFO'], startsAt: aWeek(), endsAt: inAnHour() }).expect(422);
      expect(backwards.body.code).toBe('DELEGATION_INVALID');
    });

    it('lists only the delegations a caller may see', async () => {
      await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plh', personId: ids['kasi.aptika'], positionId: ids['KABID-APTIKA'], startsAt: inAnHour(), endsAt: aWeek() }).expect(201);
      const byKasi = await t.http().get('/api/v1/delegations?active=true').set('Authorization', `Bearer ${await t.token('kasi.aptika')}`).expect(200);
      expect(byKasi.body).toHaveLength(1);
      const byDinkes = await t.http().get('/api/v1/delegations').set('Authorization', `Bearer ${await t.token('kadis.dinkes')}`).expect(200);
      expect(byDinkes.body).toEqual([]);
    });
  });
});
