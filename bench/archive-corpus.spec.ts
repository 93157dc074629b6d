import { indexText } from '../src/search/morphology/analyzer';
import { parseSearchQuery } from '../src/search/query/query-parser';
import { corpus, generateLetter, MID_WORD, RARE_EVERY, RARE_WORD, vectors } from './archive-corpus';

describe('archive corpus', () => {
  it('is the same archive on every run', () => {
    const a = generateLetter(corpus(5), 1, 'DINKES', 2026, 215);
    const b = generateLetter(corpus(5), 1, 'DINKES', 2026, 215);
    expect(a).toEqual(b);
    expect(a.number).toMatch(/^\d{3}(\.\d+)*\/215\/DINKES\/2026$/);
  });

  it('puts the benchmark words in the intended share of letters', () => {
    const c = corpus(9);
    let mid = 0;
    let rare = 0;
    let surat = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const g = generateLetter(c, i, 'DISDIK', 2025, i + 1);
      if (g.body.includes(MID_WORD)) mid++;
      if (g.body.includes(RARE_WORD)) rare++;
      if (/\bsurat\b/i.test(g.body)) surat++;
    }
    expect(mid / n).toBeGreaterThan(0.01);
    expect(mid / n).toBeLessThan(0.03);
    expect(rare).toBe(Math.ceil((n - 7) / RARE_EVERY));
    expect(surat / n).toBeGreaterThan(0.8);
  });

  it('writes the vectors the analyzer writes, with weights and continuing positions', () => {
    const v = vectors([
      { text: 'Permohonan izin', weight: 'A' },
      { text: 'dari Dinas Kesehatan', weight: 'C' },
    ]);
    expect(v.document).toBe("'mohon':1A 'izin':2A 'dinas':5C 'sehat':6C");
    expect(v.plain).toBe("'permohonan':1 'izin':2 'dinas':5 'kesehatan':6");
    expect(vectors([{ text: 'Undangan rapat', weight: 'B' }]).document).toBe(indexText('Undangan rapat', 'B').stemmed);
  });

  it('asks queries the parser accepts', () => {
    for (const q of [RARE_WORD, MID_WORD, '"rapat koordinasi"', 'surat', '215/DINKES']) expect(parseSearchQuery(q).ok).toBe(true);
  });
});
