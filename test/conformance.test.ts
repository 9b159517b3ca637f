// The http-cache-tests suite against a real edge (bench/lib/conformance.ts, the same
// harness as `npm run conformance`): the required-test score must not fall below what
// main scores today, and a sample of tests that pass today must keep passing. A fix that
// raises the score should raise FLOOR with it. About 25 s: the suite pauses 3 s in many
// tests, 100 tests at a time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runConformance, summaryLines, type ConformanceResults } from '../bench/lib/conformance.ts';
import { ProcessGroup } from '../bench/lib/procs.ts';
import { ROOT } from './helpers.ts';

/** Required tests passing on main (1f7653f) with http-cache-tests 0.4.5: 107 of 165. */
const FLOOR = 107;
const REQUIRED_TOTAL = 165;

/** Pass today, one or more per area; a failure here names the behavior that regressed. */
const KNOWN_PASSING = [
  'freshness-none', // check: no explicit freshness is not reused (the suite's precondition)
  'freshness-max-age', // optional: a fresh response is reused at all
  'freshness-max-age-0',
  'freshness-s-maxage-shared',
  'freshness-max-age-s-maxage-shared-longer',
  'freshness-expires-past',
  'cc-resp-no-store',
  'cc-resp-private-shared',
  'heuristic-201-not_cached',
  'status-200-stale',
  'vary-star',
  'conditional-304-etag',
  'headers-store-Test-Header',
  '304-etag-update-response-Test-Header',
  'other-date-update',
  'query-args-different',
  'surrogate-no-store',
];

const procs = new ProcessGroup();
const tmp = mkdtempSync(join(tmpdir(), 'cachefront-conformance-test-'));
let results: ConformanceResults;

before(async () => {
  results = await runConformance({ procs, repoRoot: ROOT, tmp });
});

after(async () => {
  await procs.stopAll();
  rmSync(tmp, { recursive: true, force: true });
});

test(`at least ${FLOOR} of ${REQUIRED_TOTAL} required tests pass`, () => {
  const { required } = results.summary;
  assert.equal(required.total, REQUIRED_TOTAL, 'the suite changed: re-measure FLOOR');
  const failing = results.tests.filter((t) => t.kind === 'required' && t.result !== 'pass');
  assert.ok(
    required.passed >= FLOOR,
    `${summaryLines(results.summary).join('; ')}; failing: ${failing.map((t) => `${t.id} (${t.message ?? t.result})`).join(', ')}`,
  );
});

test('the known-passing sample still passes', () => {
  const broken = KNOWN_PASSING.flatMap((id) => {
    const t = results.tests.find((r) => r.id === id);
    if (t === undefined) return [`${id}: not run`];
    return t.result === 'pass' ? [] : [`${id}: ${t.result} ${t.message ?? ''}`];
  });
  assert.deepEqual(broken, []);
});
