// Smoke run of every load scenario (bench/scenarios/*.ts) through bench/lib/scenarios.ts:
// its own origin and a 1-worker edge each on ephemeral loopback ports, the bare node:http
// reference, about a second of autocannon per scenario (1 round, 4 connections). Asserts
// that the checks, thresholds and setup checks pass and the report's figures are there;
// not speed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessGroup } from '../bench/lib/procs.ts';
import { MISS, runScenarioSuite, type Scenario, type ScenarioSuiteResults, type ScenarioSummary } from '../bench/lib/scenarios.ts';
import { isXCache } from '../bench/scenarios/common.ts';
import { SCENARIOS } from '../bench/scenarios/index.ts';
import { ROOT } from './helpers.ts';

// hits-1k with a check and a threshold that cannot hold: a failed check must show as one.
const hits1k = SCENARIOS.find((s) => s.name === 'hits-1k')!;
const mustFail: Scenario = {
  ...hits1k,
  name: 'must-fail',
  options: { ...hits1k.options, reference: undefined },
  checks: { ...hits1k.checks, 'X-Cache is a miss (cannot hold)': isXCache(MISS) },
  thresholds: { ...hits1k.thresholds, 'the origin answered something (cannot hold)': (f) => (f.originRequests ? undefined : `${f.originRequests} origin requests`) },
};

describe('load scenarios (smoke: checks, not speed)', () => {
  const procs = new ProcessGroup();
  let tmp = '';
  let results: ScenarioSuiteResults;
  const summary = (name: string): ScenarioSummary => {
    const s = results.scenarios.find((x) => x.name === name);
    assert.ok(s, `no summary for ${name}`);
    return s;
  };

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'cachefront-scenarios-test-'));
    results = await runScenarioSuite({
      procs,
      repoRoot: ROOT,
      tmp,
      scenarios: [...SCENARIOS, mustFail],
      rounds: 1,
      durationS: 1,
      connections: 4,
      warmupS: 0,
      workers: 1,
      references: ['bare-node'],
      log: () => {},
    });
  });
  after(async () => {
    await procs.stopAll();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const { name } of SCENARIOS) {
    it(`${name}: setup checks, checks on every response and thresholds pass`, () => {
      const s = summary(name);
      assert.equal(s.error, undefined);
      assert.equal(s.rounds, 1);
      assert.ok(s.responses > 0, 'some responses');
      for (const c of s.setupChecks) assert.ok(c.ok, `setup check '${c.name}' failed: ${c.detail ?? ''}`);
      for (const [check, t] of Object.entries(s.checks)) {
        assert.equal(t.fails, 0, `check '${check}' failed ${t.fails} times (${t.firstFailure ?? ''})`);
        assert.equal(t.passes, s.responses, `check '${check}' ran on every response`);
      }
      for (const [threshold, t] of Object.entries(s.thresholds)) assert.ok(t.ok, `threshold '${threshold}': ${t.failures.join('; ')}`);
      assert.equal(s.passed, true);
      assert.ok(s.rps! > 0 && s.p50Ms! > 0 && s.p99Ms! >= s.p90Ms! && s.p90Ms! >= s.p50Ms!, 'req/s and latency percentiles');
      assert.equal(Object.values(s.statusCodes).reduce((a, b) => a + b, 0), s.responses, 'status codes add up');
    });
  }

  it('a check or threshold that does not hold fails the scenario, with the first failing response', () => {
    const s = summary('must-fail');
    const check = s.checks['X-Cache is a miss (cannot hold)']!;
    assert.equal(check.fails, s.responses);
    assert.equal(check.passes, 0);
    assert.match(check.firstFailure ?? '', /round 1: HTTP 200 for \/bytes\/1024\?cc=\S+, X-Cache 'Hit from cachefront', content-length 1024/);
    assert.equal(s.checks['status is 200']!.fails, 0, 'the other checks still pass');
    assert.deepEqual(s.thresholds['the origin answered something (cannot hold)'], { ok: false, failures: ['round 1: 0 origin requests'] });
    assert.equal(s.passed, false);
  });

  it('hit scenarios are all hits, misses all misses; zipf reports a hit ratio', () => {
    assert.equal(summary('hits-1k').hitRatio, 1);
    assert.equal(summary('hits-100k').hitRatio, 1);
    assert.equal(summary('signed').hitRatio, 1);
    assert.equal(summary('functions').hitRatio, 1);
    assert.equal(summary('misses').hitRatio, 0);
    const zipf = summary('zipf').hitRatio!;
    assert.ok(zipf >= 0 && zipf <= 1, `zipf hit ratio ${zipf}`);
  });

  it('throughput scenarios are compared in the same round: hits with bare node:http, signed with hits-1k', () => {
    for (const name of ['hits-1k', 'hits-100k']) {
      const bare = summary(name).comparisons.find((c) => c.against === 'bare-node');
      assert.ok(bare, `${name} has a bare-node comparison`);
      assert.equal(bare.runs?.length, 1);
      assert.equal(bare.rpsRatioByRound.length, 1);
      assert.ok(bare.rpsRatio! > 0);
    }
    const signed = summary('signed').comparisons.find((c) => c.against === 'hits-1k');
    assert.ok(signed, 'signed has a hits-1k comparison');
    assert.ok(signed.rpsRatio! > 0, 'signed / hits-1k');
  });
});
