import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzerFingerprint } from './analyzer';
import { bundledRootWordsFile, DROPPED_ROOTS, loadRootWords, parseRootWords, RootWordsError } from './root-words';
import { configureRootWords, IndonesianStemmer, indonesianStemmer, stemWord } from './stemmer';

describe('root-word list', () => {
  it('reads a hunspell .dic: the count line, flags and short or dropped entries are left out', () => {
    const words = parseRootWords('6\nabadi/DkMkO0\nRencana/B0\ndi\nke/X\ndudu\nanai-anai\nx1y\n');
    expect(words).toEqual(['abadi', 'rencana', 'anai-anai']);
  });

  it('ships hunspell-id, unmodified, as the default list', () => {
    const { file, text, words } = loadRootWords(bundledRootWordsFile());
    expect(file).toMatch(/third_party[/\\]hunspell-id[/\\]id_ID\.dic$/);
    expect(text.split('\n')[0].trim()).toBe('31132');
    expect(words.length).toBeGreaterThan(30_000);
    for (const w of ['duduk', 'rencana', 'mohon', 'izin', 'undang']) expect(words).toContain(w);
    for (const w of DROPPED_ROOTS) expect(words).not.toContain(w);
  });

  it('refuses a missing or empty list, naming the file and the variable', () => {
    expect(() => loadRootWords('/nonexistent/roots.dic')).toThrow(RootWordsError);
    expect(() => loadRootWords('/nonexistent/roots.dic')).toThrow(/nonexistent\/roots\.dic.*SEARCH_ROOT_WORDS_FILE/);
    const dir = mkdtempSync(join(tmpdir(), 'roots-'));
    writeFileSync(join(dir, 'empty.txt'), 'satu\ndua\n');
    expect(() => loadRootWords(join(dir, 'empty.txt'))).toThrow(/2 usable words/);
  });

  it('stems only with the roots it is given (the package list is replaced, not extended)', () => {
    const withRoot = new IndonesianStemmer(['rencana', 'laksana']);
    expect(withRoot.stem('perencanaan')).toBe('rencana');
    expect(withRoot.stem('pelaksanaan')).toBe('laksana');
    // Kateglo's list (inside sastrawijs) knows "sehat"; this one does not: the word stays.
    expect(withRoot.stem('kesehatan')).toBe('kesehatan');
    expect(new IndonesianStemmer(['rencana']).fingerprint).not.toBe(withRoot.fingerprint);
  });

  it('switches the shared stemmer to a configured file and changes the fingerprint; empty is the bundled list', () => {
    const bundled = analyzerFingerprint();
    const dir = mkdtempSync(join(tmpdir(), 'roots-'));
    const file = join(dir, 'roots.txt');
    const { words } = loadRootWords(bundledRootWordsFile());
    writeFileSync(file, words.filter((w) => w !== 'sehat').join('\n'));
    try {
      configureRootWords(file);
      expect(stemWord('kesehatan')).toBe('kesehatan');
      expect(analyzerFingerprint()).not.toBe(bundled);
    } finally {
      configureRootWords('');
    }
    expect(indonesianStemmer().stem('kesehatan')).toBe('sehat');
    expect(analyzerFingerprint()).toBe(bundled);
  });
});
