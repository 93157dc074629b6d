// Generates TypeScript types from the server's OpenAPI document with openapi-typescript: the web
// UI's web/src/api/schema.d.ts and the TS client's clients/ts/src/schema.d.ts. Used by
// scripts/build-web.js and by the test that checks the committed files are what it generates.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Where the generated types are committed, each with its header. */
const TARGETS = [
  { path: join(root, 'web', 'src', 'api', 'schema.d.ts'), header: "// Generated from the server's OpenAPI document by scripts/build-web.js: do not edit.\n" },
  { path: join(root, 'clients', 'ts', 'src', 'schema.d.ts'), header: "// Generated from the server's OpenAPI document by scripts/build-web.js (scripts/api-types.js): do not edit.\n" },
];

// The swagger plugin lists a union type's members in the compiler's order, which changes from
// one build to the next; sorted, the same server always gives the same types file.
function sortEnums(value) {
  if (Array.isArray(value)) return value.map(sortEnums);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === 'enum' && Array.isArray(v) && v.every((e) => typeof e === 'string') ? [...v].sort() : sortEnums(v);
  }
  return out;
}

/** The types openapi-typescript writes for the document (an object), without a header. */
function generateTypes(doc) {
  const work = mkdtempSync(join(tmpdir(), 'esurat-types-'));
  try {
    const docPath = join(work, 'openapi.json');
    const out = join(work, 'schema.d.ts');
    writeFileSync(docPath, JSON.stringify(sortEnums(doc)));
    const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const result = spawnSync(process.execPath, [cli, docPath, '-o', out, '--root-types', '--alphabetize'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openapi-typescript failed: ${result.stderr}`);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Each target with the content it must have for this document. */
function expectedFiles(doc) {
  const types = generateTypes(doc);
  return TARGETS.map((t) => ({ path: t.path, content: t.header + types }));
}

module.exports = { TARGETS, sortEnums, generateTypes, expectedFiles };
