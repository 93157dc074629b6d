#!/usr/bin/env node
// Builds dist/ with `nest build`, then the web UI (scripts/build-web.js), only when a source changed since the last successful build:
// even an incremental `nest build` re-reads and re-checks the whole program (tens of seconds),
// which every `npm start` would otherwise pay. Directory times are compared too, so a deleted
// or renamed source also counts as a change.
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
// What the compiled output depends on: the sources, the JSON they import, the compiler settings
// and the installed compiler and plugins.
const inputs = ['web/src', 'web/index.html', 'web/public', 'web/vite.config.mts', 'web/tsconfig.json', 'src', 'bench', 'examples', 'clients/ts/src', 'workflows/schema', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'];

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  let time = stat.mtimeMs;
  if (stat.isDirectory()) for (const entry of readdirSync(path)) time = Math.max(time, newest(join(path, entry)));
  return time;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

const sourcesAt = Math.max(...inputs.map((input) => newest(join(root, input))));
if (builtAt() > sourcesAt) {
  console.log('build: dist/ is current, nothing to compile');
  process.exit(0);
}
// The stamp records when compiling began, so a source saved during the build counts as newer.
const startedAt = new Date();
const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const web = spawnSync(process.execPath, [join(__dirname, 'build-web.js')], { cwd: root, stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
writeFileSync(stamp, `${startedAt.toISOString()}\n`);
utimesSync(stamp, startedAt, startedAt);
