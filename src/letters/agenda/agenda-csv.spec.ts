import { csvField, toCsv } from './agenda-csv';

describe('agenda CSV', () => {
  it('quotes separators and quotes, and neutralises formulas', () => {
    expect(csvField('Undangan Rapat')).toBe('Undangan Rapat');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('writes a header and CRLF rows', () => {
    const csv = toCsv([{ key: 'n', header: 'Nomor' }, { key: 's', header: 'Perihal' }], [{ n: 1, s: 'Satu' }, { n: 2, s: 'Dua\nbaris' }]);
    expect(csv).toBe('\uFEFFNomor,Perihal\r\n1,Satu\r\n2,"Dua\nbaris"\r\n');
  });
});
