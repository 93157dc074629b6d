import { dispose, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

const SIFAT = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
type SifatKey = (typeof SIFAT)[number];
const ALL: SifatKey[] = [...SIFAT];
const OPEN: SifatKey[] = ['biasa', 'terbatas'];

const USERS = ['walikota', 'sekda', 'kadis.kominfo', 'sekdis.kominfo', 'kabid.aptika', 'kasi.aptika', 'staf.kominfo', 'kadis.dinkes', 'arsiparis', 'tu.kominfo', 'admin'] as const;
type User = (typeof USERS)[number];

/**
 * Who sees which letter. Outgoing: a surat dinas of staf.kominfo under review (kasi.aptika reviews,
 * kadis.kominfo signs; kadis.dinkes and sekda are recipient and tembusan, not delivered yet).
 * Incoming: a surat masuk registered by tu.kominfo for kadis.kominfo, disposed to kabid.aptika.
 * Archivists read what is not Rahasia; admins read no mail.
 */
const VISIBLE: Record<'outgoing' | 'incoming', Partial<Record<User, SifatKey[]>>> = {
  outgoing: { 'staf.kominfo': ALL, 'kasi.aptika': ALL, 'kadis.kominfo': ALL, arsiparis: OPEN },
  incoming: { 'tu.kominfo': ALL, 'kadis.kominfo': ALL, 'kabid.aptika': ALL, arsiparis: OPEN },
};

/** What each user's inbox holds afterwards: kind → letters (both kinds of every sifat). */
const INBOX: Partial<Record<User, Record<string, number>>> = {
  'kasi.aptika': { review: 4 },
  'kabid.aptika': { follow_up: 4 },
};

describe('Sifat: the access matrix (every demo user × a letter of each sifat × every letter endpoint)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const letters: { kind: 'outgoing' | 'incoming'; sifat: SifatKey; id: string }[] = [];
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    for (const sifat of SIFAT) {
      const out = await draftLetter(t, {
        sifat,
        subject: `Surat keluar ${sifat}`,
        reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
        signers: [{ positionIds: [p['KADIS-KOMINFO']] }],
      });
      expect((await fire(t, out.id, 'staf.kominfo', 'submit')).status).toBe(200);
      letters.push({ kind: 'outgoing', sifat, id: out.id });
      const inc = await registerIncoming(t, { sifat, subject: `Surat masuk ${sifat}` });
      expect((await dispose(t, inc.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']] })).status).toBe(201);
      letters.push({ kind: 'incoming', sifat, id: inc.id });
    }
    }, 120_000);
  afterAll(() => t.close());

  const allowed = (user: User, letter: { kind: 'outgoing' | 'incoming'; sifat: SifatKey }) => (VISIBLE[letter.kind][user] ?? []).includes(letter.sifat);

  it.each(USERS)('%s sees exactly the letters the table allows, on every endpoint', async (user) => {
    const token = await auth(user);
    const list = await t.http().get('/api/v1/letters?limit=100').set('Authorization', token).expect(200);
    const listed = list.body.items.map((i: { id: string }) => i.id).sort();
    const expected = letters.filter((l) => allowed(user, l)).map((l) => l.id).sort();
    expect(listed).toEqual(expected);
    expect(list.body.total).toBe(expected.length);

    const inbox = await t.http().get('/api/v1/inbox?limit=100').set('Authorization', token).expect(200);
    expect(inbox.body.counts).toEqual(INBOX[user] ?? {});
    for (const item of inbox.body.items) expect(allowed(user, letters.find((l) => l.id === item.letterId)!)).toBe(true);

    const seen: string[] = [];
    for (const letter of letters) {
      const ok = allowed(user, letter);
      const paths = ['', '/history', '/versions', '/dispositions', '/grants', '/attachments', '/dispatch'];
      for (const path of paths) {
        const res = await t.http().get(`/api/v1/letters/${letter.id}${path}`).set('Authorization', token);
        seen.push(`${letter.kind}/${letter.sifat}${path}:${res.status}`);
        expect({ user, letter: `${letter.kind}/${letter.sifat}`, path, status: res.status }).toEqual({ user, letter: `${letter.kind}/${letter.sifat}`, path, status: ok ? 200 : 404 });
        if (!ok) expect(JSON.stringify(res.body)).not.toContain(`${letter.kind === 'outgoing' ? 'Surat keluar' : 'Surat masuk'} ${letter.sifat}`);
      }
      // The document may not exist yet (404) for those allowed; never anything but 404 for the others.
      const doc = await t.http().get(`/api/v1/letters/${letter.id}/document`).set('Authorization', token);
      if (ok) expect([200, 404, 409, 422]).toContain(doc.status);
      else expect({ user, letter: letter.id, document: doc.status }).toEqual({ user, letter: letter.id, document: 404 });
      if (letter.kind === 'incoming') {
        for (const path of ['', '/scan']) {
          const res = await t.http().get(`/api/v1/incoming-letters/${letter.id}${path}`).set('Authorization', token);
          expect({ user, letter: `${letter.kind}/${letter.sifat}`, path, status: res.status }).toEqual({ user, letter: `${letter.kind}/${letter.sifat}`, path, status: ok ? 200 : 404 });
        }
      }
    }
    expect(seen.length).toBe(letters.length * 7);
  });

  it('an explicit grant opens a Rahasia letter to one position, and revoking closes it again', async () => {
    const rahasia = letters.find((l) => l.kind === 'outgoing' && l.sifat === 'rahasia')!;
    await t.http().get(`/api/v1/letters/${rahasia.id}`).set('Authorization', await auth('sekda')).expect(404);

    const byReviewer = await t.http().post(`/api/v1/letters/${rahasia.id}/grants`).set('Authorization', await auth('kasi.aptika')).send({ positionId: p.SEKDA });
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.body.code).toBe('NOT_ALLOWED_TO_GRANT');
    const byOutsider = await t.http().post(`/api/v1/letters/${rahasia.id}/grants`).set('Authorization', await auth('walikota')).send({ positionId: p.WALIKOTA });
    expect(byOutsider.status).toBe(404);
    await t.http().post(`/api/v1/letters/${rahasia.id}/grants`).set('Authorization', await auth('staf.kominfo')).send({ positionId: 'nope' }).expect(400);

    const granted = await t.http().post(`/api/v1/letters/${rahasia.id}/grants`).set('Authorization', await auth('staf.kominfo')).send({ positionId: p.SEKDA }).expect(201);
    expect(granted.body).toEqual([{ positionId: p.SEKDA, positionName: 'Sekretaris Daerah' }]);
    await t.http().get(`/api/v1/letters/${rahasia.id}`).set('Authorization', await auth('sekda')).expect(200);
    await t.http().get(`/api/v1/letters/${rahasia.id}/history`).set('Authorization', await auth('sekda')).expect(200);
    const list = await t.http().get('/api/v1/letters').set('Authorization', await auth('sekda')).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([rahasia.id]);
    // A grant gives sight, not work.
    const inbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('sekda')).expect(200);
    expect(inbox.body.total).toBe(0);

    await t.http().delete(`/api/v1/letters/${rahasia.id}/grants/${p.SEKDA}`).set('Authorization', await auth('staf.kominfo')).expect(200);
    await t.http().get(`/api/v1/letters/${rahasia.id}`).set('Authorization', await auth('sekda')).expect(404);

    // The addressee of an incoming Sangat Rahasia letter grants too.
    const incoming = letters.find((l) => l.kind === 'incoming' && l.sifat === 'sangat_rahasia')!;
    await t.http().post(`/api/v1/letters/${incoming.id}/grants`).set('Authorization', await auth('kadis.kominfo')).send({ positionId: p['SEKDIS-KOMINFO'] }).expect(201);
    await t.http().get(`/api/v1/letters/${incoming.id}/dispositions`).set('Authorization', await auth('sekdis.kominfo')).expect(200);
    await t.http().get(`/api/v1/incoming-letters/${incoming.id}/scan`).set('Authorization', await auth('sekdis.kominfo')).expect(200);
  });
});
