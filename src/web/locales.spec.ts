import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The web UI's words: Bahasa Indonesia and English carry the same keys, none empty, with the
 * same {{placeholders}}, and every literal key the sources pass to t() exists, so a missing
 * string shows up here rather than as a raw key on someone's screen.
 */
const WEB = join(__dirname, '..', '..', 'web', 'src');
type Tree = { [key: string]: string | Tree };

const load = (lang: string): Tree => JSON.parse(readFileSync(join(WEB, 'i18n', `${lang}.json`), 'utf8'));

function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** t('a.b'), t("a.b"), i18n.t('a.b'), and a key with interpolation options after it. */
const T_CALL = /(?<![\w$])t\(\s*(['"])([A-Za-z0-9_.-]+)\1/g;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('web UI locales', () => {
  const id = flatten(load('id'));
  const en = flatten(load('en'));

  it('id.json and en.json have exactly the same keys', () => {
    expect([...en.keys()].filter((k) => !id.has(k))).toEqual([]);
    expect([...id.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect(id.size).toBeGreaterThan(50);
  });

  it('every string is a non-empty string in both languages', () => {
    for (const [lang, strings] of [['id', id], ['en', en]] as const) {
      const bad = [...strings].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(bad).toEqual([]);
    }
  });

  it('both languages use the same {{placeholders}} in each string', () => {
    const differ = [...id].filter(([k, v]) => JSON.stringify(placeholders(String(v))) !== JSON.stringify(placeholders(String(en.get(k) ?? '')))).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('every literal key passed to t() in web/src exists in id.json', () => {
    const files = sources(WEB);
    expect(files.length).toBeGreaterThan(5);
    const used = new Map<string, string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(T_CALL)) used.set(m[2], file.slice(WEB.length + 1));
    }
    expect(used.size).toBeGreaterThan(20);
    // A key with plural forms lives as key_one / key_other.
    const known = (key: string) => id.has(key) || id.has(`${key}_other`);
    const missing = [...used].filter(([key]) => !known(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
