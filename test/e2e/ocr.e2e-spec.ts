import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { createTestPki } from '../../src/documents/__fixtures__/test-pki';
import { StorageService } from '../../src/storage/storage.service';
import { OutboxRelay } from '../../src/workflow/outbox/outbox-relay.service';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually } from '../factories/letters.factory';
import { corruptScan, imageOnlyScan, pdfText, textPdf } from '../factories/ocr.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// OCR runs ocrmypdf for real: a page takes a few seconds on one core.
jest.setTimeout(180_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('OCR of scans and the text of attachments', () => {
  let t: TestApp;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const get = async (path: string, username: string, status?: number) => {
    const res = await t.http().get(path).set('Authorization', await auth(username));
    if (status !== undefined && res.status !== status) throw new Error(`GET ${path} as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const binary = async (path: string, username: string): Promise<Buffer> => {
    const res = await t
      .http()
      .get(path)
      .set('Authorization', await auth(username))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  };
  const texts = async (letterId: string, username = 'tu.kominfo') => (await get(`/api/v1/letters/${letterId}/texts`, username, 200)).body;
  const settled = (letterId: string, ms = 120_000) =>
    eventually(async () => {
      const [row] = await texts(letterId);
      return row && (row.status === 'done' || row.status === 'failed') ? row : undefined;
    }, ms);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('OCRs an image-only scan: waiting, running, done; the words in the text, a PDF/A with a text layer beside the byte-exact original', async () => {
    // An event of a type no relay knows (yet) waits pending and never holds up the others.
    await t.sql(`INSERT INTO outbox_event (letter_id, type, payload) VALUES (NULL, 'future.kind', '{}')`);
    const scan = await imageOnlyScan();
    expect(pdfText(scan).trim()).toBe('');
    // Two scans at once: with one OCR job at a time, the second waits while the first runs.
    const first = await registerIncoming(t, { pdf: scan });
    const second = await registerIncoming(t, { pdf: await imageOnlyScan(['SURAT EDARAN', 'Perihal: Pemeliharaan jaringan internet'])});
    expect(['waiting', 'running']).toContain(first.body.incoming.scanText.status);
    expect(second.body.incoming.scanText).toMatchObject({ status: 'waiting', source: null, attachmentId: null });

    const seen: string[] = [];
    const done = await eventually(async () => {
      const [row] = await texts(second.id);
      if (seen[seen.length - 1] !== row.status) seen.push(row.status);
      return row.status === 'done' ? row : undefined;
    }, 120_000);
    expect(seen).toEqual(['waiting', 'running', 'done'].slice(3 - seen.length));
    expect(seen).toContain('running');
    expect(done.text).toMatch(/Pemeliharaan jaringan internet/);

    const row = await settled(first.id);
    expect(row).toMatchObject({ status: 'done', source: 'ocr', pageCount: 1, failureReason: null });
    for (const word of ['PEMERINTAH', 'Permohonan', 'penggunaan', 'gedung', 'kecamatan']) expect(row.text).toContain(word);
    expect(row.ocrText).toBe(row.text);
    expect(row.meanConfidence).toBeGreaterThan(80);
    expect(row.lowConfidencePages).toEqual([]);
    expect(row.needsReview).toBe(false);

    // The original: the same bytes as uploaded, under the same SHA-256.
    const original = await binary(`/api/v1/incoming-letters/${first.id}/scan`, 'kadis.kominfo');
    expect(original.equals(scan)).toBe(true);
    const [stored] = await t.sql('SELECT o.sha256 FROM incoming_letter il JOIN stored_object o ON o.id = il.scan_object_id WHERE il.letter_id = $1', [first.id]);
    expect(stored.sha256).toBe(sha256(scan));
    // The searchable version: a PDF/A with the words in its text layer, under its own SHA-256.
    const pdfa = await binary(`/api/v1/letters/${first.id}/texts/${row.id}/searchable-pdf`, 'kadis.kominfo');
    expect(sha256(pdfa)).toBe(row.searchablePdf.sha256);
    expect(row.searchablePdf.objectId).not.toBe(row.objectId);
    expect(pdfa.toString('latin1')).toMatch(/pdfaid:part[^0-9]*2/);
    expect(pdfText(pdfa)).toContain('Permohonan izin penggunaan gedung');

    const details = await get(`/api/v1/incoming-letters/${first.id}`, 'kadis.kominfo', 200);
    expect(details.body.incoming.scanText).toMatchObject({ status: 'done', source: 'ocr', searchablePdf: { sha256: row.searchablePdf.sha256 } });
    expect(details.body.incoming.scanText.text).toBeUndefined();
    // Search is told in the text's transaction, and finds the letter by a word only OCR read.
    const events = await t.sql(`SELECT payload FROM outbox_event WHERE type = 'search.index' AND letter_id = $1`, [first.id]);
    expect(events).toContainEqual({ payload: { letterId: first.id } });
    await eventually(async () => {
      const found = await get('/api/v1/search?q=kecamatan', 'kadis.kominfo', 200);
      return found.body.items.some((i: { id: string }) => i.id === first.id);
    }, 30_000);
    expect(await t.sql(`SELECT dispatched_at FROM outbox_event WHERE type = 'future.kind'`)).toEqual([{ dispatched_at: null }]);
  });

  it("reads a text PDF's own text layer without OCR and never rewrites it; the attachment list shows it", async () => {
    const letter = await draftLetter(t);
    const pdf = await textPdf(['Rincian anggaran kegiatan', 'Pengadaan perangkat jaringan']);
    const added = await t
      .http()
      .post(`/api/v1/letters/${letter.id}/attachments`)
      .set('Authorization', await auth('staf.kominfo'))
      .attach('file', pdf, { filename: 'rincian.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(added.body.text).toMatchObject({ attachmentId: added.body.id });
    const row = await eventually(async () => {
      const [r] = await texts(letter.id, 'staf.kominfo');
      return r?.status === 'done' ? r : undefined;
    }, 60_000);
    expect(row).toMatchObject({ source: 'text-layer', attachmentId: added.body.id, searchablePdf: null, meanConfidence: null, ocrText: null, pageCount: 1 });
    expect(row.text).toContain('Pengadaan perangkat jaringan');
    const list = await get(`/api/v1/letters/${letter.id}/attachments`, 'staf.kominfo', 200);
    expect(list.body[0].text).toMatchObject({ status: 'done', source: 'text-layer' });
    const original = await binary(`/api/v1/letters/${letter.id}/attachments/${added.body.id}`, 'staf.kominfo');
    expect(original.equals(pdf)).toBe(true);
    expect((await get(`/api/v1/letters/${letter.id}/texts/${row.id}/searchable-pdf`, 'staf.kominfo')).body.code).toBe('SEARCHABLE_PDF_NOT_FOUND');

    // The attachment removed: its text goes with it, and search is told.
    const searchEvents = async () => (await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'search.index' AND letter_id = $1`, [letter.id]))[0].n;
    const beforeRemoval = await searchEvents();
    await t.http().delete(`/api/v1/letters/${letter.id}/attachments/${added.body.id}`).set('Authorization', await auth('staf.kominfo')).expect(204);
    expect(await texts(letter.id, 'staf.kominfo')).toEqual([]);
    expect(await searchEvents()).toBe(beforeRemoval + 1);
  });

  it('an OCR job lost with Redis is queued again from its outbox event while its file still waits', async () => {
    const letter = await draftLetter(t);
    const object = await t.app.get(StorageService).put(await textPdf(['Nota dinas yang hilang dari antrean']), { purpose: 'incoming-scan', contentType: 'application/pdf' });
    // As if relayed an hour ago into a Redis that then lost it: no job exists.
    const [row] = await t.sql(`INSERT INTO letter_text (letter_id, object_id, status) VALUES ($1, $2, 'waiting') RETURNING id`, [letter.id, object.id]);
    await t.sql(`INSERT INTO outbox_event (letter_id, type, payload, dispatched_at) VALUES ($1, 'ocr.extract', $2, now() - interval '1 hour')`, [letter.id, { letterTextId: row.id }]);
    expect(await t.app.get(OutboxRelay).redispatchLost(0)).toBeGreaterThanOrEqual(1);
    const done = await eventually(async () => {
      const [r] = await t.sql('SELECT status, source, text FROM letter_text WHERE id = $1', [row.id]);
      return r.status === 'done' ? r : undefined;
    }, 60_000);
    expect(done).toMatchObject({ source: 'text-layer', text: expect.stringContaining('hilang dari antrean') });
  });

  it('never rewrites a signed scan: its text is read, no PDF/A is made, its bytes stay', async () => {
    const { officials } = await createTestPki([{ name: 'Kepala Dinas Kesehatan', nip: '197009091998031006' }]);
    const signed = Buffer.from(await officials[0].signer.sign(await imageOnlyScan(), { reason: 'Surat asli' }));
    const letter = await registerIncoming(t, { pdf: signed });
    const row = await settled(letter.id);
    expect(row).toMatchObject({ status: 'done', source: 'ocr', searchablePdf: null });
    expect(row.text).toContain('Permohonan');
    const original = await binary(`/api/v1/incoming-letters/${letter.id}/scan`, 'kadis.kominfo');
    expect(original.equals(signed)).toBe(true);
    const objects = await t.sql(`SELECT count(*)::int AS n FROM stored_object WHERE purpose = 'ocr-pdfa' AND id IN (SELECT ocr_object_id FROM letter_text WHERE letter_id = $1)`, [letter.id]);
    expect(objects[0].n).toBe(0);
  });

  it('a corrupt scan fails once with a reason; the original is kept and nothing is retried', async () => {
    const bad = await corruptScan();
    const letter = await registerIncoming(t, { pdf: bad });
    const row = await settled(letter.id);
    expect(row.status).toBe('failed');
    expect(row.failureReason).toMatch(/OCR failed|cannot be read/);
    expect(row.text).toBeNull();
    const [{ attempts }] = await t.sql('SELECT attempts FROM letter_text WHERE id = $1', [row.id]);
    expect(attempts).toBe(1);
    expect((await binary(`/api/v1/incoming-letters/${letter.id}/scan`, 'kadis.kominfo')).equals(bad)).toBe(true);
    const details = await get(`/api/v1/incoming-letters/${letter.id}`, 'tu.kominfo', 200);
    expect(details.body.incoming.scanText).toMatchObject({ status: 'failed', failureReason: row.failureReason });
    // Text that was never read cannot be corrected.
    const refused = await t.http().put(`/api/v1/letters/${letter.id}/texts/${row.id}`).set('Authorization', await auth('tu.kominfo')).send({ text: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LETTER_TEXT_NOT_READY');
  });

  it('a scan over the page-size limit fails with the limit named, before any OCR', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([2835, 2835]); // 1 m square: a plan, not a letter
    const letter = await registerIncoming(t, { pdf: Buffer.from(await doc.save()) });
    const row = await settled(letter.id, 30_000);
    expect(row).toMatchObject({ status: 'failed', searchablePdf: null, text: null });
    expect(row.failureReason).toMatch(/page 1 is 1000 × 1000 mm.*OCR_MAX_PAGE_SIDE_MM/);
  });

  it('TU of the registering unit corrects the OCR text (audited; search reads the correction); others may not', async () => {
    const letter = await registerIncoming(t, { pdf: await imageOnlyScan() });
    const row = await settled(letter.id);
    const url = `/api/v1/letters/${letter.id}/texts/${row.id}`;
    const corrected = 'PEMERINTAH KOTA PEKALONGAN\nPerihal: Permohonan izin penggunaan gedung serbaguna';

    // The addressee sees the letter but is not its TU; another unit's official does not see it at all.
    const addressee = await t.http().put(url).set('Authorization', await auth('kadis.kominfo')).send({ text: corrected });
    expect(addressee.status).toBe(403);
    expect(addressee.body.code).toBe('NOT_THE_REGISTERING_UNIT');
    const stranger = await t.http().put(url).set('Authorization', await auth('kadis.dinkes')).send({ text: corrected });
    expect(stranger.status).toBe(404);
    expect((await get(url, 'kadis.dinkes')).status).toBe(404);
    const bad = await t.http().put(url).set('Authorization', await auth('tu.kominfo')).send({ text: 42 });
    expect(bad.status).toBe(400);

    const before = Number((await t.sql('SELECT max(seq) AS seq FROM audit_entry'))[0].seq);
    const searchEvents = async () => (await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'search.index' AND letter_id = $1`, [letter.id]))[0].n;
    const eventsBefore = await searchEvents();
    const ok = await t.http().put(url).set('Authorization', await auth('tu.kominfo')).send({ text: corrected }).expect(200);
    expect(ok.body).toMatchObject({ source: 'corrected', text: corrected, ocrText: row.text, needsReview: false, correctedAt: expect.any(String) });
    const audit = await t.sql(`SELECT action, object_type, details FROM audit_entry WHERE seq > $1 AND action = 'letter.text_correct'`, [before]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('serbaguna');
    expect(await searchEvents()).toBe(eventsBefore + 1);
    const [stored] = await t.sql('SELECT text, source FROM letter_text WHERE id = $1', [row.id]);
    expect(stored).toEqual({ text: corrected, source: 'corrected' });
  });

  it("never shows a Rahasia letter's text to someone who may not see the letter", async () => {
    const letter = await registerIncoming(t, { pdf: await imageOnlyScan(), sifat: 'rahasia' });
    const row = await settled(letter.id);
    expect(row.status).toBe('done');
    expect((await get(`/api/v1/letters/${letter.id}/texts`, 'kadis.kominfo', 200)).body[0].text).toContain('Permohonan');
    for (const username of ['staf.kominfo', 'arsiparis', 'kadis.dinkes']) {
      const list = await get(`/api/v1/letters/${letter.id}/texts`, username);
      expect(list.status).toBe(404);
      expect(JSON.stringify(list.body)).not.toContain('Permohonan');
      expect((await get(`/api/v1/letters/${letter.id}/texts/${row.id}`, username)).status).toBe(404);
      expect((await get(`/api/v1/letters/${letter.id}/texts/${row.id}/searchable-pdf`, username)).status).toBe(404);
    }
  });
});
