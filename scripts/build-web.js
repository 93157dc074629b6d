#!/usr/bin/env node
// Builds the web UI into web/dist (or the folder given as the first argument):
//  1. the server's OpenAPI document, from the compiled server in dist/ (no database needed);
//  2. web/src/api/schema.d.ts and clients/ts/src/schema.d.ts from it with openapi-typescript
//     (scripts/api-types.js), so a changed route breaks this build;
//  3. a type check of web/ (tsc), then the bundle (vite).
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { expectedFiles } = require('./api-types');

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

const work = mkdtempSync(join(tmpdir(), 'esurat-web-'));
try {
  const docPath = join(work, 'openapi.json');
  if (!existsSync(join(dist, 'src', 'openapi-cli.js'))) {
    console.error(`web: no compiled server in ${dist}: run nest build first`);
    process.exit(1);
  }
  run('OpenAPI document', [join(dist, 'src', 'openapi-cli.js'), docPath]);
  // web/src/api/schema.d.ts and clients/ts/src/schema.d.ts, written only when they change.
  const started = Date.now();
  for (const { path, content } of expectedFiles(JSON.parse(readFileSync(docPath, 'utf8')))) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) writeFileSync(path, content);
  }
  console.log(`web: API types (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  run('type check', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'web', 'tsconfig.json')]);
  // Vite keeps a NODE_ENV it inherits (jest's `test`, a dev shell's `development`), and React's
  // development build is three times the size and far slower: a bundle is always production.
  run('bundle', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.mts'), '--outDir', outDir, '--logLevel', 'warn'], { NODE_ENV: 'production' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
