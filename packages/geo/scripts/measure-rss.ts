// Measures the memory a process pays for the location data: a fresh node process per mode
// imports @cachefront/geo, loads (or not) the data, does one lookup, collects garbage and
// reports RSS. Run: node packages/geo/scripts/measure-rss.ts [runs]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const child = `
const { createGeo } = await import(${JSON.stringify(entry)});
const mode = process.argv[1];
const t0 = performance.now();
const geo = mode === 'none' ? undefined : createGeo({ city: mode === 'city' });
const ms = performance.now() - t0;
geo?.lookup('81.2.69.142');
globalThis.gc();
const m = process.memoryUsage();
console.log(JSON.stringify({ rss: m.rss, external: m.external, ms }));
`;

const runs = Number(process.argv[2] ?? 3);
const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, { rss: number; external: number; ms: number }> = {};
for (const mode of ['none', 'country', 'city']) {
  const samples = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', child, mode], { encoding: 'utf8' })) as { rss: number; external: number; ms: number },
  );
  results[mode] = { rss: median(samples.map((s) => s.rss)), external: median(samples.map((s) => s.external)), ms: median(samples.map((s) => s.ms)) };
}
const base = results.none!;
console.log(`node ${process.version}, median of ${runs} fresh processes`);
for (const [mode, r] of Object.entries(results)) {
  console.log(`${mode.padEnd(8)} RSS ${mb(r.rss).padStart(6)} MB (+${mb(r.rss - base.rss)} MB)  external ${mb(r.external).padStart(6)} MB  load ${r.ms.toFixed(0)} ms`);
}
