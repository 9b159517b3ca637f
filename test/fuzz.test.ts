// The fuzzers' short run (the long one: `npm run fuzz`): seeded raw requests at a live edge
// and seeded configs through the validator, the control plane and a live edge, holding the
// security invariants of DESIGN.md. A failure names the seed and index that reproduce it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz } from './fuzz/suite.ts';

describe('fuzz (short run)', () => {
  it('800 requests and 120 configs: no worker exit, no 5xx from cachefront, nothing unsigned under /private/, refused configs change nothing', { timeout: 120_000 }, async () => {
    const r = await runFuzz({ seed: 20261207, requests: 800, configs: 120 });
    assert.deepEqual(r.violations, [], JSON.stringify(r.violations.slice(0, 5), null, 2));
    // The run reached every side: the origin, refusals, valid and invalid configs.
    assert.ok(r.originRequests > 20, `origin requests ${r.originRequests}`);
    // Served: the origin's answers (200, or 404 for some targets) and ranges and conditionals
    // from the cache: about a quarter of the requests with this seed (the rest are refused).
    const served = ['200', '206', '304', '404'].reduce((n, s) => n + (r.statuses[s] ?? 0), 0);
    assert.ok((r.statuses['400'] ?? 0) > 20 && served > 100, JSON.stringify(r.statuses));
    assert.ok(r.configs.valid > 5 && r.configs.valid < r.configs.total, JSON.stringify(r.configs));
  });
});
