import { PdfTools } from '../../src/documents/__fixtures__/pdf-tools';
import { DraftOptions, downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** a.n. (atas nama) and u.b. (untuk beliau) on the signature block of an outgoing letter. */
describe('Signature marks a.n./u.b. over HTTP', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const tools = new PdfTools();

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(async () => {
    await t.close();
    tools.cleanup();
  });

  const oneLine = (text: string) => text.replace(/\s+/g, ' ');


  /** Kabid Aptika signs, Kasi Aptika reviews: drafted, submitted, paraf'd, signed; the signed PDF's text. */
  async function signedText(signatureMark: DraftOptions['signatureMark']): Promise<{ id: string; text: string }> {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KABID-APTIKA']] }], signatureMark });
    expect(letter.body.body.signatureMark).toMatchObject(signatureMark!);
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    const signed = await fire(t, letter.id, 'kabid.aptika', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('signed');
    return { id: letter.id, text: oneLine(tools.pdftotext(await downloadDocument(t, letter.id))) };
  }

  it('prints "a.n. Kepala Dinas Komunikasi dan Informatika" above the Kabid\'s block; the mark is kept in the versions', async () => {
    const { id, text } = await signedText({ kind: 'an', onBehalfOfPositionId: p['KADIS-KOMINFO'] });
    expect(text).toContain('a.n. Kepala Dinas Komunikasi dan Informatika');
    expect(text).toContain('Kepala Bidang Aplikasi Informatika');
    expect(text).toContain('Agus Setiawan');
    expect(text).not.toContain('u.b.');
    const versions = await t.http().get(`/api/v1/letters/${id}/versions`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(versions.body[0].content.body.signatureMark).toEqual({ kind: 'an', onBehalfOfPositionId: p['KADIS-KOMINFO'] });
  });

  it('prints a.n. Sekretaris Daerah, then Kepala Dinas, then u.b. for a u.b. mark', async () => {
    const { text } = await signedText({ kind: 'ub', onBehalfOfPositionId: p.SEKDA, viaPositionId: p['KADIS-KOMINFO'] });
    expect(text).toContain('a.n. Sekretaris Daerah');
    expect(text).toContain('Kepala Dinas Komunikasi dan Informatika u.b.');
    expect(text.indexOf('a.n. Sekretaris Daerah')).toBeLessThan(text.indexOf('u.b.'));
    expect(text.indexOf('u.b.')).toBeLessThan(text.indexOf('Kepala Bidang Aplikasi Informatika', text.indexOf('u.b.')));
  });

  it('refuses marks that do not follow the hierarchy with 422 SIGNATURE_MARK_INVALID', async () => {
    const token = `Bearer ${await t.token('staf.kominfo')}`;
    const base = {
      type: 'surat-keluar',
      subject: 'Tanda tangan atas nama',
      body: { paragraphs: ['Isi surat.'] },
      recipientPositionIds: [p['KADIS-DINKES']],
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      signers: [{ positionIds: [p['KABID-APTIKA']] }],
    };
    const invalid = [
      // Not a superior of the signer: another dinas, a subordinate, the signer itself.
      { kind: 'an', onBehalfOfPositionId: p['KADIS-DINKES'] },
      { kind: 'an', onBehalfOfPositionId: p['KASI-APTIKA'] },
      { kind: 'an', onBehalfOfPositionId: p['KABID-APTIKA'] },
      // u.b. without its via position, or with one that is not between.
      { kind: 'ub', onBehalfOfPositionId: p.SEKDA },
      { kind: 'ub', onBehalfOfPositionId: p['KADIS-KOMINFO'], viaPositionId: p.SEKDA },
      { kind: 'ub', onBehalfOfPositionId: p.SEKDA, viaPositionId: p['SEKDIS-KOMINFO'] },
      { kind: 'ub', onBehalfOfPositionId: p['KADIS-KOMINFO'], viaPositionId: p['KADIS-KOMINFO'] },
    ];
    for (const signatureMark of invalid) {
      const res = await t.http().post('/api/v1/letters').set('Authorization', token).send({ ...base, signatureMark });
      expect({ signatureMark, status: res.status, code: res.body.code }).toEqual({ signatureMark, status: 422, code: 'SIGNATURE_MARK_INVALID' });
    }
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM letter WHERE subject = 'Tanda tangan atas nama'`);
    expect(n).toBe(0);

    // A revision is checked too: a valid draft revised with a foreign superior.
    const ok = await t.http().post('/api/v1/letters').set('Authorization', token).send({ ...base, signatureMark: { kind: 'an', onBehalfOfPositionId: p.WALIKOTA } });
    expect(ok.status).toBe(201);
    const revised = await t
      .http()
      .patch(`/api/v1/letters/${ok.body.id}`)
      .set('Authorization', token)
      .send({ version: ok.body.version, signatureMark: { kind: 'an', onBehalfOfPositionId: p['KADIS-DINKES'] } });
    expect(revised.status).toBe(422);
    expect(revised.body.code).toBe('SIGNATURE_MARK_INVALID');
    const removed = await t.http().patch(`/api/v1/letters/${ok.body.id}`).set('Authorization', token).send({ version: ok.body.version, signatureMark: null });
    expect(removed.status).toBe(200);
    expect(removed.body.body.signatureMark).toBeUndefined();
  });

  it('refuses a malformed mark with 400', async () => {
    const token = `Bearer ${await t.token('staf.kominfo')}`;
    const base = {
      type: 'surat-keluar',
      subject: 'Tanda tangan salah bentuk',
      body: { paragraphs: ['Isi surat.'] },
      reviewers: [{ positionIds: [p['KASI-APTIKA']] }],
      signers: [{ positionIds: [p['KABID-APTIKA']] }],
    };
    for (const signatureMark of [{ kind: 'pd', onBehalfOfPositionId: p['KADIS-KOMINFO'] }, { kind: 'an', onBehalfOfPositionId: 'kadis' }, { kind: 'an' }]) {
      const res = await t.http().post('/api/v1/letters').set('Authorization', token).send({ ...base, signatureMark });
      expect(res.status).toBe(400);
    }
  });
});
