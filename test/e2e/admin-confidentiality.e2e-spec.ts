import { PRINCIPAL_CACHE_MS } from '../../src/auth/principal.service';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const OUTGOING_SUBJECT = 'Rencana mutasi pejabat eselon III (SR)';
const INCOMING_SUBJECT = 'Laporan hasil pemeriksaan khusus (SR)';

/** Issue 12 item 4: an admin runs the system, he does not read its mail, nor grant himself the powers that would. */
describe('Admins administer; they never read a letter', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const people: Record<string, { id: string; name: string }> = {};
  let outgoingId: string;
  let incomingId: string;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const inADay = () => new Date(Date.now() + 86400_000).toISOString();
  const justNow = () => new Date(Date.now() - 1000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    for (const row of await t.sql<{ username: string; id: string; name: string }>('SELECT username, id, name FROM person')) people[row.username] = row;
    const out = await draftLetter(t, {
      sifat: 'sangat_rahasia',
      subject: OUTGOING_SUBJECT,
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      signers: [{ positionIds: [p['KADIS-KOMINFO']] }],
    });
    expect((await fire(t, out.id, 'staf.kominfo', 'submit')).status).toBe(200);
    outgoingId = out.id;
    incomingId = (await registerIncoming(t, { sifat: 'sangat_rahasia', subject: INCOMING_SUBJECT })).id;
  });
  afterAll(() => t.close());

  it('refuses the probe of issue 12: admin as Plh of the Kepala Dinas, and five seconds later the letter stays closed', async () => {
    const admin = await auth('admin');
    const probe = await t.http().post('/api/v1/delegations').set('Authorization', admin)
      .send({ kind: 'plh', personId: people.admin.id, positionId: p['KADIS-KOMINFO'], startsAt: justNow(), endsAt: inADay() });
    expect(probe.status).toBe(403);
    expect(probe.body).toMatchObject({ code: 'SELF_APPOINTMENT', details: { personId: people.admin.id } });
    expect(await t.sql('SELECT id FROM delegation WHERE person_id = $1', [people.admin.id])).toEqual([]);
    expect(await t.sql(`SELECT id FROM notification WHERE kind = 'delegation_created'`)).toEqual([]);

    // Past the principal cache, as the probe waited.
    await new Promise((r) => setTimeout(r, PRINCIPAL_CACHE_MS + 200));
    expect((await t.http().get('/api/v1/me').set('Authorization', admin).expect(200)).body.delegations).toEqual([]);
    for (const path of ['', '/document']) {
      const res = await t.http().get(`/api/v1/letters/${outgoingId}${path}`).set('Authorization', admin);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(OUTGOING_SUBJECT);
    }
  });

  it('refuses every other way to grant oneself an official power: Plt, holder, a new role; officials too', async () => {
    const admin = await auth('admin');
    const plt = await t.http().post('/api/v1/delegations').set('Authorization', admin)
      .send({ kind: 'plt', personId: people.admin.id, positionId: p['KADIS-KOMINFO'], startsAt: justNow(), endsAt: inADay() });
    expect([plt.status, plt.body.code]).toEqual([403, 'SELF_APPOINTMENT']);

    const holder = await t.http().post(`/api/v1/positions/${p['KADIS-KOMINFO']}/holders`).set('Authorization', admin).send({ personId: people.admin.id });
    expect([holder.status, holder.body.code]).toEqual([403, 'SELF_APPOINTMENT']);
    expect(await t.sql('SELECT id FROM position_assignment WHERE person_id = $1', [people.admin.id])).toEqual([]);

    const archivist = await t.http().patch(`/api/v1/people/${people.admin.id}`).set('Authorization', admin).send({ roles: ['admin', 'archivist'] });
    expect([archivist.status, archivist.body.code]).toEqual([403, 'SELF_APPOINTMENT']);
    expect((await t.sql('SELECT roles FROM person WHERE id = $1', [people.admin.id]))[0].roles).toEqual(['admin']);
    // Editing one's own record without taking a new role stays allowed.
    await t.http().patch(`/api/v1/people/${people.admin.id}`).set('Authorization', admin).send({ email: 'admin@pekalongankota.go.id' }).expect(200);

    const kadis = await t.http().post('/api/v1/delegations').set('Authorization', await auth('kadis.kominfo'))
      .send({ kind: 'plh', personId: people['kadis.kominfo'].id, positionId: p['KADIS-KOMINFO'], startsAt: justNow(), endsAt: inADay() });
    expect([kadis.status, kadis.body.code]).toEqual([403, 'SELF_APPOINTMENT']);
  });

  it('the admin role opens no Sangat Rahasia letter: not by id, PDF, history, lists, counts, inbox or agenda', async () => {
    const admin = await auth('admin');
    const paths = ['', '/history', '/versions', '/dispositions', '/grants', '/attachments', '/dispatch', '/document', '/documents'];
    for (const id of [outgoingId, incomingId]) {
      for (const path of paths) {
        const res = await t.http().get(`/api/v1/letters/${id}${path}`).set('Authorization', admin);
        expect({ id, path, status: res.status }).toEqual({ id, path, status: 404 });
        expect(JSON.stringify(res.body)).not.toMatch(/\(SR\)/);
      }
    }
    for (const path of ['', '/scan']) {
      expect((await t.http().get(`/api/v1/incoming-letters/${incomingId}${path}`).set('Authorization', admin)).status).toBe(404);
    }

    const list = await t.http().get('/api/v1/letters?limit=100').set('Authorization', admin).expect(200);
    expect({ items: list.body.items, total: list.body.total }).toEqual({ items: [], total: 0 });
    const inbox = await t.http().get('/api/v1/inbox?limit=100').set('Authorization', admin).expect(200);
    expect({ items: inbox.body.items, counts: inbox.body.counts, total: inbox.body.total }).toEqual({ items: [], counts: {}, total: 0 });
    const [diskominfo] = await t.sql<{ id: string }>(`SELECT id FROM unit WHERE code = 'Diskominfo'`);
    const agenda = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo.id}`).set('Authorization', admin);
    expect([agenda.status, agenda.body.code]).toEqual([403, 'AGENDA_NOT_ALLOWED']);

    // The participants still read it: the letters are there, only closed to the admin.
    await t.http().get(`/api/v1/letters/${outgoingId}`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    await t.http().get(`/api/v1/letters/${incomingId}`).set('Authorization', await auth('kadis.kominfo')).expect(200);
  });

  it('notifies each new delegation to the position and to its superior, and a refused one to nobody', async () => {
    const admin = await auth('admin');
    const created = await t.http().post('/api/v1/delegations').set('Authorization', admin)
      .send({ kind: 'plh', personId: people['sekdis.kominfo'].id, positionId: p['KADIS-KOMINFO'], startsAt: justNow(), endsAt: inADay(), reason: 'Sprint 800/45/2026' })
      .expect(201);
    try {
      const notices = await t.sql<{ position_id: string; letter_id: string | null; message: string; read_at: Date | null }>(
        `SELECT position_id, letter_id, message, read_at FROM notification WHERE kind = 'delegation_created' ORDER BY position_id`,
      );
      expect(notices.map((n) => n.position_id).sort()).toEqual([p['KADIS-KOMINFO'], p.SEKDA].sort());
      for (const notice of notices) {
        expect(notice).toMatchObject({ letter_id: null, read_at: null });
        expect(notice.message).toContain(`${people['sekdis.kominfo'].name} ditetapkan sebagai Plh. Kepala Dinas Komunikasi dan Informatika`);
        expect(notice.message).toContain(`oleh ${people.admin.name}. Dasar: Sprint 800/45/2026.`);
      }

      const overlap = await t.http().post('/api/v1/delegations').set('Authorization', admin)
        .send({ kind: 'plh', personId: people['kabid.aptika'].id, positionId: p['KADIS-KOMINFO'], startsAt: justNow(), endsAt: inADay() });
      expect([overlap.status, overlap.body.code]).toEqual([409, 'DELEGATION_OVERLAP']);
      expect(await t.sql(`SELECT id FROM notification WHERE kind = 'delegation_created'`)).toHaveLength(2);

      // A lawful Plh acts for the position, the Sangat Rahasia letter included.
      await t.http().get(`/api/v1/letters/${outgoingId}`).set('Authorization', await auth('sekdis.kominfo')).expect(200);
    } finally {
      await t.http().delete(`/api/v1/delegations/${created.body.id}`).set('Authorization', admin).expect(200);
    }
  });
});
