import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as MinioClient } from 'minio';
import S3rver from 's3rver';
import { DisposalExecutor } from '../../src/archive/disposal/disposal-executor.service';
import { PdfTools, pdfsigValidations } from '../../src/documents/__fixtures__/pdf-tools';
import { StorageService } from '../../src/storage/storage.service';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

const BUCKET = 'disposal-e2e';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Disposal lists (usul musnah) and transfers (serah) over HTTP on PostgreSQL, Redis and an S3
 * server: the list's letter goes through the usul-musnah workflow like any letter, its Berita
 * Acara Pemusnahan is signed (TTE) and checked by pdfsig, then the contents are gone from S3.
 */
describe('Archive disposal (usul musnah) and transfer (serah)', () => {
  let s3: S3rver;
  let s3Dir: string;
  let minio: MinioClient;
  let t: TestApp;
  let p: Record<string, string>;
  const tools = new PdfTools();
  let nssDb: string;

  const as = async (username: string) => `Bearer ${await t.token(username)}`;

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'esurat-s3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, configureBuckets: [], directory: s3Dir, resetOnClose: true });
    const { port } = await s3.run();
    minio = new MinioClient({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1' });
    t = await createTestApp({ STORAGE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER', S3_BUCKET: BUCKET });
    p = await positionIds(t);
    const [ca] = await t.sql<{ certificate_pem: string }>('SELECT certificate_pem FROM deployment_ca');
    nssDb = tools.nssDbTrusting([ca.certificate_pem]);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    rmSync(s3Dir, { recursive: true, force: true });
    tools.cleanup();
  });

  /** A surat dinas drafted by staf, initialled by Kasi, signed by the Kepala Dinas: numbered, with its PDFs in storage. */
  async function signedLetter(subject: string): Promise<string> {
    const letter = await draftLetter(t, { subject, reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    return letter.id;
  }

  /**
   * A berkas of the arsiparis holding the letters, then (as the retention would, years later)
   * inaktif with its inactive retention over on `inactiveUntil`.
   */
  async function dueBerkas(classificationCode: string, title: string, letterIds: string[], inactiveUntil = '2026-01-31'): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/archive/berkas')
      .set('Authorization', await as('arsiparis'))
      .send({ classificationCode, title, periodFrom: '2019-01-02', periodTo: '2019-12-30' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const added = await t.http().post(`/api/v1/archive/berkas/${id}/items`).set('Authorization', await as('arsiparis')).send({ letterIds });
    expect(added.status).toBeLessThan(300);
    await t.sql(`UPDATE berkas SET status = 'inaktif', closed_at = '2020-01-02', active_until = '2022-01-31', inactive_until = $2 WHERE id = $1`, [id, inactiveUntil]);
    return id;
  }

  async function objectKeysOf(letterId: string): Promise<{ id: string; key: string; sha256: string; deleted_at: Date | null }[]> {
    return t.sql(
      `SELECT o.id, o.key, o.sha256, o.deleted_at FROM stored_object o
        WHERE o.id IN (SELECT object_id FROM letter_document WHERE letter_id = $1 UNION SELECT scan_object_id FROM incoming_letter WHERE letter_id = $1)
        ORDER BY o.key`,
      [letterId],
    );
  }

  const inS3 = (key: string) =>
    minio.statObject(BUCKET, key).then(
      () => true,
      () => false,
    );

  async function download(path: string, username: string) {
    return t
      .http()
      .get(path)
      .set('Authorization', await as(username))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  it('a disposal list goes from draft through the Panitia Penilai and the signer to a signed Berita Acara, then the contents are gone from S3', async () => {
    const outgoing = await signedLetter('Undangan Rapat Koordinasi SPBE 2019');
    const incoming = (await registerIncoming(t, { subject: 'Permohonan Data Statistik Sektoral 2019', addressee: 'KADIS-KOMINFO' })).id;
    const berkasId = await dueBerkas('500.12.6.1', 'Naskah dinas rutin Bidang Aptika tahun 2019', [outgoing, incoming]);
    const before = [...(await objectKeysOf(outgoing)), ...(await objectKeysOf(incoming))];
    expect(before.length).toBeGreaterThanOrEqual(3);
    for (const o of before) expect(await inS3(o.key)).toBe(true);
    const [numbered] = await t.sql<{ number: string }>('SELECT number FROM letter WHERE id = $1', [outgoing]);

    const drafted = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [berkasId] });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ status: 'proposed', letterState: 'draft', letterCount: 2, destroyedCount: 0, berkas: [{ id: berkasId, status: 'diusulkan_musnah', period: '2019', letterCount: 2 }] });
    const listId = drafted.body.id as string;
    const letterId = drafted.body.letterId as string;

    const view = await t.http().get(`/api/v1/letters/${letterId}`).set('Authorization', await as('arsiparis')).expect(200);
    expect(view.body).toMatchObject({ type: 'usul-musnah', state: 'draft', classificationCode: '000.5.6.2' });
    expect(view.body.routes.reviewers.steps.map((s: { positionIds: string[] }) => s.positionIds)).toEqual([[p['KETUA-PANITIA-PENILAI-ARSIP']], [p['ANGGOTA-PANITIA-PENILAI-ARSIP']]]);
    expect(view.body.routes.signers.steps.map((s: { positionIds: string[] }) => s.positionIds)).toEqual([[p.SEKDA]]);

    expect((await fire(t, letterId, 'arsiparis', 'submit')).body.state).toBe('review');
    // The Sekda may not sign before the panel has assessed it.
    expect((await fire(t, letterId, 'sekda', 'sign')).body.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await fire(t, letterId, 'ketua.ppa', 'approve')).body.state).toBe('review');
    expect((await fire(t, letterId, 'anggota.ppa', 'approve')).body.state).toBe('awaiting_signature');
    const signed = await fire(t, letterId, 'sekda', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('destroyed');

    const ba = await download(`/api/v1/letters/${letterId}/document`, 'arsiparis');
    expect(ba.status).toBe(200);
    const report = tools.pdfsig(ba.body, nssDb);
    expect(pdfsigValidations(report)).toEqual(['Signature is Valid.']);
    expect(report).toContain('ETSI.CAdES.detached');
    const text = tools.pdftotext(ba.body).replace(/\s+/g, ' ');
    const [{ number: baNumber }] = await t.sql<{ number: string }>('SELECT number FROM letter WHERE id = $1', [letterId]);
    expect(baNumber).toMatch(/^000\.5\.6\.2\/\d+\/BAP\/Setda\/\d{4}$/);
    for (const expected of ['BERITA ACARA PEMUSNAHAN ARSIP', `NOMOR ${baNumber}`, 'Naskah dinas rutin Bidang Aptika tahun 2019', '500.12.6.1', '2 naskah', 'Sekretaris Daerah']) {
      expect(text).toContain(expected);
    }

    const executed = await eventually(async () => {
      const res = await t.http().get(`/api/v1/archive/disposals/${listId}`).set('Authorization', await as('arsiparis'));
      return res.body.status === 'executed' && res.body;
    }, 30_000);
    expect(executed).toMatchObject({ destroyedCount: 2, beritaAcaraNumber: baNumber, berkas: [{ status: 'musnah' }] });
    // The archivist's list of lists shows it, its state in the workflow's words; others are refused.
    const lists = await t.http().get('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).expect(200);
    expect(lists.body.find((l: { id: string }) => l.id === listId)).toMatchObject({ letterId, status: 'executed', letterState: 'destroyed', letterStateLabel: 'Berita acara ditandatangani, arsip dimusnahkan', beritaAcaraNumber: baNumber });
    expect((await t.http().get('/api/v1/archive/disposals').set('Authorization', await as('staf.kominfo')).expect(403)).body.code).toBe('ARCHIVIST_ONLY');

    // The bytes are gone from S3; the rows, their SHA-256 and the letter's number stay.
    const after = [...(await objectKeysOf(outgoing)), ...(await objectKeysOf(incoming))];
    expect(after.map((o) => [o.id, o.sha256])).toEqual(before.map((o) => [o.id, o.sha256]));
    for (const o of after) {
      expect(o.deleted_at).not.toBeNull();
      expect(await inS3(o.key)).toBe(false);
    }
    expect((await t.sql('SELECT number FROM letter WHERE id = $1', [outgoing]))[0].number).toBe(numbered.number);
    // The berita acara itself is kept.
    expect((await download(`/api/v1/letters/${letterId}/document`, 'arsiparis')).status).toBe(200);

    // The letter page says it was destroyed, by which berita acara, with the hashes of what went.
    const page = await t.http().get(`/api/v1/letters/${outgoing}`).set('Authorization', await as('staf.kominfo')).expect(200);
    expect(page.body.number).toBe(numbered.number);
    expect(page.body.destruction).toMatchObject({ disposalListId: listId, beritaAcaraLetterId: letterId, beritaAcaraNumber: baNumber });
    const outgoingObjects = await objectKeysOf(outgoing);
    expect(page.body.destruction.objects.map((o: { sha256: string }) => o.sha256).sort()).toEqual(outgoingObjects.map((o) => o.sha256).sort());
    expect((await download(`/api/v1/letters/${outgoing}/document`, 'staf.kominfo')).status).toBe(404);
    const audit = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'disposal.destroy_letter' AND object_id = ANY($1::text[])`, [[outgoing, incoming]]);
    expect(audit[0].n).toBe(2);

    // Running the execution again destroys nothing twice and records nothing twice.
    await t.sql(`UPDATE disposal_list SET status = 'executing' WHERE id = $1`, [listId]);
    const resumed = await t.http().post(`/api/v1/archive/disposals/${listId}/resume`).set('Authorization', await as('arsiparis'));
    expect(resumed.status).toBe(200);
    await eventually(async () => (await t.sql(`SELECT 1 FROM disposal_list WHERE id = $1 AND status = 'executed'`, [listId])).length > 0, 30_000);
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM destroyed_letter WHERE disposal_list_id = $1`, [listId]))[0].n).toBe(2);
  });

  it('an execution that dies midway resumes where it stopped, destroying and recording each letter once', async () => {
    const letters = [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id, (await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id].sort();
    const berkasId = await dueBerkas('500.12.6.1', 'Berkas untuk uji kegagalan pekerja', letters);
    const drafted = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [berkasId] });
    expect(drafted.status).toBe(201);
    const listId = drafted.body.id as string;
    // As the destroyContents action leaves a signed list; the job is run here by hand, not by the relay.
    await t.sql(`UPDATE disposal_list SET status = 'executing' WHERE id = $1`, [listId]);
    const executor = t.app.get(DisposalExecutor);
    const storage = t.app.get(StorageService);
    const [second] = await objectKeysOf(letters[1]);
    const realDelete = storage.delete.bind(storage);
    // The worker dies while deleting the second letter's scan.
    const dying = jest.spyOn(storage, 'delete').mockImplementation(async (id, manager) => {
      if (id === second.id) throw new Error('worker killed');
      return realDelete(id, manager);
    });
    await expect(executor.execute({ disposalListId: listId })).rejects.toThrow('worker killed');
    dying.mockRestore();
    expect((await t.sql('SELECT letter_id FROM destroyed_letter WHERE disposal_list_id = $1', [listId])).map((r) => r.letter_id)).toEqual([letters[0]]);
    expect(await inS3(second.key)).toBe(true);
    expect((await t.sql('SELECT status FROM disposal_list WHERE id = $1', [listId]))[0].status).toBe('executing');

    await executor.execute({ disposalListId: listId });
    expect((await t.sql('SELECT letter_id FROM destroyed_letter WHERE disposal_list_id = $1 ORDER BY letter_id', [listId])).map((r) => r.letter_id)).toEqual(letters);
    expect(await inS3(second.key)).toBe(false);
    expect((await t.sql('SELECT status FROM disposal_list WHERE id = $1', [listId]))[0].status).toBe('executed');
    const audited = await t.sql<{ object_id: string; n: number }>(
      `SELECT object_id, count(*)::int AS n FROM audit_entry WHERE action = 'disposal.destroy_letter' AND object_id = ANY($1::text[]) GROUP BY object_id ORDER BY object_id`,
      [letters],
    );
    expect(audited).toEqual(letters.map((id) => ({ object_id: id, n: 1 })));
  });

  it('refuses a berkas under a legal hold at drafting, and again at the signature when the hold came later', async () => {
    const held = await dueBerkas('500.12.6.1', 'Berkas perkara pengadaan 2019', [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id]);
    const hold = await t.http().post(`/api/v1/archive/berkas/${held}/legal-hold`).set('Authorization', await as('arsiparis')).send({ reason: 'Perkara di Pengadilan Negeri Pekalongan' });
    expect(hold.status).toBeLessThan(300);
    const refused = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [held] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LEGAL_HOLD');
    expect((await t.sql('SELECT status FROM berkas WHERE id = $1', [held]))[0].status).toBe('inaktif');

    const later = await dueBerkas('500.12.6.1', 'Berkas surat rutin 2019', [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id]);
    const drafted = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [later] });
    expect(drafted.status).toBe(201);
    const letterId = drafted.body.letterId as string;
    await fire(t, letterId, 'arsiparis', 'submit');
    await fire(t, letterId, 'ketua.ppa', 'approve');
    await fire(t, letterId, 'anggota.ppa', 'approve');
    expect((await t.http().post(`/api/v1/archive/berkas/${later}/legal-hold`).set('Authorization', await as('arsiparis')).send({ reason: 'Pemeriksaan BPK' })).status).toBeLessThan(300);
    const sign = await fire(t, letterId, 'sekda', 'sign');
    expect(sign.status).toBe(409);
    expect(sign.body.code).toBe('LEGAL_HOLD');
    const [letter] = await t.sql('SELECT state, number FROM letter WHERE id = $1', [letterId]);
    expect(letter).toEqual({ state: 'awaiting_signature', number: null });
    // Rejecting the list releases its berkas.
    expect((await fire(t, letterId, 'sekda', 'reject', { comment: 'Masih ditahan untuk pemeriksaan.' })).body.state).toBe('rejected');
    expect((await t.sql('SELECT status FROM berkas WHERE id = $1', [later]))[0].status).toBe('inaktif');
    expect((await t.sql('SELECT status FROM disposal_list WHERE id = $1', [drafted.body.id]))[0].status).toBe('released');
  });

  it('refuses a berkas not yet due, one kept permanently, and a berkas named twice', async () => {
    const letter = (await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id;
    const notYet = await dueBerkas('500.12.6.1', 'Berkas yang masih inaktif', [letter], '2099-12-31');
    const res = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [notYet] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'BERKAS_NOT_DUE', details: { berkasIds: [notYet] } });
    const permanent = await dueBerkas('000.5.7', 'Alih media arsip 2019', [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id]);
    expect((await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [permanent] })).body.code).toBe('BERKAS_NOT_DUE');
    const twice = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as('arsiparis')).send({ berkasIds: [notYet, notYet] });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('DUPLICATE_BERKAS');
    expect((await t.sql('SELECT count(*)::int AS n FROM disposal_list'))[0].n).toBe(3);
  });

  it('builds a serah package whose manifest checks out, then marks the berkas transferred; only the arsiparis may', async () => {
    const outgoing = await signedLetter('Keputusan Pengelolaan Arsip Statis 2019');
    const rahasia = (await registerIncoming(t, { subject: 'Laporan Hasil Pemeriksaan Khusus', sifat: 'rahasia', addressee: 'KADIS-KOMINFO' })).id;
    const ordinary = (await registerIncoming(t, { subject: 'Permohonan Salinan Arsip Statis', addressee: 'KADIS-KOMINFO' })).id;
    // The arsiparis may not file a Rahasia letter; its berkas holds it all the same (filed by the rule's SQL here).
    const berkasId = await dueBerkas('000.5.7', 'Alih media arsip tahun 2019', [outgoing, ordinary]);
    await t.sql(`INSERT INTO berkas_item (letter_id, berkas_id, added_by_person_id) SELECT $1, $2, id FROM person WHERE username = 'arsiparis'`, [rahasia, berkasId]);

    const forbidden = await t.http().post('/api/v1/archive/transfers').set('Authorization', await as('staf.kominfo')).send({ berkasIds: [berkasId] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('ARCHIVIST_ONLY');
    const musnah = await dueBerkas('500.12.6.1', 'Bukan berkas permanen', [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id]);
    expect((await t.http().post('/api/v1/archive/transfers').set('Authorization', await as('arsiparis')).send({ berkasIds: [musnah] })).body.code).toBe('BERKAS_NOT_DUE');

    const built = await t.http().post('/api/v1/archive/transfers').set('Authorization', await as('arsiparis')).send({ berkasIds: [berkasId] });
    expect(built.status).toBe(201);
    expect(built.body).toMatchObject({ berkasIds: [berkasId] });
    expect(built.body.fileCount).toBeGreaterThanOrEqual(3);
    expect((await t.sql('SELECT status FROM berkas WHERE id = $1', [berkasId]))[0].status).toBe('diserahkan');

    expect((await download(`/api/v1/archive/transfers/${built.body.id}/package`, 'staf.kominfo')).status).toBe(403);
    expect((await download(`/api/v1/archive/transfers/00000000-0000-4000-8000-000000000000/package`, 'arsiparis')).status).toBe(404);
    const zip = await download(`/api/v1/archive/transfers/${built.body.id}/package`, 'arsiparis');
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(sha256(zip.body)).toBe(built.body.packageSha256);

    const dir = mkdtempSync(join(tmpdir(), 'esurat-serah-'));
    try {
      writeFileSync(join(dir, 'package.zip'), zip.body);
      execFileSync('unzip', ['-q', 'package.zip', '-d', 'out'], { cwd: dir });
      const manifest = readFileSync(join(dir, 'out', 'manifest-sha256.txt'), 'utf8').trim().split('\n');
      const listed = execFileSync('zipinfo', ['-1', 'package.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      const dataFiles = listed.filter((name) => name.startsWith('data/'));
      expect(manifest.map((line) => line.split('  ')[1]).sort()).toEqual(dataFiles.sort());
      for (const line of manifest) {
        const [digest, path] = line.split('  ');
        expect(sha256(readFileSync(join(dir, 'out', path)))).toBe(digest);
      }
      expect(listed).toEqual(expect.arrayContaining(['bagit.txt', 'manifest-sha256.txt', 'data/metadata.json', 'data/metadata.csv']));
      expect(dataFiles.filter((f) => f.endsWith('.pdf')).length).toBe(built.body.fileCount);
      const metadata = JSON.parse(readFileSync(join(dir, 'out', 'data', 'metadata.json'), 'utf8'));
      const [{ number }] = await t.sql<{ number: string }>('SELECT number FROM letter WHERE id = $1', [outgoing]);
      expect(metadata.letters.map((l: { letter: { id: string } }) => l.letter.id).sort()).toEqual([outgoing, rahasia, ordinary].sort());
      expect(metadata.letters.find((l: { letter: { id: string } }) => l.letter.id === outgoing).letter).toMatchObject({ number, classificationCode: '000.8.3.3' });
      // The recipient (ANRI / LKD) takes every letter with its subject, Rahasia included.
      expect(metadata.letters.find((l: { letter: { id: string } }) => l.letter.id === rahasia).letter).toMatchObject({ sifat: 'Rahasia', subject: 'Laporan Hasil Pemeriksaan Khusus' });
      const csv = readFileSync(join(dir, 'out', 'data', 'metadata.csv'), 'utf8');
      expect(csv.split('\r\n')[0]).toBe('berkas_number,unit,berkas_title,berkas_classification,period,letter_id,kind,number,date,classification,sifat,subject,files');
      expect(csv).toContain(number);
      expect(csv).toContain('Laporan Hasil Pemeriksaan Khusus');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Transferred once.
    expect((await t.http().post('/api/v1/archive/transfers').set('Authorization', await as('arsiparis')).send({ berkasIds: [berkasId] })).body.code).toBe('BERKAS_NOT_DUE');
  });

  it('a user who is not the arsiparis can neither draft a list nor read one', async () => {
    const berkasId = await dueBerkas('500.12.6.1', 'Berkas untuk uji akses', [(await registerIncoming(t, { addressee: 'KADIS-KOMINFO' })).id]);
    for (const username of ['staf.kominfo', 'kadis.kominfo', 'tu.kominfo']) {
      const res = await t.http().post('/api/v1/archive/disposals').set('Authorization', await as(username)).send({ berkasIds: [berkasId] });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ARCHIVIST_ONLY');
    }
    const [list] = await t.sql<{ id: string }>('SELECT id FROM disposal_list ORDER BY created_at LIMIT 1');
    expect((await t.http().get(`/api/v1/archive/disposals/${list.id}`).set('Authorization', await as('staf.kominfo'))).status).toBe(403);
    expect((await t.http().get(`/api/v1/archive/disposals/00000000-0000-4000-8000-000000000000`).set('Authorization', await as('arsiparis'))).status).toBe(404);
    expect((await t.sql('SELECT status FROM berkas WHERE id = $1', [berkasId]))[0].status).toBe('inaktif');
  });
});
