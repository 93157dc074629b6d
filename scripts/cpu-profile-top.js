#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof; `BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench foundation`):
// the functions with the most self time, and self time by package, so a profile reads without a GUI.
// Usage: node scripts/cpu-profile-top.js FILE.cpuprofile [rows] [regexp: also the total time (self and callees) of the matching functions]
'use strict';
const { readFileSync } = require('node:fs');

const [file, rowsArg, inclusiveArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/cpu-profile-top.js FILE.cpuprofile [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// PROFILE_LAST_S=N: only N seconds of samples (the measured load, not start-up), ending
// PROFILE_SKIP_S seconds (default 0) before the process ended.
const lastUs = Number(process.env.PROFILE_LAST_S ?? 0) * 1e6;
const skipUs = Number(process.env.PROFILE_SKIP_S ?? 0) * 1e6;
const at = [];
for (let i = 0, t = 0; i < profile.samples.length; i++) at.push((t += profile.timeDeltas[i] ?? 0));
const to = at[at.length - 1] - skipUs;
const from = lastUs > 0 ? to - lastUs : -Infinity;
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  if (at[i] < from || at[i] > to) continue;
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);

/** node_modules/<package> (scoped too), `node:` for Node's own code, `app` for ours. */
function packageOf(url) {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.split('node_modules/').length > 1 ? url.slice(url.lastIndexOf('node_modules/')) : url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return 'app';
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, us] of dt) {
  const n = byId.get(id);
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = packageOf(f.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
console.log(`total ${(total / 1e6).toFixed(2)} s sampled\n\nself time by package:`);
for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(us)}  ${k}`);
console.log('\nself time by function:');
for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${k}`);

if (inclusiveArg) {
  // Total time of a function: its samples and its callees', once per stack (recursion counted once).
  const pattern = new RegExp(inclusiveArg);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, us] of dt) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${f.lineNumber + 1}`;
      if (!pattern.test(key) || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const busy = total - (byFunction.get('(idle) ') ?? 0);
  console.log(`\ntotal time of matching functions (of ${(busy / 1e6).toFixed(2)} s not idle):`);
  for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
}
