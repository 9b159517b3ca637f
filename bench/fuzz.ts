// `npm run fuzz`: the long fuzz run (test/fuzz.test.ts runs a short one in npm test).
//   --seed N       (default: now) --requests N (default 20000) --configs N (default 2000)
// Prints every violation with the seed and index that reproduce it; exits 1 if there is any.
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/fuzz/suite.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, requests: { type: 'string' }, configs: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('usage: npm run fuzz -- [--seed N] [--requests N] [--configs N]\n');
  process.exit(0);
}
const num = (v: string | undefined, d: number, name: string) => {
  if (v === undefined) return d;
  if (!/^\d+$/.test(v)) {
    process.stderr.write(`--${name} must be a whole number, got '${v}'\n`);
    process.exit(2);
  }
  return Number(v);
};
const seed = num(values.seed, Date.now() % 2 ** 31, 'seed');
const r = await runFuzz({ seed, requests: num(values.requests, 20_000, 'requests'), configs: num(values.configs, 2_000, 'configs'), log: (l) => process.stdout.write(`${l}\n`) });
process.stdout.write(`seed ${seed}: ${r.requests} requests (statuses ${JSON.stringify(r.statuses)}; ${r.originRequests} reached the origin), ${r.configs.total} configs (${r.configs.valid} valid; control plane ${JSON.stringify(r.configs.controlPlane)})\n`);
for (const v of r.violations) process.stdout.write(`VIOLATION ${v.invariant} (seed ${v.seed}, index ${v.index}): ${v.detail}\n`);
process.stdout.write(r.violations.length === 0 ? 'no violations\n' : `${r.violations.length} violations\n`);
process.exit(r.violations.length === 0 ? 0 : 1);
