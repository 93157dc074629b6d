#!/usr/bin/env node
// Builds the web UI into web/dist (or the folder given as the first argument):
//  1. the server's OpenAPI document, from the compiled server in dist/ (no database needed);
//  2. web/src/api/schema.d.ts from it with openapi-typescript, so a changed route breaks this build;
//  3. a type check of web/ (tsc), then the bundle (vite).
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..');
const outDir = resolve(process.argv[2] ?? join(root, 'web', 'dist'));
const dist = process.env.ESURAT_SERVER_DIST ?? join(root, 'dist');

function run(label, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`web: ${label} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`web: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function sortEnums(value) {
  if (Array.isArray(value)) return value.map(sortEnums);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === 'enum' && Array.isArray(v) && v.every((e) => typeof e === 'string') ? [...v].sort() : sortEnums(v);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'esurat-web-'));
try {
  const docPath = join(work, 'openapi.json');
  if (!existsSync(join(dist, 'src', 'common', 'openapi', 'dump-cli.js'))) {
    console.error(`web: no compiled server in ${dist}: run nest build first`);
    process.exit(1);
  }
  run('OpenAPI document', [join(dist, 'src', 'common', 'openapi', 'dump-cli.js'), docPath]);
  // The swagger plugin lists a union type's members in the compiler's order, which changes from
  // one build to the next; sorted, the same server always gives the same types file.
  writeFileSync(docPath, JSON.stringify(sortEnums(JSON.parse(readFileSync(docPath, 'utf8')))));
  const typesPath = join(root, 'web', 'src', 'api', 'schema.d.ts');
  const generated = join(work, 'schema.d.ts');
  run('API types', [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), docPath, '-o', generated, '--root-types', '--alphabetize']);
  const header = '// Generated from the server\'s OpenAPI document by scripts/build-web.js: do not edit.\n';
  const fresh = header + readFileSync(generated, 'utf8');
  if (!existsSync(typesPath) || readFileSync(typesPath, 'utf8') !== fresh) writeFileSync(typesPath, fresh);
  run('type check', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'web', 'tsconfig.json')]);
  // Vite keeps a NODE_ENV it inherits (jest's `test`, a dev shell's `development`), and React's
  // development build is three times the size and far slower: a bundle is always production.
  run('bundle', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.mts'), '--outDir', outDir, '--logLevel', 'warn'], { NODE_ENV: 'production' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
