import { bodyText, indexRow } from './search-indexer.service';

const source = {
  id: '00000000-0000-0000-0000-000000000001',
  kind: 'incoming',
  workflow_key: 'surat-masuk',
  subject: 'Permintaan Data Imunisasi',
  body: { paragraphs: ['Mohon data <b> imunisasi.'], eventDetails: [{ label: 'Tempat', value: 'Aula' }], closing: ['Terima kasih.'], lampiran: '1 berkas', externalRecipients: [{ name: 'Puskesmas Kraton' }] },
  number: null,
  state: 'registered',
  sifat: 'biasa',
  classification_code: '000.8.3.3',
  unit_id: null,
  unit_name: 'Dinas Komunikasi dan Informatika',
  letter_date: new Date('2026-11-02T00:00:00Z'),
  sender_name: 'Dinas Kesehatan Kota Semarang',
  sender_address: null,
  sender_number: '000.8.3.3/215/DINKES/2O26',
  agenda_number: 'M/0007/2026',
  position_names: 'Kepala Dinas Komunikasi dan Informatika',
  file_text: 'Tabel cakupan vaksinasi',
};

describe('indexRow', () => {
  const row = indexRow(source, (code) => (code === '000.8.3.3' ? 'Tata Naskah Dinas' : undefined));

  it('keeps the numbers normalised, the OCR look-alikes of a digit run read as digits', () => {
    expect(row.numbers).toBe('000.8.3.3/215/dinkes/2026 m/0007/2026');
  });

  it('weighs the subject and numbers A, names and classification B, the body C and file text D', () => {
    expect(row.stemmed[0]).toMatch(/'imunisasi':\d+A/);
    expect(row.stemmed[0]).toMatch(/'dinkes':\d+A/);
    expect(row.stemmed[1]).toMatch(/'semarang':\d+B/);
    expect(row.stemmed[1]).toMatch(/'naskah':\d+B/);
    expect(row.stemmed[1]).toMatch(/'puskesmas':\d+B/);
    expect(row.stemmed[2]).toMatch(/'aula':\d+C/);
    expect(row.stemmed[3]).toMatch(/'vaksinasi':\d+( |$)/);
    expect(row.plain[3]).toContain("'cakupan'");
  });

  it('stores the text snippets are cut from, and the names for trigram matching', () => {
    expect(row.content).toBe('Permintaan Data Imunisasi\nMohon data <b> imunisasi.\nTempat Aula\nTerima kasih.\n1 berkas\nTabel cakupan vaksinasi');
    expect(row.names).toContain('dinas kesehatan kota semarang');
    expect(row).toMatchObject({ type: 'surat-masuk', kind: 'incoming', sifat: 'biasa', state: 'registered', classificationCode: '000.8.3.3' });
  });

  it('reads a body without paragraphs or with odd values', () => {
    expect(bodyText(null)).toBe('');
    expect(bodyText({ paragraphs: 'not a list', closing: [1, 'Salam'] })).toBe('Salam');
  });
});
