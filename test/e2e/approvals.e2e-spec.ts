import { ApiKeysService } from '../../src/auth/api-keys.service';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { approvalBody, ModuleSetup, permitPdf, setupSimpadu } from '../factories/approvals.factory';
import { eventually, fire } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(60_000);

describe('Approvals API for other SIM modules', () => {
  let t: TestApp;
  let setup: ModuleSetup;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '500' });
    await receiver.start();
    setup = await setupSimpadu(t, [receiver.url]);
  });

  afterAll(async () => {
    await receiver.stop();
    await t?.close();
  });

  const post = (body: Record<string, unknown>, key?: string) => {
    const req = t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it('creates an approval that officials see in their inbox and decide through the transitions API', async () => {
    const created = await post(approvalBody(setup, { callbackUrl: receiver.url }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', workflow: 'approval-basic', done: false, document: null, metadata: { applicant: 'PT Maju Jaya' } });
    const id = created.body.id;
    // The answer to the POST is built from what its transaction wrote: it is what a GET reads back.
    expect((await t.http().get(`/api/v1/approvals/${id}`).set('X-Api-Key', setup.apiKey)).body).toEqual(created.body);

    const kabid = `Bearer ${await t.token('kabid.aptika')}`;
    const inbox = await t.http().get('/api/v1/inbox').set('Authorization', kabid);
    expect(inbox.body.items.find((i: any) => i.letterId === id)).toMatchObject({ kind: 'approve', subject: 'Permohonan Izin Mendirikan Bangunan a.n. PT Maju Jaya' });
    const letter = await t.http().get(`/api/v1/letters/${id}`).set('Authorization', kabid);
    expect(letter.status).toBe(200);
    expect(letter.body.allowedEvents.map((e: any) => e.event)).toEqual(expect.arrayContaining(['approve', 'reject']));

    expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200);
    // The Kadis has not been asked yet... now he has.
    expect((await fire(t, id, 'kadis.kominfo', 'approve')).status).toBe(200);

    const got = await t.http().get(`/api/v1/approvals/${id}`).set('X-Api-Key', setup.apiKey);
    expect(got.status).toBe(200);
    expect(got.body.state).toBe('approved');
    expect(got.body.done).toBe(true);
    expect(got.body.decisions.map((d: any) => d.event)).toEqual(['$start', 'approve', 'approve']);

    const hooks = await eventually(async () => {
      const mine = receiver.unique().filter((h) => h.body.data.approvalId === id);
      return mine.length >= 2 && mine;
    });
    expect(hooks.map((h) => h.type)).toEqual(['approval.pending', 'approval.approved']);
  });

  it('takes a PDF (base64 or multipart), validates it, and has the signer sign it after approval', async () => {
    const pdf = await permitPdf();
    const refused = await post(approvalBody(setup, { pdfBase64: Buffer.from('not a pdf at all').toString('base64') }));
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('NOT_A_PDF');

    const inline = await post(approvalBody(setup, { pdfBase64: pdf.toString('base64'), signerPositionIds: [setup.positions['KADIS-KOMINFO']] }));
    expect(inline.status).toBe(201);
    expect(inline.body.document).toMatchObject({ signed: false, size: pdf.length });
    expect((await t.http().get(`/api/v1/approvals/${inline.body.id}`).set('X-Api-Key', setup.apiKey)).body).toEqual(inline.body);

    const multipart = await t
      .http()
      .post('/api/v1/approvals')
      .set('X-Api-Key', setup.apiKey)
      .field('request', JSON.stringify(approvalBody(setup)))
      .attach('pdf', pdf, { filename: 'izin.pdf', contentType: 'application/pdf' });
    expect(multipart.status).toBe(201);
    const id = multipart.body.id;
    const original = await t.http().get(`/api/v1/approvals/${id}/document`).set('X-Api-Key', setup.apiKey).buffer(true);
    expect(original.status).toBe(200);
    expect(original.headers['x-esurat-document']).toBe('original');

    expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, id, 'kadis.kominfo', 'approve')).status).toBe(200);
    const waiting = await t.http().get(`/api/v1/approvals/${id}`).set('X-Api-Key', setup.apiKey);
    expect(waiting.body.state).toBe('awaiting_signature');
    const kadis = `Bearer ${await t.token('kadis.kominfo')}`;
    const inbox = await t.http().get('/api/v1/inbox?kind=sign').set('Authorization', kadis);
    expect(inbox.body.items.some((i: any) => i.letterId === id)).toBe(true);

    const signed = await fire(t, id, 'kadis.kominfo', 'sign', { passphrase: DEMO_SIGNING_PASSPHRASE });
    expect(signed.status).toBe(200);
    const done = await t.http().get(`/api/v1/approvals/${id}`).set('X-Api-Key', setup.apiKey);
    expect(done.body.state).toBe('approved');
    const pdfOut = await t.http().get(`/api/v1/approvals/${id}/document`).set('X-Api-Key', setup.apiKey).buffer(true);
    expect(pdfOut.status).toBe(200);
    expect(pdfOut.headers['content-type']).toBe('application/pdf');
    // The documents module's signing plugin signed the module's PDF on `sign`.
    expect(done.body.document.signed).toBe(true);
    expect(pdfOut.headers['x-esurat-document']).toBe('signed');
    expect(pdfOut.body.length).toBeGreaterThan(pdf.length);
  });

  it('refuses unknown workflows, unregistered or private callbacks, and oversized metadata', async () => {
    expect((await post(approvalBody(setup, { workflow: 'surat-keluar' }))).body.code).toBe('WORKFLOW_NOT_USABLE');
    expect((await post(approvalBody(setup, { callbackUrl: 'https://evil.example.org/hook' }))).body.code).toBe('CALLBACK_URL_NOT_REGISTERED');
    const big = await post(approvalBody(setup, { metadata: { blob: 'x'.repeat(20_000) } }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('METADATA_TOO_LARGE');
    const noSigner = await post(
      approvalBody(setup, { pdfBase64: (await permitPdf()).toString('base64'), approvers: [{ positionIds: [setup.positions['KABID-APTIKA'], setup.positions['SEKDIS-KOMINFO']], mode: 'any' }] }),
    );
    expect(noSigner.body.code).toBe('SIGNER_REQUIRED');
  });

  it('refuses unknown route positions and signers who may not sign, and writes nothing', async () => {
    const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter WHERE kind = 'approval'`))[0].n;
    const objects = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM stored_object`))[0].n;
    const [letters, stored] = [await count(), await objects()];
    const unknown = await post(approvalBody(setup, { approvers: [{ positionIds: [setup.positions['KABID-APTIKA'], '00000000-0000-4000-8000-000000000000'] }] }));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'POSITION_NOT_FOUND', details: { positionIds: ['00000000-0000-4000-8000-000000000000'] } });
    // A Kepala Seksi may not sign: refused before the PDF is stored.
    const notSigner = await post(approvalBody(setup, { pdfBase64: (await permitPdf()).toString('base64'), signerPositionIds: [setup.positions['KASI-APTIKA']] }));
    expect(notSigner.status).toBe(422);
    expect(notSigner.body).toMatchObject({ code: 'SIGNER_NOT_ALLOWED', details: { positionIds: [setup.positions['KASI-APTIKA']] } });
    expect([await count(), await objects()]).toEqual([letters, stored]);
    // A refused request does not use up its Idempotency-Key.
    const refused = await post(approvalBody(setup, { approvers: [{ positionIds: ['00000000-0000-4000-8000-000000000000'] }] }), 'key-refused');
    expect(refused.status).toBe(422);
    expect(await t.sql(`SELECT 1 FROM idempotency_key WHERE key = 'key-refused'`)).toHaveLength(0);
    const valid = await post(approvalBody(setup), 'key-refused');
    expect(valid.status).toBe(201);
    expect(await t.sql(`SELECT approval_id FROM idempotency_key WHERE key = 'key-refused'`)).toEqual([{ approval_id: valid.body.id }]);
  });

  it('refuses private callbacks unless the configuration allows them (SSRF), at registration as when an approval names one', async () => {
    const strict = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'false' });
    try {
      const admin = `Bearer ${await strict.token('admin')}`;
      const s = await setupSimpadu(strict, []);
      const privateUrls = ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data'];
      const registering: { status: number; body: any }[] = [];
      for (const callbackUrl of privateUrls) {
        registering.push(await strict.http().patch(`/api/v1/admin/modules/${s.moduleId}`).set('Authorization', admin).send({ callbackUrls: [callbackUrl] }));
        registering.push(await strict.http().post('/api/v1/admin/modules').set('Authorization', admin).send({ name: 'simral', scopes: [], callbackUrls: [callbackUrl] }));
      }
      for (const [i, res] of registering.entries()) {
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'CALLBACK_URL_REFUSED', details: { callbackUrl: privateUrls[i >> 1] } });
      }
      expect(await strict.sql(`SELECT callback_urls FROM module_client WHERE name = 'simpadu'`)).toEqual([{ callback_urls: [] }]);
      expect(await strict.sql(`SELECT 1 FROM module_client WHERE name = 'simral'`)).toHaveLength(0);
      // Registered while the rule allowed them (written here directly): an approval meets the same refusal.
      await strict.sql(`UPDATE module_client SET callback_urls = $1 WHERE id = $2`, [privateUrls, s.moduleId]);
      for (const [i, callbackUrl] of privateUrls.entries()) {
        const res = await strict.http().post('/api/v1/approvals').set('X-Api-Key', s.apiKey).send(approvalBody(s, { callbackUrl }));
        expect(res.status).toBe(422);
        expect(res.body).toEqual(registering[2 * i].body);
      }
    } finally {
      await strict.close();
    }
  });

  it('answers a module change with the module as GET shows it, and never a secret', async () => {
    const admin = `Bearer ${await t.token('admin')}`;
    const before = await t.http().get(`/api/v1/admin/modules/${setup.moduleId}`).set('Authorization', admin).expect(200);
    expect(before.body.description).toMatch(/^SIMPADU/);
    const patched = await t.http().patch(`/api/v1/admin/modules/${setup.moduleId}`).set('Authorization', admin).send({ active: false });
    expect(patched.status).toBe(200);
    const after = await t.http().get(`/api/v1/admin/modules/${setup.moduleId}`).set('Authorization', admin).expect(200);
    expect(patched.body).toEqual(after.body);
    expect(after.body).toEqual({ ...before.body, active: false, updatedAt: expect.any(String) });
    expect(Object.keys(after.body).sort()).toEqual(['active', 'callbackUrls', 'createdAt', 'description', 'id', 'name', 'scopes', 'updatedAt']);
    const listed = await t.http().get('/api/v1/admin/modules').set('Authorization', admin).expect(200);
    expect(listed.body.find((m: { id: string }) => m.id === setup.moduleId)).toEqual(after.body);
    await t.http().patch(`/api/v1/admin/modules/${setup.moduleId}`).set('Authorization', admin).send({ active: true }).expect(200);
  });

  it('runs N-of-M parallel groups', async () => {
    const p = setup.positions;
    const res = await post(approvalBody(setup, { approvers: [{ positionIds: [p['KABID-APTIKA'], p['SEKDIS-KOMINFO'], p['KASI-APTIKA']], mode: 'n_of_m', n: 2 }] }));
    expect(res.status).toBe(201);
    expect((await fire(t, res.body.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await t.http().get(`/api/v1/approvals/${res.body.id}`).set('X-Api-Key', setup.apiKey)).body.state).toBe('pending');
    expect((await fire(t, res.body.id, 'sekdis.kominfo', 'approve')).status).toBe(200);
    expect((await t.http().get(`/api/v1/approvals/${res.body.id}`).set('X-Api-Key', setup.apiKey)).body.state).toBe('approved');
  });

  it('honours Idempotency-Key: same body 200 with the same approval, another body 422; twenty concurrent POSTs create one', async () => {
    const body = approvalBody(setup);
    const first = await post(body, 'key-1');
    expect(first.status).toBe(201);
    const again = await post(body, 'key-1');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await post({ ...body, title: 'Lain' }, 'key-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const concurrent = approvalBody(setup);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(concurrent, 'key-concurrent')));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows = await t.sql('SELECT count(*)::int AS n FROM approval_request WHERE reference = $1', [concurrent.reference]);
    expect(rows[0].n).toBe(1);
    const [key] = await t.sql(`SELECT expires_at - created_at AS ttl FROM idempotency_key WHERE key = 'key-concurrent'`);
    expect(key.ttl.hours ?? key.ttl.days * 24).toBeGreaterThanOrEqual(24);
  });

  it('lists by reference, cancels while pending, and hides other modules', async () => {
    const body = approvalBody(setup);
    const a = await post(body);
    const list = await t.http().get(`/api/v1/approvals?reference=${body.reference}`).set('X-Api-Key', setup.apiKey);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: a.body.id, reference: body.reference, state: 'pending' }] });

    const cancelled = await t.http().post(`/api/v1/approvals/${a.body.id}/cancel`).set('X-Api-Key', setup.apiKey).send({ comment: 'Permohonan ditarik' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const twice = await t.http().post(`/api/v1/approvals/${a.body.id}/cancel`).set('X-Api-Key', setup.apiKey).send({});
    expect(twice.status).toBe(422);

    // Another module: its own key, no view of simpadu's approvals.
    const admin = `Bearer ${await t.token('admin')}`;
    const other = await t.http().post('/api/v1/admin/modules').set('Authorization', admin).send({ name: 'simral', scopes: ['approvals:read', 'approvals:write'] });
    expect(other.status).toBe(201);
    expect(other.body.webhookSecret).toMatch(/^whsec_/);
    expect(other.body.webhookSecretEncrypted).toBeUndefined();
    const key = await t.http().post(`/api/v1/admin/modules/${other.body.id}/keys`).set('Authorization', admin).send({});
    const simral = key.body.key;
    expect((await t.http().get(`/api/v1/approvals/${a.body.id}`).set('X-Api-Key', simral)).status).toBe(404);
    expect((await t.http().get(`/api/v1/approvals/${a.body.id}/document`).set('X-Api-Key', simral)).status).toBe(404);
    expect((await t.http().post(`/api/v1/approvals/${a.body.id}/cancel`).set('X-Api-Key', simral).send({})).status).toBe(404);
    expect((await t.http().get(`/api/v1/approvals?reference=${body.reference}`).set('X-Api-Key', simral)).body.total).toBe(0);
    const listed = await t.http().get('/api/v1/admin/modules').set('Authorization', admin);
    expect(JSON.stringify(listed.body)).not.toContain('webhookSecret');
    // People do not call the module API.
    expect((await t.http().get(`/api/v1/approvals/${a.body.id}`).set('Authorization', admin)).status).toBe(403);
  });

  it('rotates API keys with an overlap, and revokes them', async () => {
    const admin = `Bearer ${await t.token('admin')}`;
    const keys = await t.http().get(`/api/v1/admin/modules/${setup.moduleId}/keys`).set('Authorization', admin);
    const issued = await t.http().post(`/api/v1/admin/modules/${setup.moduleId}/keys`).set('Authorization', admin).send({});
    const rotated = await t.http().post(`/api/v1/admin/modules/${setup.moduleId}/keys/${issued.body.id}/rotate`).set('Authorization', admin).send();
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).not.toBe(issued.body.key);
    const overlap = new Date(rotated.body.previous.expiresAt).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    // Both valid during the overlap.
    for (const key of [issued.body.key, rotated.body.key]) {
      expect((await t.http().get('/api/v1/approvals').set('X-Api-Key', key)).status).toBe(200);
    }
    // The overlap ends (moved into the past in the database; a key is checked again within PRINCIPAL_CACHE_MS, dropped here to not wait).
    await t.sql('UPDATE api_key SET expires_at = now() - interval \'1 second\' WHERE id = $1', [issued.body.id]);
    t.app.get(ApiKeysService).invalidate();
    expect((await t.http().get('/api/v1/approvals').set('X-Api-Key', issued.body.key)).status).toBe(401);
    // A module switched off through the API is refused at once, and back on, served again.
    const patch = (active: boolean) => t.http().patch(`/api/v1/admin/modules/${setup.moduleId}`).set('Authorization', admin).send({ active });
    expect((await patch(false)).status).toBe(200);
    expect((await t.http().get('/api/v1/approvals').set('X-Api-Key', rotated.body.key)).status).toBe(401);
    expect((await patch(true)).status).toBe(200);
    expect((await t.http().get('/api/v1/approvals').set('X-Api-Key', rotated.body.key)).status).toBe(200);
    expect((await t.http().delete(`/api/v1/admin/modules/${setup.moduleId}/keys/${rotated.body.id}`).set('Authorization', admin)).status).toBe(204);
    expect((await t.http().get('/api/v1/approvals').set('X-Api-Key', rotated.body.key)).status).toBe(401);
    expect(keys.status).toBe(200);
  });

  it('is described by the OpenAPI document the TypeScript client is checked against', async () => {
    const doc = await t.http().get('/api/docs-json');
    const { CLIENT_ROUTES } = await import('../../clients/ts/src/routes');
    for (const route of CLIENT_ROUTES) {
      const path = doc.body.paths[route.path];
      expect({ route, found: Boolean(path?.[route.method]) }).toEqual({ route, found: true });
    }
  });
});
