import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(120_000);

/**
 * TU (role registrar) sends and files its unit's outgoing letters, as the workflow allows
 * (`send` and `file` name `{ role: registrar }`) and as the agenda book lists them. It used to
 * get 404: the letter rule of the ability knew the drafter, the participants and archivists,
 * not the registrar of the letter's unit, so the letter "did not exist" for TU.
 */
describe('TU sends and files the outgoing letters of its unit', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  }, 120_000);
  afterAll(() => t.close());

  async function signedLetter(sifat = 'biasa', subject = `Surat ${sifat} untuk dikirim TU`) {
    const letter = await draftLetter(t, { sifat, subject, reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    const signed = await fire(t, letter.id, 'kadis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    return letter.id;
  }

  it('tu.kominfo sees a signed letter of Diskominfo with send allowed, sends it, then files it', async () => {
    const id = await signedLetter();
    const tu = await auth('tu.kominfo');
    const seen = await t.http().get(`/api/v1/letters/${id}`).set('Authorization', tu).expect(200);
    expect(seen.body.state).toBe('signed');
    expect(seen.body.allowedEvents.map((e: { event: string }) => e.event)).toEqual(['send']);
    const list = await t.http().get('/api/v1/letters?limit=100').set('Authorization', tu).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const sent = await fire(t, id, 'tu.kominfo', 'send');
    expect({ status: sent.status, state: sent.body.state }).toEqual({ status: 200, state: 'sent' });
    const filed = await fire(t, id, 'tu.kominfo', 'file');
    expect({ status: filed.status, state: filed.body.state }).toEqual({ status: 200, state: 'filed' });
    const history = await t.http().get(`/api/v1/letters/${id}/history`).set('Authorization', tu).expect(200);
    expect(history.body.slice(-2).map((h: { event: string; actorName: string }) => [h.event, h.actorName])).toEqual([
      ['send', 'Wahyu Hidayat'],
      ['file', 'Wahyu Hidayat'],
    ]);
  });

  it('a draft not yet numbered stays with the people on it', async () => {
    const letter = await draftLetter(t, { subject: 'Konsep yang belum bernomor' });
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('tu.kominfo')).expect(404);
  });

  it('a Rahasia letter of the unit stays invisible to TU (404, nothing leaked), in the list too', async () => {
    const id = await signedLetter('rahasia', 'Surat rahasia tidak untuk TU');
    const tu = await auth('tu.kominfo');
    const res = await t.http().get(`/api/v1/letters/${id}`).set('Authorization', tu).expect(404);
    expect(JSON.stringify(res.body)).not.toContain('Surat rahasia');
    expect((await fire(t, id, 'tu.kominfo', 'send')).status).toBe(404);
    const list = await t.http().get('/api/v1/letters?limit=100').set('Authorization', tu).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // The drafter still sends it.
    expect((await fire(t, id, 'staf.kominfo', 'send')).status).toBe(200);
  });

  it("the registrar of another unit does not see Diskominfo's letters", async () => {
    // A registrar role given to kadis.dinkes's person: Dinas Kesehatan is not above Diskominfo.
    await t.sql(`UPDATE person SET roles = array_append(roles, 'registrar') WHERE username = 'kadis.dinkes'`);
    const id = await signedLetter('biasa', 'Surat Diskominfo bukan untuk TU Dinkes');
    await t.http().get(`/api/v1/letters/${id}`).set('Authorization', await auth('kadis.dinkes')).expect(404);
  });
});
