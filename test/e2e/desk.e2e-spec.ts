import http from 'node:http';
import { dispose, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

/** The desk API: the Beranda's counters, the inbox's kinds, views and read state, the bell and its live count. */
describe('Desk: inbox summary, read marks, notifications', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const summaryOf = async (username: string) => (await t.http().get('/api/v1/inbox/summary').set('Authorization', await auth(username)).expect(200)).body;
  const inboxOf = async (username: string, query = '') => (await t.http().get(`/api/v1/inbox${query}`).set('Authorization', await auth(username)).expect(200)).body;
  const bellOf = async (username: string) => (await t.http().get('/api/v1/notifications?limit=50').set('Authorization', await auth(username)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('counts each counter as its view lists it, from review through signing to an unread tembusan that clears once opened', async () => {
    const before = await summaryOf('kasi.aptika');
    const letter = await draftLetter(t, {
      subject: 'Surat Uji Meja Kerja',
      urgency: 'sangat_segera',
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      recipientPositionIds: [p['KABID-APTIKA']],
      tembusanPositionIds: [p.SEKDA],
    });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);

    const kasi = await summaryOf('kasi.aptika');
    expect(kasi.to_review).toBe(before.to_review + 1);
    const review = await inboxOf('kasi.aptika', '?view=to_review&limit=100');
    expect(review.total).toBe(kasi.to_review);
    const item = review.items.find((i: { letterId: string }) => i.letterId === letter.id);
    expect(item).toMatchObject({ kind: 'review', read: false, urgency: 'sangat_segera', stateLabel: 'Pemeriksaan (paraf berjenjang)', capacity: null, positionName: expect.any(String) });
    // Sangat Segera: the review's deadline is about a day away.
    expect(new Date(item.dueAt).getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
    expect(new Date(item.dueAt).getTime()).toBeLessThan(Date.now() + 26 * 3600_000);
    // Counts by kind stay as they were (letters per kind), with the unread ones beside them.
    expect(review.counts.review).toBeGreaterThanOrEqual(1);
    expect(review.unreadCounts.review).toBeGreaterThanOrEqual(1);

    // Opening the letter marks the reviewer's item read; it still waits for the paraf.
    const opened = await t.http().post(`/api/v1/inbox/letters/${letter.id}/read`).set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(opened.body.items).toBe(1);
    const after = (await inboxOf('kasi.aptika', '?kind=review&limit=100')).items.find((i: { letterId: string }) => i.letterId === letter.id);
    expect(after.read).toBe(true);
    expect((await inboxOf('kasi.aptika', '?view=to_review&unread=true&limit=100')).items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);
    expect((await inboxOf('kasi.aptika', '?view=to_review&unread=false&limit=100')).items.map((i: { letterId: string }) => i.letterId)).toContain(letter.id);
    const refused = await t.http().get('/api/v1/inbox?view=nope').set('Authorization', await auth('kasi.aptika'));
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });

    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await summaryOf('kadis.kominfo')).to_sign).toBeGreaterThanOrEqual(1);
    expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);

    // Signed but not sent: it waits for its drafter to send it.
    const staf = await summaryOf('staf.kominfo');
    expect(staf.to_send).toBeGreaterThanOrEqual(1);
    const toSend = await inboxOf('staf.kominfo', '?view=to_send');
    expect(toSend.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'send', stateLabel: 'Ditandatangani' })]));
    expect(toSend.total).toBe(staf.to_send);

    const sekdaBefore = await summaryOf('sekda');
    await eventually(async () => (await fire(t, letter.id, 'staf.kominfo', 'send')).status === 200);
    expect((await summaryOf('staf.kominfo')).to_send).toBe(staf.to_send - 1);
    await eventually(async () => (await summaryOf('sekda')).tembusan_unread === sekdaBefore.tembusan_unread + 1);
    const kabid = await eventually(async () => {
      const s = await summaryOf('kabid.aptika');
      return s.incoming_unread >= 1 && s;
    });
    const tembusan = await inboxOf('sekda', '?view=tembusan_unread');
    expect(tembusan.items).toEqual([expect.objectContaining({ letterId: letter.id, kind: 'read', role: 'tembusan', read: false, overdue: false })]);
    const bell = await bellOf('sekda');
    expect(bell.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'delivered_tembusan', read: false, message: 'Tembusan: Surat Uji Meja Kerja' })]));

    await t.http().post(`/api/v1/inbox/letters/${letter.id}/read`).set('Authorization', await auth('sekda')).expect(200);
    expect((await summaryOf('sekda')).tembusan_unread).toBe(sekdaBefore.tembusan_unread);
    expect((await bellOf('sekda')).unread).toBe(bell.unread - bell.items.filter((n: { letterId: string; read: boolean }) => n.letterId === letter.id && !n.read).length);
    // Read, but still listed, marked read.
    expect((await inboxOf('sekda', '?kind=read')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, read: true })]));
    // The recipient's copy is unread incoming until opened.
    expect((await inboxOf('kabid.aptika', '?view=incoming_unread')).total).toBe(kabid.incoming_unread);
  });

  it('counts incoming letters and dispositions, unread and not acted on, and a late disposition as overdue', async () => {
    const before = await summaryOf('kadis.kominfo');
    const incoming = await registerIncoming(t, { subject: 'Surat Masuk Uji Meja Kerja' });
    const kadis = await summaryOf('kadis.kominfo');
    expect(kadis.incoming_open).toBe(before.incoming_open + 1);
    expect(kadis.incoming_unread).toBe(before.incoming_unread + 1);
    const kabidBefore = await summaryOf('kabid.aptika');
    const due = new Date(Date.now() + 3_000).toISOString();
    expect((await dispose(t, incoming.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], dueAt: due })).status).toBe(201);
    expect((await summaryOf('kadis.kominfo')).incoming_open).toBe(before.incoming_open);
    const kabid = await summaryOf('kabid.aptika');
    expect(kabid.disposition_open).toBe(kabidBefore.disposition_open + 1);
    expect(kabid.disposition_unread).toBe(kabidBefore.disposition_unread + 1);
    const item = (await inboxOf('kabid.aptika', '?view=disposition_unread')).items.find((i: { letterId: string }) => i.letterId === incoming.id);
    expect(item).toMatchObject({ kind: 'follow_up', read: false, dueAt: expect.any(String) });
    expect(new Date(item.dueAt).toISOString()).toBe(due);

    // The read receipt of the disposition tree counts as reading it.
    await t.http().get(`/api/v1/letters/${incoming.id}/dispositions`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect((await summaryOf('kabid.aptika')).disposition_unread).toBe(kabidBefore.disposition_unread);
    await new Promise((r) => setTimeout(r, 3_500));
    const late = await summaryOf('kabid.aptika');
    expect(late.overdue).toBeGreaterThanOrEqual(1);
    expect((await inboxOf('kabid.aptika', '?view=overdue&limit=100')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: incoming.id, overdue: true })]));
  });

  it('shows work reaching a Plh as such', async () => {
    const letter = await draftLetter(t, { subject: 'Surat Uji Plh Meja Kerja', reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kabid.aptika', 'approve');
    const sekdis = (await t.sql<{ id: string }>(`SELECT id FROM person WHERE username = 'sekdis.kominfo'`))[0].id;
    await t.http().post('/api/v1/delegations').set('Authorization', await auth('kadis.kominfo'))
      .send({ kind: 'plh', personId: sekdis, positionId: p['KADIS-KOMINFO'], startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    const inbox = await inboxOf('sekdis.kominfo', '?view=to_sign');
    expect(inbox.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'sign', viaDelegation: true, capacity: 'plh', positionName: 'Kepala Dinas Komunikasi dan Informatika' })]));
    expect((await summaryOf('sekdis.kominfo')).to_sign).toBe(inbox.total);
  });

  it('never counts, lists or rings for a Rahasia letter the caller may not see', async () => {
    const outsiders = ['walikota', 'kadis.dinkes', 'arsiparis', 'admin', 'tu.kominfo'];
    const before = new Map<string, unknown>();
    for (const u of outsiders) before.set(u, { summary: await summaryOf(u), inbox: (await inboxOf(u)).total, bell: (await bellOf(u)).unread });
    const letter = await draftLetter(t, {
      sifat: 'rahasia',
      subject: 'Rahasia Uji Meja Kerja',
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      recipientPositionIds: [p['KADIS-DINKES']],
      tembusanPositionIds: [p.WALIKOTA],
    });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    expect((await inboxOf('kasi.aptika', '?view=to_review&limit=100')).items.map((i: { letterId: string }) => i.letterId)).toContain(letter.id);
    expect((await bellOf('kasi.aptika')).items.map((n: { letterId: string }) => n.letterId)).toContain(letter.id);
    // A notice written for a position that is not (yet) on the letter's visible route shows nowhere.
    await t.sql(`INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, 'test', 'Rahasia Uji Meja Kerja')`, [p.WALIKOTA, letter.id]);
    for (const u of outsiders) {
      const bell = await bellOf(u);
      expect({ u, summary: await summaryOf(u), inbox: (await inboxOf(u)).total, bell: bell.unread }).toEqual({ u, ...(before.get(u) as object) });
      expect(JSON.stringify(bell)).not.toContain('Rahasia Uji Meja Kerja');
      const opened = await t.http().post(`/api/v1/inbox/letters/${letter.id}/read`).set('Authorization', await auth(u));
      expect(opened.status).toBe(404);
    }
    const [note] = await t.sql<{ id: string }>(`SELECT id::text FROM notification WHERE letter_id = $1 AND position_id = $2`, [letter.id, p.WALIKOTA]);
    const marked = await t.http().post(`/api/v1/notifications/${note.id}/read`).set('Authorization', await auth('walikota'));
    expect({ status: marked.status, code: marked.body.code }).toEqual({ status: 404, code: 'NOTIFICATION_NOT_FOUND' });
    expect((await t.http().post('/api/v1/notifications/abc/read').set('Authorization', await auth('walikota'))).status).toBe(404);
  });

  it('streams the unread count over Server-Sent Events and sends a new count when a notice arrives', async () => {
    const token = await t.token('kasi.aptika');
    const events: number[] = [];
    const url = new URL('/api/v1/notifications/stream', t.baseUrl);
    const req = http.get(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
    try {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/event-stream/);
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const data = buffer.slice(0, i).split('\n').find((l) => l.startsWith('data:'));
          buffer = buffer.slice(i + 2);
          if (data) events.push(JSON.parse(data.slice(5)).unread);
        }
      });
      const first = await eventually(async () => events.length > 0 && events[0]);
      const letter = await draftLetter(t, { subject: 'Surat Uji Aliran Pemberitahuan', reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
      await fire(t, letter.id, 'staf.kominfo', 'submit');
      await eventually(async () => events.some((n) => n > first), 10_000);
      // Reading it in this process sends the lower count at once.
      await t.http().post(`/api/v1/inbox/letters/${letter.id}/read`).set('Authorization', `Bearer ${token}`).expect(200);
      await eventually(async () => events[events.length - 1] === first, 5_000);
    } finally {
      req.destroy();
    }
    const anonymous = await t.http().get('/api/v1/notifications/stream');
    expect(anonymous.status).toBe(401);
  });
});
