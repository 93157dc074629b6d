import { analyzeText, indexText, toTsvectorLiteral } from './analyzer';
import { isStopWord } from './stop-words';
import { IndonesianStemmer, stemWord } from './stemmer';
import { tokenizeWords } from './tokenizer';
import { DIFFERENT_ROOT_PAIRS, SAME_ROOT_PAIRS } from './word-pairs';

describe('Indonesian stemmer', () => {
  it('stems every pair of forms of one root alike (at least 60 pairs)', () => {
    expect(SAME_ROOT_PAIRS.length).toBeGreaterThanOrEqual(60);
    const disagree = SAME_ROOT_PAIRS.filter(([a, b]) => stemWord(a) !== stemWord(b)).map(
      ([a, b]) => `${a}→${stemWord(a)} ${b}→${stemWord(b)}`,
    );
    expect(disagree).toEqual([]);
  });

  it('keeps look-alike words of different roots apart (at least 20 pairs)', () => {
    expect(DIFFERENT_ROOT_PAIRS.length).toBeGreaterThanOrEqual(20);
    const agree = DIFFERENT_ROOT_PAIRS.filter(([a, b]) => stemWord(a) === stemWord(b)).map(([a, b]) => `${a}/${b}→${stemWord(a)}`);
    expect(agree).toEqual([]);
  });

  it('finds the roots the brief names, where PostgreSQL Snowball goes wrong', () => {
    expect(stemWord('kependudukan')).toBe('duduk');
    expect(stemWord('perencanaan')).toBe('rencana');
    expect(stemWord('memohon')).toBe('mohon');
    expect(stemWord('disposisi')).toBe('disposisi');
    expect(stemWord('pemberitahuan')).toBe('beritahu');
  });

  it('leaves numbers, short words and unknown abbreviations alone', () => {
    expect(stemWord('2026')).toBe('2026');
    expect(stemWord('b12')).toBe('b12');
    expect(stemWord('ke')).toBe('ke');
    expect(stemWord('dinkes')).toBe('dinkes');
    expect(stemWord('bappeda')).toBe('bappeda');
  });

  it('answers from its cache the second time (same result)', () => {
    const stemmer = new IndonesianStemmer();
    const first = stemmer.stem('penyelenggaraan');
    expect(stemmer.stem('penyelenggaraan')).toBe(first);
    expect(first).toBe('selenggara');
  });
});

describe('tokenizer and stop words', () => {
  it('splits letter numbers and reduplications into words and keeps positions', () => {
    expect(tokenizeWords('Nomor: 000.8.3.3/215/DINKES/2026, surat-surat')).toEqual([
      { word: 'nomor', position: 1 },
      { word: '000', position: 2 },
      { word: '8', position: 3 },
      { word: '3', position: 4 },
      { word: '3', position: 5 },
      { word: '215', position: 6 },
      { word: 'dinkes', position: 7 },
      { word: '2026', position: 8 },
      { word: 'surat', position: 9 },
      { word: 'surat', position: 10 },
    ]);
  });

  it('removes accents, lowers case, reads OCR digits inside numbers', () => {
    expect(tokenizeWords('Café TAHUN 2O26 l5 lima').map((t) => t.word)).toEqual(['cafe', 'tahun', '2026', '15', 'lima']);
  });

  it('knows the common function words and not the content words of letters', () => {
    for (const w of ['dan', 'yang', 'di', 'untuk', 'kepada', 'dari', 'dengan', 'ini', 'itu', 'pada', 'ke', 'dalam', 'atau']) {
      expect(isStopWord(w)).toBe(true);
    }
    for (const w of ['surat', 'nomor', 'dinas', 'pengadaan', 'izin', 'tanggal']) expect(isStopWord(w)).toBe(false);
  });
});

describe('analyzer', () => {
  it('drops stop words, stems the rest, and keeps the gaps', () => {
    expect(analyzeText('Permohonan izin dari Dinas Kesehatan')).toEqual([
      { word: 'permohonan', stem: 'mohon', position: 1 },
      { word: 'izin', stem: 'izin', position: 2 },
      { word: 'dinas', stem: 'dinas', position: 4 },
      { word: 'kesehatan', stem: 'sehat', position: 5 },
    ]);
  });

  it('writes tsvector literals with positions and weights', () => {
    const terms = analyzeText('memohon permohonan untuk mohon');
    expect(toTsvectorLiteral(terms, 'stem')).toBe("'mohon':1,2,4");
    expect(toTsvectorLiteral(terms, 'word', 'A')).toBe("'memohon':1A 'permohonan':2A 'mohon':4A");
    expect(indexText('Undangan rapat', 'B')).toEqual({ stemmed: "'undang':1B 'rapat':2B", plain: "'undangan':1B 'rapat':2B" });
    expect(indexText('dan yang')).toEqual({ stemmed: '', plain: '' });
  });

  it('stems fast enough for indexing (words/s, memoised)', () => {
    const words = 'surat permohonan izin penyelenggaraan kegiatan dinas kesehatan kabupaten pelaksanaan anggaran'.split(' ');
    const stemmer = new IndonesianStemmer();
    const started = process.hrtime.bigint();
    let n = 0;
    for (let i = 0; i < 20_000; i++) for (const w of words) n += stemmer.stem(w).length > 0 ? 1 : 0;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(n).toBe(200_000);
    expect(n / seconds).toBeGreaterThan(1_000_000);
  });
});
