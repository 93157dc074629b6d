import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Entries of hunspell-id's list the stemmer never uses (measured: `morphology.spec.ts` and the
 * vocabulary of config/, templates/ and the archive corpus, stems beside those of the old list):
 * - spurious short roots that strip out of common words and win over the right one:
 *   kependudukan → "dudu" (not duduk), pemerintah → "perin" (not perintah), kebijakan → "bija", ditahan → "tah";
 * - affixed forms the list holds as entries, so that the form stops the stemmer instead of its
 *   root (berlaku / memberlakukan → laku, membicarakan → bicara, kepulauan → pulau, ...);
 * - possessive forms listed as words (akalnya, getahnya).
 * Words of fewer than three letters are dropped as well (the list holds `di`, `ke`, `pe` ...:
 * pendidikan would stem to "di").
 */
export const DROPPED_ROOTS: readonly string[] = [
  'dudu', 'perin', 'bija', 'tah',
  'belajar', 'pelajar', 'berlaku', 'biarkan', 'bicarakan', 'camkan', 'curigai', 'bawakan', 'canangkan', 'apikan',
  'kepulauan', 'merata', 'ketahu', 'ketidur', 'ketengah', 'mendera', 'memberang', 'besaran', 'perindu', 'pelari', 'sesebentar',
  'akalnya', 'getahnya',
];

const MIN_ROOT_LENGTH = 3;
const dropped = new Set(DROPPED_ROOTS);

/**
 * Root words from a hunspell `.dic` (first line a count; `stem/FLAGS`) or from a file of one word
 * a line. Lower-cased; entries that are not letters (and inner hyphens) are skipped, as are the
 * dropped roots and words shorter than three letters.
 */
export function parseRootWords(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const word = line.split('/')[0].trim().toLowerCase();
    if (word.length < MIN_ROOT_LENGTH || !/^[a-z]+(-[a-z]+)*$/.test(word) || dropped.has(word)) continue;
    out.add(word);
  }
  return [...out];
}

/** The folder of package.json above this file (src/... in the tests, dist/src/... when built). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** The list shipped with e-Surat: hunspell-id's `id_ID.dic` (LGPL-3, third_party/hunspell-id/README.md). */
export function bundledRootWordsFile(): string {
  return join(projectRoot(), 'third_party', 'hunspell-id', 'id_ID.dic');
}

export class RootWordsError extends Error {}

/** Reads a root-word list; a missing or empty file is an error that names the file and the variable. */
export function loadRootWords(file: string): { file: string; text: string; words: string[] } {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new RootWordsError(`Root-word list of the Indonesian stemmer not found: ${path} (SEARCH_ROOT_WORDS_FILE; the bundled one is third_party/hunspell-id/id_ID.dic)`);
  }
  const text = readFileSync(path, 'utf8');
  const words = parseRootWords(text);
  if (words.length < 1000) throw new RootWordsError(`Root-word list ${path} holds ${words.length} usable words: not a root-word list (SEARCH_ROOT_WORDS_FILE)`);
  return { file: path, text, words };
}
