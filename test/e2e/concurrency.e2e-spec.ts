import request from 'supertest';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Every request of a burst must answer within this; a hang is the defect these tests catch. */
const ANSWER_MS = 30_000;

/** Letters submitted and paraf'ed by the Kabid: each waits for the Kepala Dinas's signature. */
async function lettersReadyToSign(t: TestApp, count: number): Promise<string[]> {
  const p = await positionIds(t);
  const ids: string[] = [];
  // A few at a time: the set-up is not what is measured.
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async () => {
        const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }], tembusanPositionIds: [] });
        expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
        expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
        return letter.id;
      }),
    );
    ids.push(...batch);
  }
  // The drafts rendered on entering review are the workers' set-up work, not the burst's.
  await eventually(
    async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter_document WHERE letter_id = ANY($1) AND kind = 'draft'`, [ids]))[0].n === ids.length,
    120_000,
  );
  return ids;
}

/** A sign request at the version the letter is at now; answers or fails the test within ANSWER_MS. */
async function sign(t: TestApp, token: string, letterId: string, version: number) {
  return request(t.baseUrl)
    .post(`/api/v1/letters/${letterId}/transitions`)
    .set('Authorization', `Bearer ${token}`)
    .timeout(ANSWER_MS)
    .send({ event: 'sign', version, passphrase: DEMO_SIGNING_PASSPHRASE });
}

async function versions(t: TestApp, ids: string[]): Promise<Map<string, number>> {
  const rows = await t.sql<{ id: string; version: number }>('SELECT id, version FROM letter WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** /health, polled while the burst runs: every answer it gave. */
function pollHealth(t: TestApp): { stop: () => Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await request(t.baseUrl).get('/health').timeout(ANSWER_MS);
      statuses.push(res.status);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return statuses;
    },
  };
}

/** Each letter signed exactly once, numbered exactly once, and no number reserved for nobody. */
async function expectSignedOnce(t: TestApp, ids: string[]): Promise<void> {
  const signs = await t.sql<{ letter_id: string; n: number }>(
    `SELECT letter_id, count(*)::int AS n FROM letter_history WHERE letter_id = ANY($1) AND event = 'sign' GROUP BY letter_id`,
    [ids],
  );
  expect(signs).toHaveLength(ids.length);
  expect(signs.every((r) => r.n === 1)).toBe(true);
  const states = await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = ANY($1)', [ids]);
  expect(states.every((r) => r.state === 'signed')).toBe(true);
  const numbers = await t.sql<{ letter_id: string; status: string }>(`SELECT letter_id, status FROM letter_number WHERE letter_id = ANY($1)`, [ids]);
  expect(numbers).toHaveLength(ids.length);
  expect(new Set(numbers.map((n) => n.letter_id)).size).toBe(ids.length);
  const signed = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter_document WHERE letter_id = ANY($1) AND kind = 'signed'`, [ids]);
  expect(signed[0].n).toBe(ids.length);
}

describe.each([
  { pool: '20', letters: 40 },
  { pool: '20', letters: 100 },
  { pool: '5', letters: 40 },
  { pool: '5', letters: 100 },
])('Concurrent signing with DB_POOL_SIZE=$pool', ({ pool, letters }) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: pool });
  }, 240_000);
  afterAll(async () => t.close());

  it(`${letters} signs on ${letters} letters at once all answer 200, each letter signed once, /health stays 200`, async () => {
    const ids = await lettersReadyToSign(t, letters);
    const token = await t.token('kadis.kominfo');
    const at = await versions(t, ids);
    const health = pollHealth(t);
    const answers = await Promise.all(ids.map((id) => sign(t, token, id, at.get(id)!)));
    const healthStatuses = await health.stop();
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    expect(healthStatuses.length).toBeGreaterThan(0);
    expect(healthStatuses.every((s) => s === 200)).toBe(true);
    await expectSignedOnce(t, ids);
    // The server still answers everyone afterwards.
    expect((await request(t.baseUrl).get('/api/v1/me').set('Authorization', `Bearer ${token}`).timeout(5000)).status).toBe(200);
  }, 300_000);
});

describe('Concurrent signs of one letter with DB_POOL_SIZE=10', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '10' });
  });
  afterAll(async () => t.close());

  it('20 signs of the same letter: one signs, the others get 409 VERSION_CONFLICT, all within seconds', async () => {
    const [id] = await lettersReadyToSign(t, 1);
    const token = await t.token('kadis.kominfo');
    const version = (await versions(t, [id])).get(id)!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => sign(t, token, id, version)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'VERSION_CONFLICT')).toBe(true);
    await expectSignedOnce(t, [id]);
    expect((await request(t.baseUrl).get('/health').timeout(5000)).status).toBe(200);
  }, 120_000);
});

describe('A request whose client has gone', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('does not commit: a sign that waited on a lock after its client left leaves the letter unsigned and unnumbered', async () => {
    const [id] = await lettersReadyToSign(t, 1);
    const token = await t.token('kadis.kominfo');
    const version = (await versions(t, [id])).get(id)!;
    // Another session holds the letter's row, so the sign waits inside its transaction.
    const { Client } = await import('pg');
    const holder = new Client({ host: t.config.DB_HOST, port: t.config.DB_PORT, user: t.config.DB_USER, database: t.dbName });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM letter WHERE id = $1 FOR UPDATE', [id]);
      const abandoned = await request(t.baseUrl)
        .post(`/api/v1/letters/${id}/transitions`)
        .set('Authorization', `Bearer ${token}`)
        .timeout(500)
        .send({ event: 'sign', version, passphrase: DEMO_SIGNING_PASSPHRASE })
        .then(
          () => 'answered',
          (err: { timeout?: number }) => (err.timeout ? 'gone' : 'error'),
        );
      expect(abandoned).toBe('gone');
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    // Give the server time to run the sign to its end: it must roll back, not commit.
    await new Promise((r) => setTimeout(r, 3000));
    const [letter] = await t.sql<{ state: string; version: number }>('SELECT state, version FROM letter WHERE id = $1', [id]);
    expect(letter).toEqual({ state: 'awaiting_signature', version });
    expect(await t.sql('SELECT 1 FROM letter_number WHERE letter_id = $1', [id])).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind <> 'draft'`, [id])).toEqual([]);
    // The signer can still sign it.
    expect((await sign(t, token, id, version)).status).toBe(200);
  }, 120_000);
});
