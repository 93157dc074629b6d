import { letterFileName } from './letter-file-name';

describe('letterFileName', () => {
  it('names a numbered letter by its number (slashes as dashes) and subject', () => {
    expect(letterFileName({ number: '000.8.3.3/12/Diskominfo/2026', subject: 'Permohonan Dukungan Integrasi Sistem Informasi Kesehatan' })).toBe(
      '000.8.3.3-12-Diskominfo-2026 Permohonan Dukungan Integrasi Sistem Informasi Kesehatan.pdf',
    );
  });

  it('names a draft KONSEP', () => {
    expect(letterFileName({ number: null, subject: 'Undangan Rapat' })).toBe('KONSEP Undangan Rapat.pdf');
  });

  it('drops what a file name cannot hold and cuts a long subject at a word', () => {
    expect(letterFileName({ number: null, subject: 'Laporan: "Q1/Q2"\n<draft>?' })).toBe('KONSEP Laporan Q1 Q2 draft.pdf');
    const long = letterFileName({ number: '1/2/3', subject: `${'Permohonan '.repeat(20)}Data` });
    expect(long.length).toBeLessThanOrEqual('1-2-3 '.length + 120 + '.pdf'.length);
    expect(long).toMatch(/^1-2-3 (Permohonan )+Permohonan\.pdf$/);
  });
});
