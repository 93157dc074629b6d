import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { SearchIndexer } from '../../src/search/indexer/search-indexer.service';
import { runSearchReindex } from '../../src/search/cli/search-reindex.command';
import { analyzerFingerprint } from '../../src/search/morphology/analyzer';
import { createTestApp, TestApp } from '../helpers/test-app';
import { PrincipalService } from '../../src/auth/principal.service';
import { searchKeysSql, visibleLettersSql } from '../../src/letters/access/letter-access.repository';

jest.setTimeout(60_000);

/**
 * GET /api/v1/search over HTTP on the real services: the index follows the letters through the
 * outbox, and the one visibility rule decides what is found, counted and quoted.
 */
describe('Search', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const ids: Record<string, string> = {};
  let agendaNumber: string;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const search = async (username: string, query: Record<string, string | number>) => {
    const res = await t.http().get('/api/v1/search').query(query).set('Authorization', await auth(username));
    return res;
  };
  const found = async (username: string, query: Record<string, string | number>): Promise<string[]> => {
    const res = await search(username, query);
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };
  /** Waits (bounded) until the index has every one of these letters in `state`. */
  const indexed = (letterIds: string[], state?: string, ms = 5_000) =>
    eventually(async () => {
      const rows = await t.sql<{ letter_id: string; state: string }>('SELECT letter_id, state FROM letter_search WHERE letter_id = ANY($1::uuid[])', [letterIds]);
      return rows.length === letterIds.length && (!state || rows.every((r) => r.state === state));
    }, ms);

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    const route = { reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] };
    ids.tugas = (
      await draftLetter(t, {
        ...route,
        subject: 'Penugasan Pegawai Pengelola Arsip Dinamis',
        classificationCode: '000.5.3',
        externalRecipients: [{ name: 'Badan Kepegawaian Daerah Provinsi' }],
      })
    ).id;
    ids.jaringan = (await draftLetter(t, { ...route, type: 'nota-dinas', subject: 'Laporan Pemeliharaan Jaringan Kantor', classificationCode: '000.2.2' })).id;
    ids.anggaran = (await draftLetter(t, { ...route, subject: 'Rapat Koordinasi Anggaran Perubahan', classificationCode: '000.8.3.3' })).id;
    // Two surat masuk for the Kepala Dinas Kominfo: one Biasa with a full letter number, one Rahasia.
    const inc = await registerIncoming(t, {
      senderName: 'Dinas Kesehatan Kota Semarang',
      senderNumber: '000.8.3.3/215/DINKES/2026',
      subject: 'Permintaan Data Imunisasi Kelurahan',
      sifat: 'biasa',
    });
    ids.imunisasi = inc.id;
    agendaNumber = inc.body.incoming.agendaNumber;
    ids.rahasia = (
      await registerIncoming(t, {
        senderName: 'Inspektorat Daerah',
        senderNumber: '700/88/ITDA/2026',
        subject: 'Hasil Pemeriksaan Khusus Zamrud Koordinasi Anggaran',
        sifat: 'rahasia',
      })
    ).id;
    await indexed(Object.values(ids));
  }, 120_000);
  afterAll(() => t.close());

  it('finds a word of the subject, of the classification and of a name; ranks the subject first', async () => {
    expect(await found('staf.kominfo', { q: 'pemeliharaan' })).toEqual([ids.jaringan]);
    // "Pengelolaan Arsip Dinamis" is the name of 000.5.3, "Badan Kepegawaian" an external recipient.
    expect(await found('staf.kominfo', { q: 'kepegawaian' })).toEqual([ids.tugas]);
    expect(await found('staf.kominfo', { q: 'pengelolaan arsip' })).toEqual([ids.tugas]);
    // Body words rank below a subject word: "rapat" is in the subject of one letter only.
    const res = await search('staf.kominfo', { q: 'koordinasi' });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.anggaran]);
    expect(res.body.items[0]).toMatchObject({ id: ids.anggaran, type: 'surat-keluar', typeLabel: 'Surat Keluar', sifat: 'biasa', state: 'draft', stateLabel: 'Konsep', number: null, kind: 'outgoing' });
    expect(res.body.items[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.items[0].snippet).toContain('<mark>Koordinasi</mark>');
  });

  it('finds another form of a word (the Indonesian stemmer)', async () => {
    expect(await found('staf.kominfo', { q: 'menugaskan' })).toEqual([ids.tugas]);
    expect(await found('staf.kominfo', { q: 'memelihara' })).toEqual([ids.jaringan]);
    expect(await found('staf.kominfo', { q: 'dikoordinasikan' })).toEqual([ids.anggaran]);
    // The snippet marks the form written in the letter, found by its root.
    const res = await search('staf.kominfo', { q: 'menugaskan' });
    expect(res.body.items[0].snippet).toContain('<mark>Penugasan</mark>');
  });

  it('takes a phrase, -word and or', async () => {
    expect(await found('staf.kominfo', { q: '"pemeliharaan jaringan"' })).toEqual([ids.jaringan]);
    expect(await found('staf.kominfo', { q: '"jaringan pemeliharaan"' })).toEqual([]);
    expect((await found('staf.kominfo', { q: 'kami mohon dukungan' })).sort()).toEqual([ids.tugas, ids.jaringan, ids.anggaran].sort());
    expect((await found('staf.kominfo', { q: 'dukungan -jaringan' })).sort()).toEqual([ids.tugas, ids.anggaran].sort());
    expect((await found('staf.kominfo', { q: 'dukungan -"pemeliharaan jaringan" -anggaran' })).sort()).toEqual([ids.tugas]);
    expect((await found('staf.kominfo', { q: 'pemeliharaan or penugasan' })).sort()).toEqual([ids.tugas, ids.jaringan].sort());
    expect(await found('staf.kominfo', { q: 'pemeliharaan penugasan' })).toEqual([]);
  });

  it('finds letter, sender and agenda numbers whole, by fragment and through an OCR typo', async () => {
    const user = 'kadis.kominfo';
    expect(await found(user, { q: '000.8.3.3/215/DINKES/2026' })).toEqual([ids.imunisasi]);
    expect(await found(user, { q: '215/DINKES' })).toEqual([ids.imunisasi]);
    expect(await found(user, { q: '215/dinkes/2O26' })).toEqual([ids.imunisasi]);
    expect(await found(user, { q: 'DINKES/2O26' })).toEqual([ids.imunisasi]);
    // A letter in a trigram's reach: one letter wrong in a long number.
    expect(await found(user, { q: '215/DINKSE/2026' })).toEqual([ids.imunisasi]);
    expect(await found(user, { q: agendaNumber })).toEqual([ids.imunisasi]);
    // Trigrams forgive letters, not digits: 2025 is not 2026.
    expect(await found(user, { q: '215/DINKES/2025' })).toEqual([]);
    // A name with a typo (trigram on names).
    expect(await found(user, { q: 'Kesehatn Semarang' })).toEqual([ids.imunisasi]);
  });

  it('counts totals and facets over every page, and filters', async () => {
    const all = await search('staf.kominfo', { q: 'dukungan', limit: 2 });
    expect(all.body.total).toBe(3);
    expect(all.body.totalRelation).toBe('eq');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.facets.type).toEqual(
      expect.arrayContaining([
        { value: 'surat-keluar', label: 'Surat Keluar', count: 2 },
        { value: 'nota-dinas', label: 'Nota Dinas', count: 1 },
      ]),
    );
    expect(all.body.facets.sifat).toEqual([{ value: 'biasa', label: null, count: 3 }]);
    // Types and states in the workflow files' words, for the page to show.
    expect(all.body.facets.state).toEqual([{ value: 'draft', label: 'Konsep', count: 3 }]);
    expect(all.body.facets.year).toEqual([{ value: String(new Date().getFullYear()), label: null, count: 3 }]);
    expect(all.body.facets.unit).toHaveLength(1);
    const [unit] = await t.sql<{ id: string; name: string }>('SELECT u.id, u.name FROM unit u JOIN letter l ON l.unit_id = u.id WHERE l.id = $1', [ids.tugas]);
    expect(all.body.facets.unit).toEqual([{ value: unit.id, label: unit.name, count: 3 }]);
    expect(all.body.facets.classification).toHaveLength(3);

    expect(await found('staf.kominfo', { q: 'dukungan', type: 'nota-dinas' })).toEqual([ids.jaringan]);
    expect((await found('staf.kominfo', { q: 'dukungan', classification: '000.5' })).sort()).toEqual([ids.tugas]);
    expect((await found('staf.kominfo', { q: 'dukungan', classification: '000' })).length).toBe(3);
    expect(await found('staf.kominfo', { q: 'dukungan', sifat: 'rahasia' })).toEqual([]);
    expect((await found('staf.kominfo', { q: 'dukungan', state: 'draft', unitId: all.body.facets.unit[0].value })).length).toBe(3);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect((await found('staf.kominfo', { q: 'dukungan', from: today, to: today })).length).toBe(3);
    expect(await found('staf.kominfo', { q: 'dukungan', to: '2020-01-01' })).toEqual([]);
  });

  it('pages with offset and sorts by relevance or date', async () => {
    const first = await found('staf.kominfo', { q: 'dukungan', limit: 2, sort: 'newest' });
    const second = await found('staf.kominfo', { q: 'dukungan', limit: 2, offset: 2, sort: 'newest' });
    expect(second).toHaveLength(1);
    expect([...first, ...second].sort()).toEqual([ids.tugas, ids.jaringan, ids.anggaran].sort());
    // Drafted in this order: tugas, jaringan, anggaran.
    expect([...first, ...second]).toEqual([ids.anggaran, ids.jaringan, ids.tugas]);
    expect(await found('staf.kominfo', { q: 'dukungan', sort: 'oldest' })).toEqual([ids.tugas, ids.jaringan, ids.anggaran]);
    const ranked = await search('staf.kominfo', { q: 'jaringan or dukungan' });
    expect(ranked.body.items[0].id).toBe(ids.jaringan);
    expect(ranked.body.items[0].score).toBeGreaterThan(ranked.body.items[1].score);
  });

  it('never finds, counts, facets or quotes a Rahasia letter for someone who may not see it; its recipient finds it', async () => {
    // The archivist reads every letter that is not Rahasia: the Biasa incoming one, not the Rahasia one.
    const archivist = await search('arsiparis', { q: 'koordinasi anggaran' });
    expect(archivist.status).toBe(200);
    expect(archivist.body.items.map((i: { id: string }) => i.id)).toEqual([ids.anggaran]);
    expect(archivist.body.total).toBe(1);
    expect(archivist.body.facets.sifat).toEqual([{ value: 'biasa', label: null, count: 1 }]);
    expect(JSON.stringify(archivist.body)).not.toMatch(/zamrud|pemeriksaan|inspektorat/i);
    const secretWord = await search('arsiparis', { q: 'zamrud' });
    expect(secretWord.body).toMatchObject({ items: [], total: 0 });
    expect(Object.values(secretWord.body.facets).every((values) => (values as unknown[]).length === 0)).toBe(true);
    expect(await found('arsiparis', { q: '700/88/ITDA' })).toEqual([]);
    expect(await found('kadis.dinkes', { q: 'zamrud' })).toEqual([]);
    expect(await found('admin', { q: 'zamrud' })).toEqual([]);
    // Its addressee finds it, with a snippet.
    const addressee = await search('kadis.kominfo', { q: 'zamrud' });
    expect(addressee.body.items.map((i: { id: string }) => i.id)).toEqual([ids.rahasia]);
    expect(addressee.body.items[0]).toMatchObject({ sifat: 'rahasia', kind: 'incoming' });
    expect(addressee.body.items[0].snippet).toContain('<mark>Zamrud</mark>');
    expect(addressee.body.facets.sifat).toEqual([{ value: 'rahasia', label: null, count: 1 }]);
    expect(await found('kadis.kominfo', { q: '700/88/ITDA' })).toEqual([ids.rahasia]);

    // An index that has not yet followed a change of access (here: a reader it should not hold)
    // still shows nothing: each row of the page is checked against the live rule.
    const [staf] = await t.sql<{ position_id: string }>(`SELECT a.position_id FROM position_assignment a JOIN person p ON p.id = a.person_id WHERE p.username = 'staf.kominfo'`);
    await t.sql(`UPDATE letter_search SET readers = readers || $2::uuid WHERE letter_id = $1`, [ids.rahasia, staf.position_id]);
    try {
      expect(await found('staf.kominfo', { q: 'zamrud' })).toEqual([]);
    } finally {
      await t.sql(`UPDATE letter_search SET readers = array_remove(readers, $2::uuid) WHERE letter_id = $1`, [ids.rahasia, staf.position_id]);
    }
  });

  it('admits through the index exactly the letters the live rule admits, for every person', async () => {
    const people = await t.sql<{ id: string; username: string }>('SELECT id, username FROM person ORDER BY username');
    const principals = t.app.get(PrincipalService);
    let seenSomewhere = 0;
    for (const person of people) {
      const { principal } = (await principals.loadPerson(person.id))!;
      const live = visibleLettersSql(principal, 'l', 1);
      const keys = searchKeysSql(principal, 's', 1);
      const byLiveRule = async () =>
        (await t.sql<{ id: string }>(`SELECT l.id FROM letter l JOIN letter_search s ON s.letter_id = l.id WHERE ${live.sql} ORDER BY l.id`, live.params)).map((r) => r.id);
      const byIndex = async () => (await t.sql<{ id: string }>(`SELECT s.letter_id AS id FROM letter_search s WHERE ${keys.sql} ORDER BY s.letter_id`, keys.params)).map((r) => r.id);
      // The index follows the last transitions within a second or two.
      await eventually(async () => JSON.stringify(await byIndex()) === JSON.stringify(await byLiveRule()), 5_000).catch(() => undefined);
      expect({ who: person.username, ids: await byIndex() }).toEqual({ who: person.username, ids: await byLiveRule() });
      seenSomewhere += (await byLiveRule()).length;
    }
    expect(seenSomewhere).toBeGreaterThan(0);
  });

  it('follows a transition and an edit within 2 s, through the outbox', async () => {
    const letter = await draftLetter(t, {
      subject: 'Undangan Sosialisasi Kalimaya',
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      signers: [{ positionIds: [p['KADIS-KOMINFO']] }],
    });
    await eventually(async () => (await found('staf.kominfo', { q: 'kalimaya' })).includes(letter.id), 2_000);
    expect(await found('kasi.aptika', { q: 'kalimaya' })).toEqual([letter.id]);

    const edit = await t
      .http()
      .patch(`/api/v1/letters/${letter.id}`)
      .set('Authorization', await auth('staf.kominfo'))
      .send({ version: letter.version, subject: 'Undangan Sosialisasi Safir' });
    expect(edit.status).toBe(200);
    await eventually(async () => (await found('staf.kominfo', { q: 'safir' })).includes(letter.id), 2_000);
    expect(await found('staf.kominfo', { q: 'kalimaya' })).toEqual([]);

    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    const reviewed = await eventually(async () => {
      const res = await search('staf.kominfo', { q: 'safir', state: 'review' });
      return res.body.items.length === 1 && res.body.items[0];
    }, 2_000);
    expect(reviewed).toMatchObject({ id: letter.id, state: 'review' });
    const events = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE letter_id = $1 AND type = 'search.index'`, [letter.id]);
    expect(events[0].n).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad input with a code', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ q: 'a'.repeat(501) }, 'SEARCH_QUERY_TOO_LONG'],
      [{ q: Array.from({ length: 33 }, (_, i) => `kata${i}`).join(' ') }, 'SEARCH_QUERY_TOO_COMPLEX'],
      [{ q: '-jaringan' }, 'SEARCH_QUERY_ONLY_NEGATIONS'],
      [{ q: 'dan yang di' }, 'SEARCH_QUERY_ONLY_STOP_WORDS'],
      [{ q: 'x', from: '2026-02-01', to: '2026-01-01' }, 'SEARCH_FILTER_INVALID'],
      [{ limit: 1000 }, 'VALIDATION_FAILED'],
      [{ limit: 0 }, 'VALIDATION_FAILED'],
      [{ offset: -1 }, 'VALIDATION_FAILED'],
      [{ sifat: 'top_secret' }, 'VALIDATION_FAILED'],
      [{ classification: 'abc' }, 'VALIDATION_FAILED'],
      [{ unitId: 'not-a-uuid' }, 'VALIDATION_FAILED'],
      [{ from: '2026-02-30' }, 'VALIDATION_FAILED'],
      [{ sort: 'random' }, 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const res = await search('staf.kominfo', query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
    }
    // Odd syntax is words or a refusal with a code, never a failure.
    for (const q of ['"', '-', 'or', '"a" or', "':*&|!()<>", '-"', 'OR OR or', '((', 'a:*', "\\'"]) {
      const res = await search('staf.kominfo', { q });
      expect([200, 400]).toContain(res.status);
      if (res.status === 400) expect(res.body.code).toMatch(/^SEARCH_QUERY_/);
    }
    expect((await t.http().get('/api/v1/search').query({ q: 'x' })).status).toBe(401);
  });
});

describe('Search: attachment text, the backfill and the reindex command', () => {
  let t: TestApp;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const found = async (username: string, q: string): Promise<string[]> => {
    const res = await t.http().get('/api/v1/search').query({ q }).set('Authorization', await auth(username));
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('searches the text of a letter_text row (OCR, attachments) once its search.index event is relayed', async () => {
    const letter = await draftLetter(t, { subject: 'Penyampaian Dokumen Teknis' });
    await eventually(async () => (await found('staf.kominfo', 'penyampaian')).includes(letter.id), 2_000);
    // A file's text as the OCR job leaves it (archive/ocr writes letter_text; its own spec runs the job): the row, then its event.
    const [object] = await t.sql<{ id: string }>(
      `INSERT INTO stored_object (driver, "key", purpose, content_type, size, sha256) VALUES ('s3', $1, 'attachment', 'application/pdf', 0, repeat('0', 64)) RETURNING id`,
      [`search-spec/${letter.id}.pdf`],
    );
    await t.sql(`INSERT INTO letter_text (letter_id, object_id, status, source, text) VALUES ($1, $2, 'done', 'text-layer', $3)`, [
      letter.id,
      object.id,
      'Lampiran: spesifikasi perangkat Gelombang Mikro untuk jaringan',
    ]);
    await t.sql(`INSERT INTO outbox_event (letter_id, type, payload) VALUES ($1, 'search.index', jsonb_build_object('letterId', $2::text))`, [letter.id, letter.id]);
    const hit = await eventually(async () => {
      const res = await t.http().get('/api/v1/search').query({ q: '"gelombang mikro"' }).set('Authorization', await auth('staf.kominfo'));
      return res.body.items?.[0];
    }, 2_000);
    expect(hit).toMatchObject({ id: letter.id });
    expect(hit.snippet).toContain('<mark>Gelombang</mark> <mark>Mikro</mark>');
    // Attachment text ranks below the subject (weight D).
    const [{ weight }] = await t.sql<{ weight: string }>(
      `SELECT (SELECT string_agg(DISTINCT w, '') FROM unnest(s.document) u, unnest(u.weights) w WHERE u.lexeme = 'gelombang') AS weight FROM letter_search s WHERE letter_id = $1`,
      [letter.id],
    );
    expect(weight).toBe('D');
    // Someone who may not see the letter does not find its attachment text either.
    expect(await found('kadis.dinkes', '"gelombang mikro"')).toEqual([]);
  });

  it('queues every letter at start when the index is empty, and the reindex command rebuilds it', async () => {
    const letter = await draftLetter(t, { subject: 'Pemberitahuan Jadwal Pemadaman' });
    await eventually(async () => (await found('staf.kominfo', 'pemadaman')).includes(letter.id), 2_000);
    await t.sql('DELETE FROM letter_search');
    expect(await found('staf.kominfo', 'pemadaman')).toEqual([]);
    const indexer = t.app.get(SearchIndexer);
    const letters = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter WHERE state <> '$new'`);
    expect(await indexer.queueAllIfEmpty()).toBe(letters[0].n);
    await eventually(async () => (await found('staf.kominfo', 'pemadaman')).includes(letter.id), 5_000);
    // Not empty any more: nothing queued.
    expect(await indexer.queueAllIfEmpty()).toBe(0);

    await t.sql('DELETE FROM letter_search');
    const out: string[] = [];
    const err: string[] = [];
    expect(await runSearchReindex([], t.config, { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(err).toEqual([]);
    expect(out.at(-1)).toMatch(new RegExp(`^Indexed ${letters[0].n} letter\\(s\\) in `));
    expect(await found('staf.kominfo', 'pemadaman')).toEqual([letter.id]);
    expect(await runSearchReindex(['--all'], t.config, { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
  });

  it('stores the analyzer fingerprint at start and queues every letter again when the analyzer changed', async () => {
    const state = () => t.sql<{ value: string }>(`SELECT value FROM search_index_state WHERE key = 'analyzer'`);
    // Stored by the start of this app: its analyzer built what is indexed.
    expect(await state()).toEqual([{ value: analyzerFingerprint() }]);
    const indexer = t.app.get(SearchIndexer);
    expect(await indexer.queueAllIfAnalyzerChanged()).toBe(0);

    const letter = await draftLetter(t, { subject: 'Penertiban Reklame Liar' });
    await eventually(async () => (await found('staf.kominfo', 'penertiban')).includes(letter.id), 2_000);
    // An index built by another stemmer: its row holds another root, and another fingerprint is stored.
    await t.sql(`UPDATE letter_search SET document = to_tsvector('simple', 'penertibanlama') WHERE letter_id = $1`, [letter.id]);
    await t.sql(`UPDATE search_index_state SET value = 'an-older-analyzer' WHERE key = 'analyzer'`);
    expect(await found('staf.kominfo', 'penertiban')).toEqual([]);

    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter_search`);
    expect(await indexer.queueAllIfAnalyzerChanged()).toBe(n);
    expect(await state()).toEqual([{ value: analyzerFingerprint() }]);
    await eventually(async () => (await found('staf.kominfo', 'penertiban')).includes(letter.id), 5_000);
    // The stems the new analyzer gives: penertiban and tertib share a root.
    expect(await found('staf.kominfo', 'tertib')).toContain(letter.id);
    expect(await indexer.queueAllIfAnalyzerChanged()).toBe(0);
  });
});
