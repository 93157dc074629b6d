import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The house's floors. Each folder of src/ (and each top-level file) stands on one floor and may
 * import only from floors below it (or from its own folder). Read bottom to top:
 *
 *   records         the TypeORM entities, the enums and JSON shapes their columns carry, the principal
 *   config          the validated environment
 *   common          framework-free helpers, errors, logging, OpenAPI decorators, PNG decoding
 *   database        data source, migrations, transaction scope; queue: BullMQ wiring
 *   authz           the abilities (CASL), the policy guard and the request as the guards leave it
 *   audit           the tamper-evident trail every room below the app appends to; its checkpoint
 *                   signer is injected (CHECKPOINT_SIGNER), bound to the deployment CA by the app
 *   auth            login, sessions, tokens, API keys
 *   storage … seeds the object store, the organisation, the seed data
 *   classification  the classification codes and their retention schedule (classification/jra)
 *   letters/access  the one visibility rule, the letters' error codes and list query, read by
 *                   every room that touches a letter before the letter rooms themselves
 *   workflow … documents  the engine, numbers, PDFs and signatures (documents/pki: the CA's
 *                   CRL, OCSP, timestamps and LTV, provided with the signing they serve)
 *   archive/ocr     the text of scans, which the letter rooms start and show
 *   notifications, letters, archive, then the rooms that read everything: integrations (with the
 *                   admin API of module clients), search, dashboard, health, web
 *   …               the app module and the entry points
 *
 * An import that runs upward is a design smell: it either names a record that belongs in
 * records/, a helper standing in the wrong room, or a runtime call that wants an injected token
 * in the lower room. The few that are right stand in ALLOWED_UP, each with a `// upward:` comment
 * above the import saying why; every other one fails.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['records'],
  ['config'],
  ['common'],
  ['database', 'queue'],
  ['authz'],
  ['audit'],
  ['auth'],
  ['storage'],
  ['organization'],
  ['seeds'],
  ['classification'],
  ['letters/access'],
  ['workflow'],
  ['numbering'],
  ['documents'],
  ['archive/ocr'],
  ['notifications'],
  ['letters'],
  ['archive'],
  ['integrations', 'search', 'dashboard', 'health', 'web'],
  ['app.module'],
  ['openapi-document'],
  ['app.factory'],
  ['main', 'worker', 'openapi-cli'],
];

/** Upward imports that are right, file to file (paths under src/). At most two, each with a `// upward:` comment. */
const ALLOWED_UP: readonly string[] = [
  // A type-only import: a workflow snapshot stored on the letter records why a transition was
  // refused, in the engine's own refusal shape.
  'records/workflow-snapshot.types.ts -> workflow/engine/workflow.errors.ts',
];

const SRC = resolve(__dirname);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '__fixtures__' || entry.name === 'node_modules') continue;
      out.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

interface ImportEdge {
  from: string;
  to: string;
  /** 0-based line of the import in `from`. */
  line: number;
}

/** Every relative import, re-export, dynamic import and require of src/, resolved to a file. */
function importGraph(): { files: string[]; edges: ImportEdge[]; texts: Map<string, string> } {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const texts = new Map<string, string>();
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    texts.set(file, text);
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), ref.fileName);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => known.has(candidate));
      if (!target) continue;
      edges.push({ from: file, to: target, line: text.slice(0, ref.pos).split('\n').length - 1 });
    }
  }
  return { files, edges, texts };
}

const rel = (file: string) => relative(SRC, file).split(sep).join('/');
/**
 * Sub-folders that stand on a floor of their own, below their parent: `letters/access` is the one
 * visibility rule (with the letters' error codes) that the workflow, numbering, documents,
 * notifications and search read before any letter room; `archive/ocr` reads the text of the
 * scans that the letter rooms (attachments, incoming) start and show, and imports no letter room.
 */
const SUB_ROOMS: readonly string[] = ['letters/access', 'archive/ocr'];

const room = (file: string) => {
  const path = rel(file);
  return SUB_ROOMS.find((sub) => path.startsWith(`${sub}/`)) ?? path.split('/')[0].replace(/\.ts$/, '');
};

/** The strongly connected components of more than one file (Tarjan), each as one cycle's files. */
function importCycles(files: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const edge of edges) next.get(edge.from)!.push(edge.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}

describe('architecture: the import graph of src/', () => {
  const { files, edges, texts } = importGraph();
  const floor = new Map<string, number>();
  FLOORS.forEach((rooms, i) => rooms.forEach((r) => floor.set(r, i)));

  it('reads a real graph', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.length).toBeGreaterThan(1000);
  });

  it('has no import cycle', () => {
    expect(importCycles(files, edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('puts every folder of src/ on a floor', () => {
    const rooms = [...new Set(files.map(room))];
    expect(rooms.filter((r) => !floor.has(r))).toEqual([]);
  });

  const upward = edges.filter((e) => room(e.from) !== room(e.to) && floor.has(room(e.from)) && floor.get(room(e.from))! < (floor.get(room(e.to)) ?? -1));

  it('runs upward only where allowed, each allowed import saying why', () => {
    const allowed = new Set(ALLOWED_UP);
    const refused = upward.filter((e) => !allowed.has(`${rel(e.from)} -> ${rel(e.to)}`)).map((e) => `${rel(e.from)}:${e.line + 1} -> ${rel(e.to)}`);
    expect(refused).toEqual([]);
    expect(ALLOWED_UP.length).toBeLessThanOrEqual(2);
  });

  it.each(ALLOWED_UP)('%s is a real upward import with a comment saying why', (entry) => {
    const found = upward.filter((e) => `${rel(e.from)} -> ${rel(e.to)}` === entry);
    expect(found.length).toBeGreaterThan(0);
    for (const e of found) {
      const lines = texts.get(e.from)!.split('\n');
      expect(lines.slice(Math.max(0, e.line - 3), e.line).join('\n')).toMatch(/\/\/ upward: \S/);
    }
  });
});
