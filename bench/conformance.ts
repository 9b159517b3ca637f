// `npm run conformance`: the http-cache-tests suite against a cachefront edge (see
// lib/conformance.ts and bench/README.md, "Conformance"). Writes
// bench/results/conformance/<date>.{json,md} and prints the score. A failing test is a
// result; only a broken harness (the origin or edge not starting, the suite throwing)
// exits 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance, summaryLines, writeConformanceResults } from './lib/conformance.ts';
import { ProcessGroup } from './lib/procs.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const procs = new ProcessGroup();
const tmp = mkdtempSync(join(tmpdir(), 'cachefront-conformance-'));
process.on('exit', () => {
  procs.killAllNow();
  rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping; no results written`);
    void procs.stopAll().finally(() => process.exit(130));
  });
}

try {
  console.log('http-cache-tests against a cachefront edge (1 worker)...');
  const results = await runConformance({ procs, repoRoot, tmp });
  await procs.stopAll();
  const files = writeConformanceResults(repoRoot, results);
  console.log(`\nhttp-cache-tests ${results.suite.version}, ${(results.durationMs / 1000).toFixed(1)} s`);
  for (const line of summaryLines(results.summary)) console.log(`  ${line}`);
  const failing = results.tests.filter((t) => t.result !== 'pass' && t.kind !== 'check');
  console.log(`\nFailing (${failing.length}):`);
  for (const t of failing) console.log(`  ${t.kind.padEnd(8)} ${t.result === 'setup-error' ? 'SETUP ' : 'FAIL  '} ${t.id}: ${t.message ?? ''}`);
  console.log(`\nwrote ${files.md}\n      ${files.json}`);
} catch (err) {
  console.error(`conformance harness failed: ${err instanceof Error ? err.message : String(err)}`);
  await procs.stopAll();
  process.exitCode = 1;
}
