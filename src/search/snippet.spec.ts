import { buildSnippet } from './snippet';
import { stemWord } from './morphology/stemmer';

const terms = (stems: string[], words: string[] = []) => ({ stems: new Set(stems.map(stemWord)), words: new Set(words) });

describe('buildSnippet', () => {
  it('marks every form of a query word by its root, as written in the text', () => {
    const html = buildSnippet('Permohonan data kependudukan. Kami memohon agar data penduduk dikirim.', terms(['mohon', 'penduduk']));
    expect(html).toBe('<mark>Permohonan</mark> data <mark>kependudukan</mark>. Kami <mark>memohon</mark> agar data <mark>penduduk</mark> dikirim');
  });

  it('marks the words of a phrase as written, and escapes everything else', () => {
    const html = buildSnippet('Rapat <b>koordinasi</b> & evaluasi', terms([], ['rapat', 'koordinasi']));
    expect(html).toBe('<mark>Rapat</mark> &lt;b&gt;<mark>koordinasi</mark>&lt;/b&gt; &amp; evaluasi');
  });

  it('cuts up to two fragments where the terms meet, joined by an ellipsis, in text order', () => {
    const filler = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ');
    const text = `${filler(40, 'lorem')} jaringan kantor ${filler(60, 'ipsum')} anggaran jaringan ${filler(40, 'dolor')}`;
    const html = buildSnippet(text, terms(['jaringan', 'anggaran']), { maxWords: 10 });
    const fragments = html.split(' … ');
    expect(fragments).toHaveLength(2);
    expect(fragments[0]).toContain('<mark>jaringan</mark> kantor');
    expect(fragments[1]).toContain('<mark>anggaran</mark> <mark>jaringan</mark>');
    expect(fragments.every((f) => f.split(' ').length <= 10)).toBe(true);
  });

  it('starts at the beginning when nothing is marked, and reads only the first maxChars', () => {
    expect(buildSnippet('Satu dua tiga empat', terms(['lima']), { maxWords: 2 })).toBe('Satu dua');
    expect(buildSnippet(`awal ${'x'.repeat(50)} kunci`, terms(['kunci']), { maxChars: 20 })).toBe('awal');
    expect(buildSnippet('', terms(['kunci']))).toBe('');
  });

  it('reads OCR look-alike digits in a number as digits', () => {
    expect(buildSnippet('Tahun 2O26 anggaran', terms([], ['2026']))).toBe('Tahun <mark>2O26</mark> anggaran');
  });
});
