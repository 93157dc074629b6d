import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalEntry, canonicalJson, chainHash, GENESIS_HASH } from '../../src/audit/audit-canonical';
import { AuditCheckpointService } from '../../src/audit/audit-checkpoint.service';
import { AuditAction, AuditService } from '../../src/audit/audit.service';
import { runAuditVerify } from '../../src/audit/cli/audit-verify.command';
import { PrincipalService } from '../../src/auth/principal.service';
import { AbilityFactory } from '../../src/authz/ability.factory';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/jobs';
import { LetterWorkflowService } from '../../src/workflow/letter-workflow.service';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

interface Entry {
  seq: string;
  action: string;
  actor: { type: string; id: string | null };
  object: { type: string | null; id: string | null };
  letterId: string | null;
  details: Record<string, unknown>;
  client: { address: string | null; requestId: string | null };
}

describe('audit trail', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let ids: Record<string, string>;
  let auditor: string;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    const url = await receiver.start();
    t = await createTestApp({ AUDIT_CHECKPOINT_URL: url });
    ids = Object.fromEntries((await t.sql<{ username: string; id: string }>('SELECT username, id FROM person')).map((p) => [p.username, p.id]));
    Object.assign(ids, await positionIds(t));
    auditor = `Bearer ${await t.token('inspektur')}`;
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  const head = async () => Number((await t.sql('SELECT seq FROM audit_chain_head'))[0].seq);
  /** Every entry after `after` (a seq), as the auditor's API serves them. */
  const entriesAfter = async (after: number, filter: Record<string, string> = {}): Promise<Entry[]> => {
    const res = await t.http().get('/api/v1/audit/entries').query({ after: String(after), limit: '500', ...filter }).set('Authorization', auditor).expect(200);
    return res.body.items;
  };
  /** An entry's text with other details, written as audit_append() would have written it. */
  const rewrite = (canonical: string, seq: number, details: (old: Record<string, unknown>) => Record<string, unknown>) => {
    const body = JSON.parse(canonical.split('\n')[2]);
    return canonicalEntry(seq, canonicalJson({ ...body, details: details(body.details) }));
  };
  const verify = async (args: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAuditVerify(args, t.config, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('records logins and failed logins, never the password or an unknown username', async () => {
    const before = await head();
    await t.http().post('/api/v1/auth/login').send({ username: 'kasi.aptika', password: 'Demo#2026' }).set('X-Request-Id', 'req-login-1').expect(200);
    await t.http().post('/api/v1/auth/login').send({ username: 'kasi.aptika', password: 'salah-sandi' }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ username: 'Rahasia#Sandi1', password: 'x' }).expect(401);
    const entries = await entriesAfter(before);
    expect(entries.map((e) => [e.action, e.actor, e.details])).toEqual([
      ['auth.login', { type: 'person', id: ids['kasi.aptika'] }, {}],
      ['auth.login_failed', { type: 'person', id: ids['kasi.aptika'] }, { reason: 'wrong_password' }],
      ['auth.login_failed', { type: 'anonymous', id: null }, { reason: 'unknown_user' }],
    ]);
    expect(entries[0].client).toEqual({ address: expect.stringMatching(/127\.0\.0\.1/), requestId: 'req-login-1' });
    const stored = JSON.stringify(await t.sql('SELECT canonical, details FROM audit_entry WHERE seq > $1', [before]));
    expect(stored).not.toMatch(/salah-sandi|Rahasia#Sandi1|Demo#2026/);
  });

  it('records every transition in the statement that writes it, and nothing for one refused', async () => {
    const letter = await draftLetter(t);
    const [start] = await entriesAfter(0, { letterId: letter.id });
    expect(start).toMatchObject({ action: 'letter.transition', actor: { type: 'person', id: ids['staf.kominfo'] }, details: { event: '$start', historySeq: 1 } });
    const before = await head();
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    const stale = await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).send({ event: 'submit', version: 1 });
    expect(stale.status).toBe(409);
    const after = await entriesAfter(before, { letterId: letter.id });
    expect(after.map((e) => e.action)).toEqual(['letter.transition']);
    expect(after[0]).toMatchObject({ object: { type: 'letter', id: letter.id }, details: { event: 'submit', historySeq: 2, from: expect.any(String), to: expect.any(String) } });
    // The trail and the history agree on who did what, as which position.
    const [history] = await t.sql('SELECT event, actor_person_id, acted_as_position_id, capacity FROM letter_history WHERE letter_id = $1 AND seq = 2', [letter.id]);
    expect(history).toEqual({ event: 'submit', actor_person_id: after[0].actor.id, acted_as_position_id: after[0].details.actedAsPositionId, capacity: after[0].details.capacity });
  });

  it('writes no entry for a transition whose transaction rolls back', async () => {
    const letter = await draftLetter(t);
    const loaded = await t.app.get(PrincipalService).loadPerson(ids['staf.kominfo']);
    const ability = t.app.get(AbilityFactory).forPrincipal(loaded!.principal);
    const before = await head();
    await expect(
      t.app.get(LetterWorkflowService).fireWith(letter.id, loaded!.principal, ability, async () => ({ event: 'submit' }), async () => {
        throw new Error('a later write of the same transaction failed');
      }),
    ).rejects.toThrow('a later write');
    expect(await head()).toBe(before);
    expect(await t.sql('SELECT seq FROM audit_entry WHERE seq > $1', [before])).toEqual([]);
    expect(await t.sql('SELECT seq FROM letter_history WHERE letter_id = $1 AND seq > 1', [letter.id])).toEqual([]);
  });

  it('records reads of Rahasia letters, not of ordinary ones, and every download', async () => {
    const secret = await draftLetter(t, { sifat: 'rahasia' });
    const plain = await draftLetter(t);
    const staf = `Bearer ${await t.token('staf.kominfo')}`;
    // Entering review renders the PDF, in the workers after the commit.
    expect((await fire(t, secret.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await t.sql('SELECT current_document_id FROM letter WHERE id = $1', [secret.id]))[0].current_document_id, 30_000);
    const before = await head();
    await t.http().get(`/api/v1/letters/${secret.id}`).set('Authorization', staf).expect(200);
    await t.http().get(`/api/v1/letters/${secret.id}/history`).set('Authorization', staf).expect(200);
    await t.http().get(`/api/v1/letters/${plain.id}`).set('Authorization', staf).expect(200);
    await t.http().get(`/api/v1/letters/${secret.id}/document`).set('Authorization', staf).expect(200);
    const incoming = await registerIncoming(t);
    await t.http().get(`/api/v1/incoming-letters/${incoming.id}/scan`).set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`).expect(200);
    const reads = (await entriesAfter(before)).filter((e) => e.action !== 'letter.transition');
    expect(reads.filter((e) => e.action === 'letter.confidential_read').map((e) => [e.letterId, e.details])).toEqual([
      [secret.id, { part: 'letter', sifat: 'rahasia' }],
      [secret.id, { part: 'history', sifat: 'rahasia' }],
    ]);
    const downloads = reads.filter((e) => e.action === 'letter.document_download');
    expect(downloads.map((e) => [e.letterId, e.object.type, e.actor.id])).toEqual([
      [secret.id, 'letter_document', ids['staf.kominfo']],
      [incoming.id, 'incoming_scan', ids['kadis.kominfo']],
    ]);
    expect(downloads[0].details).toMatchObject({ sifat: 'rahasia', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // No subject, no body: the trail holds ids and facts only.
    expect(JSON.stringify(reads)).not.toMatch(/Permohonan Dukungan|Dalam rangka integrasi/);
  });

  it('records admin changes, delegations and API key issuance, rotation and revocation', async () => {
    const admin = `Bearer ${await t.token('admin')}`;
    const before = await head();
    const unit = await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Inspektorat', name: 'Inspektorat Daerah', parentId: ids.Pemkot }).expect(201);
    await t.http().patch(`/api/v1/people/${ids['kasi.aptika']}`).set('Authorization', admin).send({ password: 'Sandi-Baru#2026' }).expect(200);
    const mod = await t.http().post('/api/v1/admin/modules').set('Authorization', admin).send({ name: 'simral', scopes: ['approvals:read'] }).expect(201);
    const key = await t.http().post(`/api/v1/admin/modules/${mod.body.id}/keys`).set('Authorization', admin).send({}).expect(201);
    const rotated = await t.http().post(`/api/v1/admin/modules/${mod.body.id}/keys/${key.body.id}/rotate`).set('Authorization', admin).expect(201);
    await t.http().delete(`/api/v1/admin/modules/${mod.body.id}/keys/${rotated.body.id}`).set('Authorization', admin).expect(204);
    const kadis = `Bearer ${await t.token('kadis.kominfo')}`;
    const delegation = await t.http().post('/api/v1/delegations').set('Authorization', kadis)
      .send({ kind: 'plh', personId: ids['sekdis.kominfo'], positionId: ids['KADIS-KOMINFO'], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    await t.http().delete(`/api/v1/delegations/${delegation.body.id}`).set('Authorization', kadis).expect(200);
    const entries = (await entriesAfter(before)).filter((e) => !e.action.startsWith('auth.'));
    expect(entries.map((e) => [e.action, e.actor.id, e.object])).toEqual([
      ['unit.create', ids.admin, { type: 'unit', id: unit.body.id }],
      ['person.update', ids.admin, { type: 'person', id: ids['kasi.aptika'] }],
      ['module.create', ids.admin, { type: 'module', id: mod.body.id }],
      ['api_key.issue', ids.admin, { type: 'api_key', id: key.body.id }],
      ['api_key.rotate', ids.admin, { type: 'api_key', id: key.body.id }],
      ['api_key.revoke', ids.admin, { type: 'api_key', id: rotated.body.id }],
      ['delegation.create', ids['kadis.kominfo'], { type: 'delegation', id: delegation.body.id }],
      ['delegation.revoke', ids['kadis.kominfo'], { type: 'delegation', id: delegation.body.id }],
    ]);
    expect(entries[1].details).toEqual({ fields: ['password'] });
    expect(entries[4].details).toMatchObject({ successorId: rotated.body.id });
    const stored = JSON.stringify(await t.sql('SELECT canonical FROM audit_entry WHERE seq > $1', [before]));
    expect(stored).not.toContain('Sandi-Baru');
    expect(stored).not.toContain(key.body.key);
    // A refused change writes nothing.
    const at = await head();
    await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Inspektorat', name: 'Dua kali' }).expect(409);
    expect(await head()).toBe(at);
  });

  it('lists entries for a letter or a person to auditors and admins only, page by page', async () => {
    const letter = await draftLetter(t);
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    const first = await t.http().get('/api/v1/audit/entries').query({ letterId: letter.id, limit: '1' }).set('Authorization', auditor).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ letterId: letter.id, details: { event: '$start' }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const second = await t.http().get('/api/v1/audit/entries').query({ letterId: letter.id, after: first.body.next }).set('Authorization', auditor).expect(200);
    expect(second.body).toMatchObject({ items: [{ details: { event: 'submit' } }], next: null });
    const byPerson = await t.http().get('/api/v1/audit/entries').query({ personId: ids['kasi.aptika'] }).set('Authorization', `Bearer ${await t.token('admin')}`).expect(200);
    expect(byPerson.body.items.length).toBeGreaterThan(0);
    for (const e of byPerson.body.items) expect([e.actor.id, e.object.id]).toContain(ids['kasi.aptika']);
    const refused = await t.http().get('/api/v1/audit/entries').set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const bad = await t.http().get('/api/v1/audit/entries').query({ letterId: 'bukan-uuid', after: '-1' }).set('Authorization', auditor).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the trail and of letter history, and the deletion of a letter with history', async () => {
    const letter = await draftLetter(t);
    for (const statement of [
      'UPDATE audit_entry SET details = \'{}\' WHERE seq = 1',
      'DELETE FROM audit_entry WHERE seq = 1',
      'TRUNCATE audit_entry',
      `UPDATE letter_history SET actor_person_id = '${ids['kadis.kominfo']}' WHERE letter_id = '${letter.id}'`,
      `DELETE FROM letter_history WHERE letter_id = '${letter.id}'`,
      'TRUNCATE letter_history CASCADE',
      'UPDATE audit_chain_head SET seq = 1',
      'DELETE FROM audit_chain_head',
      'UPDATE audit_checkpoint SET head_seq = 0',
    ]) {
      await expect(t.sql(statement)).rejects.toThrow(/append-only|only moves forward/);
    }
    await expect(t.sql('DELETE FROM letter WHERE id = $1', [letter.id])).rejects.toThrow(/fk_letter_history_letter_id/);
  });

  it('chains entries appended by many transactions at once without a gap, each once, after they commit', async () => {
    const audit = t.app.get(AuditService);
    const before = await head();
    // 50 concurrent transactions, each with its entry (no lock is held between append and commit).
    await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        audit.within(
          async (tx) => (await tx.query(`SELECT pg_sleep(0.01), $1::int AS n`, [n]))[0].n as number,
          (n) => ({ action: AuditAction.PersonUpdate, object: { type: 'person', id: ids.admin }, details: { fields: ['name'], burst: n } }),
        ),
      ),
    );
    // Chained before each transaction's caller went on: nothing pending, seqs contiguous.
    expect(await head()).toBe(before + 50);
    expect(await t.sql('SELECT id FROM audit_pending')).toEqual([]);
    const rows = await t.sql<{ seq: string; burst: number }>(`SELECT seq::text AS seq, (details ->> 'burst')::int AS burst FROM audit_entry WHERE seq > $1 ORDER BY audit_entry.seq`, [before]);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 50 }, (_, i) => before + 1 + i));
    expect(rows.map((r) => r.burst).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect((await verify()).code).toBe(0);
  });

  it('keeps a pending entry from being changed or removed until audit_chain() chains it', async () => {
    const before = await head();
    // Strings that JSON must escape: the verifier's text check rebuilds them as jsonb prints them.
    const body = canonicalJson({
      at: new Date().toISOString(),
      actor: { type: 'system', id: null },
      client: { address: null, requestId: 'quote " backslash \\ newline \n tab \t bell \u0007 é 日本' },
      action: 'unit.update',
      object: { type: 'unit', id: 'x"y' },
      letterId: null,
      details: { note: 'a "b" \\ c', n: 1, list: ['é', null, true] },
    });
    const [{ id }] = await t.sql<{ id: string }>('SELECT audit_append($1)::text AS id', [body]);
    expect(await head()).toBe(before);
    for (const statement of [`UPDATE audit_pending SET action = 'auth.login' WHERE id = ${id}`, `DELETE FROM audit_pending WHERE id = ${id}`, 'TRUNCATE audit_pending']) {
      await expect(t.sql(statement)).rejects.toThrow(/leave only into the chain|append-only/);
    }
    // An entry left pending (as by a crash after the commit) is chained by audit:verify first.
    const ok = await verify();
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(await head()).toBe(before + 1);
    expect(await t.sql('SELECT seq::text AS seq FROM audit_entry WHERE pending_id = $1', [id])).toEqual([{ seq: String(before + 1) }]);
    expect(await t.sql('SELECT id FROM audit_pending')).toEqual([]);
    // The text as audit_append() stored it is the verifier's concatenation for every entry, and the jsonb shape too.
    const [mismatch] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE canonical IS DISTINCT FROM audit_canonical(seq, jsonb_build_object(
         'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'actor', jsonb_build_object('type', actor_type, 'id', actor_id),
         'client', jsonb_build_object('address', client_address, 'requestId', request_id), 'action', action,
         'object', jsonb_build_object('type', object_type, 'id', object_id), 'letterId', letter_id, 'details', details))`,
    );
    expect(mismatch.n).toBe(0);
    const [row] = await t.sql<{ canonical: string }>('SELECT canonical FROM audit_entry WHERE seq = $1', [before + 1]);
    expect(row.canonical).toBe(canonicalEntry(before + 1, body));
  });

  it('signs and sends checkpoints on a schedule, and audit:verify checks every link and checkpoint', async () => {
    const scheduler = await t.app.get(JobQueue).queue(QueueName.Workflow).getJobScheduler('audit-checkpoint');
    expect(scheduler).toMatchObject({ name: 'audit.checkpoint', every: t.config.AUDIT_CHECKPOINT_EVERY_MS });
    const { checkpoint } = await t.app.get(AuditCheckpointService).run();
    expect(checkpoint).toMatchObject({ headSeq: String(await head()) });
    const sent = await eventually(async () => receiver.received.find((r) => r.rawBody.includes(`"id":"${checkpoint!.id}"`)));
    const body = JSON.parse(sent.rawBody);
    expect(body).toMatchObject({ headSeq: checkpoint!.headSeq, headHash: checkpoint!.headHash, signature: checkpoint!.signature, certificatePem: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(await t.sql('SELECT checkpoint_id::text AS id FROM audit_checkpoint_delivery')).toContainEqual({ id: checkpoint!.id });
    const file = join(mkdtempSync(join(tmpdir(), 'esurat-audit-')), 'checkpoint.json');
    writeFileSync(file, sent.rawBody);

    const ok = await verify(['--checkpoint', file]);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toMatch(new RegExp(`^${await head()} entries checked`));

    // A forged entry (the trigger disabled, as only a superuser can): named by its seq.
    const target = 3;
    const [original] = await t.sql('SELECT details, canonical FROM audit_entry WHERE seq = $1', [target]);
    await t.sql('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    try {
      await t.sql(`UPDATE audit_entry SET details = '{"reason": "forged"}' WHERE seq = $1`, [target]);
      const forged = await verify();
      expect(forged.code).toBe(1);
      expect(forged.err).toContain(`BROKEN at entry ${target}: its stored text does not match its columns`);
      // The text rewritten to match the columns, the hash not: still entry 3.
      await t.sql('UPDATE audit_entry SET canonical = $2 WHERE seq = $1', [target, rewrite(original.canonical, target, () => ({ reason: 'forged' }))]);
      expect((await verify()).err).toContain(`BROKEN at entry ${target}: its hash is not sha256(prev_hash || text)`);
    } finally {
      await t.sql('UPDATE audit_entry SET details = $2, canonical = $3 WHERE seq = $1', [target, original.details, original.canonical]);
      await t.sql('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    }
    expect((await verify()).code).toBe(0);

    // The links, checked apart from each entry's own hash: a prev_hash replaced, its hash made
    // to match; then an entry removed (the entries around it untouched).
    const [link] = await t.sql<{ prev_hash: Buffer; hash: Buffer; canonical: string }>('SELECT prev_hash, hash, canonical FROM audit_entry WHERE seq = $1', [target]);
    const [removed] = await t.sql('SELECT * FROM audit_entry WHERE seq = $1', [target + 1]);
    await t.sql('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    try {
      const other = Buffer.alloc(32, 7);
      await t.sql('UPDATE audit_entry SET prev_hash = $2, hash = $3 WHERE seq = $1', [target, other, chainHash(other, link.canonical)]);
      expect((await verify()).err).toContain(`BROKEN at entry ${target}: its prev_hash is not the previous entry hash`);
      await t.sql('UPDATE audit_entry SET prev_hash = $2, hash = $3 WHERE seq = $1', [target, link.prev_hash, link.hash]);
      await t.sql('DELETE FROM audit_entry WHERE seq = $1', [target + 1]);
      expect((await verify()).err).toContain(`BROKEN at entry ${target + 1}: entries ${target + 1} to ${target + 1} are missing`);
    } finally {
      await t.sql('UPDATE audit_entry SET prev_hash = $2, hash = $3 WHERE seq = $1', [target, link.prev_hash, link.hash]);
      if ((await t.sql('SELECT 1 FROM audit_entry WHERE seq = $1', [target + 1])).length === 0) {
        const columns = Object.keys(removed);
        await t.sql(`INSERT INTO audit_entry (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => removed[c]));
      }
      await t.sql('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    }
    expect((await verify()).code).toBe(0);

    // The operator rewrites the whole chain consistently from entry 2 on: every link holds,
    // but the checkpoint signed and sent before no longer matches.
    await t.sql('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await t.sql('ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_forward');
    try {
      const rows = await t.sql<{ seq: string; canonical: string }>('SELECT seq::text AS seq, canonical FROM audit_entry ORDER BY audit_entry.seq');
      let prev: Buffer = GENESIS_HASH;
      for (const row of rows) {
        const canonical = row.seq === '2' ? rewrite(row.canonical, 2, (details) => ({ ...details, rewritten: true })) : row.canonical;
        const hash = chainHash(prev, canonical);
        if (row.seq !== '1') {
          await t.sql(`UPDATE audit_entry SET canonical = $2, details = split_part($2, chr(10), 3)::jsonb -> 'details', prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, canonical, prev, hash]);
        }
        prev = hash;
      }
      await t.sql('UPDATE audit_chain_head SET hash = $1', [prev]);
      const rewritten = await verify(['--checkpoint', file]);
      expect(rewritten.code).toBe(1);
      expect(rewritten.err).not.toContain('BROKEN at entry');
      expect(rewritten.err).toContain(`BROKEN ${file} #1: entry ${checkpoint!.headSeq} is not the one it signed`);
      expect(rewritten.err).toContain(`BROKEN checkpoint ${checkpoint!.id}: entry ${checkpoint!.headSeq} is not the one it signed`);
    } finally {
      await t.sql('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      await t.sql('ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_forward');
    }
  });
});
