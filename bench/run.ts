import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArchiveBench } from './archive.bench';
import { runAuditBench } from './audit.bench';
import { BenchResult } from './bench-result';
import { runDocumentsBench } from './documents.bench';
import { runFoundationBench } from './foundation.bench';
import { runFrameworkBench } from './framework.bench';
import { runIntegrationBench } from './integration.bench';
import { runLtvBench } from './ltv.bench';
import { runMorphologyBench } from './morphology.bench';
import { runOcrBench } from './ocr.bench';
import { runScaleBench } from './scale.bench';
import { runWebBench } from './web.bench';
import { runWorkflowBench } from './workflow.bench';

/** `npm run bench`: every benchmark, each beside its baseline, into bench/results.json. */
const benches: { name: string; run: (quick: boolean) => Promise<BenchResult[]> }[] = [
  { name: 'foundation', run: runFoundationBench },
  { name: 'framework', run: runFrameworkBench },
  { name: 'workflow', run: runWorkflowBench },
  { name: 'documents', run: runDocumentsBench },
  { name: 'integration', run: runIntegrationBench },
  { name: 'audit', run: runAuditBench },
  { name: 'web', run: runWebBench },
  { name: 'morphology', run: runMorphologyBench },
  { name: 'archive', run: runArchiveBench },
  { name: 'ocr', run: runOcrBench },
  { name: 'ltv', run: runLtvBench },
  { name: 'scale', run: runScaleBench },
];

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const only = process.argv[2];
  const results: BenchResult[] = [];
  for (const bench of benches) {
    if (only && bench.name !== only) continue;
    const started = Date.now();
    const out = await bench.run(quick);
    results.push(...out);
    for (const r of out) {
      const base = r.baseline ? `  baseline ${r.baseline.value} (${r.baseline.name})  ratio ${r.ratio}` : '';
      const lat = r.p50_ms !== undefined ? `  p50 ${r.p50_ms} ms  p99 ${r.p99_ms} ms` : '';
      const extra = r.extra ? `  ${Object.entries(r.extra).map(([k, v]) => `${k} ${v}`).join('  ')}` : '';
      console.log(`${r.name}: ${r.value} ${r.unit}${base}${lat}${extra}`);
    }
    console.log(`  (${bench.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const file = join(__dirname, '..', '..', 'bench', 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
