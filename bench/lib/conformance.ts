// `npm run conformance`: the public http-cache-tests suite (RFC 9111; the npm package
// http-cache-tests, BSD-3-Clause, by Mark Nottingham) against a cachefront edge, the way
// undici runs it against its cache: the suite's origin server, the suite's client and test
// definitions, our cache in between. Here the cache is a real edge process (one worker)
// whose distribution defers to the origin as far as CloudFront allows (see EDGE_CONFIG).
// See bench/README.md ("Conformance").
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as suiteConfig from 'http-cache-tests/client/config.mjs';
import { makeCacheTest, testResults } from 'http-cache-tests/client/test.mjs';
import suites from 'http-cache-tests/tests/index.mjs';
import surrogate from 'http-cache-tests/tests/surrogate-control.mjs';
import type { CacheTest, SuiteFetch } from 'http-cache-tests/types';
import nodeFetch from 'node-fetch';
import { ALWAYS_CACHED_ERRORS, ERRORS_CACHED_WITH_MAX_AGE } from '@cachefront/cache-core';
import { CUSTOM_ERROR_CODES } from '@cachefront/config';
import { EXCEPTIONS } from './conformance-exceptions.ts';
import { get, waitUntil } from './http.ts';
import type { Proc, ProcessGroup } from './procs.ts';
import { dateStamp, writeResultFiles } from './report.ts';
import { cli, distributionYaml } from './targets.ts';
import { machineInfo } from './tools.ts';

export const HOST = 'conformance.localhost';
const DISTRIBUTION_ID = 'ECONFORMANCE01';
const READY_MS = 20_000;
/** The suite's runner starts this many tests at once and waits for all of them (client/runner.mjs). */
const CHUNK = 100;
/** One request through the edge that takes longer fails its test (instead of hanging the run). */
const REQUEST_TIMEOUT_MS = 15_000;

export type Kind = 'required' | 'optional' | 'check';
export type Outcome = 'pass' | 'fail' | 'setup-error';

export interface TestResult {
  id: string;
  name: string;
  /** The suite's group (its test file), e.g. `cc-freshness`. */
  group: string;
  /** The suite's kind: required (a MUST), optional ("optimal": should cache), check (informational). */
  kind: Kind;
  result: Outcome;
  /** The suite's message for a fail or setup error (e.g. `Response 2 does not come from cache`). */
  message?: string;
  /** Tests this one depends on that did not pass (the suite shows such a result as a dependency failure). */
  failedDependencies?: string[];
}

export interface Score {
  passed: number;
  total: number;
}

export interface ConformanceSummary {
  required: Score;
  optional: Score;
  /** "check" tests: questions about behavior, not conformance; `passed` counts "yes". */
  checks: Score;
  setupErrors: number;
}

/**
 * The tests the suite's command-line client runs against a proxy (cli.mjs): every suite in
 * tests/index.mjs plus Surrogate-Control, without the browser-only ones.
 */
export function suiteTests(): { group: string; test: CacheTest }[] {
  return [...suites, surrogate].flatMap((s) => s.tests.filter((t) => t.browser_only !== true).map((test) => ({ group: s.id, test })));
}

const kindOf = (t: CacheTest): Kind => (t.kind === 'optimal' ? 'optional' : t.kind === 'check' ? 'check' : 'required');

/** Every status CloudFront caches as an error and lets a custom error response configure. */
const ERROR_CODES = [...ALWAYS_CACHED_ERRORS, ...ERRORS_CACHED_WITH_MAX_AGE].filter((c) => CUSTOM_ERROR_CODES.includes(c)).sort((a, b) => a - b);

/**
 * The edge's config. CloudFront cannot be told "cache exactly as the origin says", so the
 * policies come as close as its knobs go:
 * - minTTL 0: the origin's max-age=0, no-cache and no-store are not overridden;
 * - defaultTTL 0: a response without explicit freshness is not reused without validation.
 *   The suite expects that: its README says a cache that stores such responses "interferes
 *   with the tests" (freshness-none is a dependency of most tests), and heuristic freshness
 *   is only ever an optional test;
 * - maxTTL one year (CloudFront's default), so large max-age values are not clamped down;
 * - every query string and cookie in the key (the suite's URLs carry their own uuid; no
 *   cache policy can put every header in the key, Vary is the origin's to use);
 * - Managed-AllViewer: every viewer header (conditionals, Cache-Control, Pragma, the
 *   suite's Test-ID and Req-Num) reaches the origin;
 * - every method allowed (the suite synchronizes with its origin by PUT /config/<uuid>),
 *   GET and HEAD cached;
 * - an ErrorCachingMinTTL of 0 for every error code CloudFront caches (custom error
 *   responses without a page): CloudFront's default keeps an error 10 s whatever the
 *   origin says ("Control how long CloudFront caches errors"); with 0, the origin's
 *   max-age / s-maxage / Expires decide, as the suite expects.
 */

export function edgeConfigYaml(originPort: number): string {
  return `distributions:
${distributionYaml(DISTRIBUTION_ID, HOST, originPort)}    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: defer-to-origin
      originRequestPolicyId: Managed-AllViewer
      allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      cachedMethods: [GET, HEAD]
    customErrorResponses:
${ERROR_CODES.map((code) => `      - { errorCode: ${code}, errorCachingMinTTL: 0 }`).join('\n')}
cachePolicies:
  - id: defer-to-origin
    minTTL: 0
    defaultTTL: 0
    maxTTL: 31536000
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: false
      enableAcceptEncodingBrotli: false
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: all }
      queryStringsConfig: { queryStringBehavior: all }
`;
}

export interface Stack {
  origin: Proc;
  edge: Proc;
  /** The edge's viewer URL (requests to it need the Host `HOST`). */
  edgeUrl: string;
  originUrl: string;
}

/** The JSON log line's `url`, for Proc.waitForLine. */
const urlOf = (line: string): string | undefined => {
  try {
    const url: unknown = (JSON.parse(line) as { url?: unknown }).url;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Starts the suite's origin and an edge in front of it, both on loopback ports the kernel
 * picks; resolves once a GET through the edge reaches the origin. The caller stops `procs`.
 */
export async function startStack(procs: ProcessGroup, repoRoot: string, tmp: string): Promise<Stack> {
  const suiteDir = join(repoRoot, 'node_modules/http-cache-tests');
  const origin = procs.start('http-cache-tests origin', process.execPath, [join(repoRoot, 'bench/lib/conformance-origin.ts')], { cwd: suiteDir });
  const originUrl = await origin.waitForLine('origin url', urlOf, READY_MS);
  const config = join(tmp, 'conformance.yaml');
  writeFileSync(config, edgeConfigYaml(Number(new URL(originUrl).port)));
  const args = [cli(repoRoot), 'edge', '--config', config, '--port', '0', '--host', '127.0.0.1', '--workers', '1'];
  const edge = procs.start('cachefront edge', process.execPath, args, { cwd: repoRoot });
  const edgeUrl = await edge.waitForLine('edge url', urlOf, READY_MS);
  // The suite's origin serves its package's files; style.css is one.
  await waitUntil('edge -> origin', async () => (await get(`${edgeUrl}/style.css`, { host: HOST, timeoutMs: 2000 })).status === 200, {
    timeoutMs: READY_MS,
    gone: () => edge.exitReason() ?? origin.exitReason(),
  });
  return { origin, edge, edgeUrl, originUrl };
}

/** The suite's fetch, sent to the edge with the distribution's Host (node-fetch, as the suite's own CLI uses). */
function edgeFetch(): SuiteFetch {
  return (url, init) =>
    nodeFetch(url, { ...init, headers: [...(init?.headers ?? []), ['Host', HOST]], timeout: REQUEST_TIMEOUT_MS });
}

/**
 * Runs the suite's tests (all, or those in `ids`) against the edge at `edgeUrl` with the
 * suite's own client (client/test.mjs), `CHUNK` at a time as its runner does. The client
 * keeps its outcomes in a module-level map, so this clears each test's entry first (a
 * second run in one process would otherwise throw "Duplicate test").
 */
export async function runSuite(edgeUrl: string, ids?: readonly string[]): Promise<TestResult[]> {
  const all = suiteTests();
  const chosen = ids === undefined ? all : all.filter(({ test }) => ids.includes(test.id));
  if (ids !== undefined && chosen.length !== ids.length) {
    const known = new Set(all.map(({ test }) => test.id));
    throw new Error(`unknown test ids: ${ids.filter((id) => !known.has(id)).join(', ')}`);
  }
  suiteConfig.setFetch(edgeFetch());
  suiteConfig.setBaseUrl(edgeUrl);
  suiteConfig.setUseBrowserCache(false);
  for (const { test } of chosen) delete testResults[test.id];
  for (let i = 0; i < chosen.length; i += CHUNK) {
    await Promise.all(chosen.slice(i, i + CHUNK).map(({ test }) => makeCacheTest(test)));
  }
  const outcomes = new Map(all.map(({ test }) => [test.id, testResults[test.id]]));
  return chosen.map(({ group, test }) => {
    const raw = outcomes.get(test.id);
    const base = { id: test.id, name: test.name, group, kind: kindOf(test) };
    const failedDependencies = (test.depends_on ?? []).filter((d) => outcomes.get(d) !== true);
    const deps = failedDependencies.length > 0 && ids === undefined ? { failedDependencies } : {};
    if (raw === true) return { ...base, result: 'pass', ...deps };
    if (raw === undefined) return { ...base, result: 'fail', message: 'the suite recorded no result', ...deps };
    const [name, message] = raw;
    // 'Setup': an expectation marked as setup failed (the test could not be set up, e.g. a 403
    // to the PUT of its config); 'Assertion': the behavior under test; anything else (a
    // network error, a timeout) counts as a fail, with its name.
    if (name === 'Setup') return { ...base, result: 'setup-error', message, ...deps };
    return { ...base, result: 'fail', message: name === 'Assertion' ? message : `${name}: ${message}`, ...deps };
  });
}

export function summarize(results: readonly TestResult[]): ConformanceSummary {
  const score = (kind: Kind): Score => {
    const of = results.filter((r) => r.kind === kind);
    return { passed: of.filter((r) => r.result === 'pass').length, total: of.length };
  };
  return { required: score('required'), optional: score('optional'), checks: score('check'), setupErrors: results.filter((r) => r.result === 'setup-error').length };
}

/** The summary lines printed and put at the top of the markdown. */
export function summaryLines(s: ConformanceSummary): string[] {
  return [
    `${s.required.passed} of ${s.required.total} required tests pass`,
    `${s.optional.passed} of ${s.optional.total} optional tests pass`,
    `${s.checks.passed} of ${s.checks.total} checks answered "yes" (informational)`,
    `${s.setupErrors} setup errors`,
  ];
}

export interface ConformanceResults {
  date: string;
  startedAt: string;
  durationMs: number;
  suite: { package: string; version: string; license: string };
  commit: string;
  summary: ConformanceSummary;
  tests: TestResult[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** Required tests that do not pass and are not documented exceptions (conformance-exceptions.ts). */
export function unexplainedFailures(tests: readonly TestResult[]): TestResult[] {
  return tests.filter((t) => t.kind === 'required' && t.result !== 'pass' && !EXCEPTIONS.has(t.id));
}

export function conformanceMarkdown(r: ConformanceResults): string {
  const failing = r.tests.filter((t) => t.result !== 'pass' && t.kind !== 'check');
  const order: Record<Kind, number> = { required: 0, optional: 1, check: 2 };
  failing.sort((a, b) => order[a.kind] - order[b.kind]);
  const unexplained = unexplainedFailures(r.tests);
  return [
    `# http-cache-tests against cachefront, ${r.date}`,
    '',
    `The public HTTP caching suite (npm \`${r.suite.package}@${r.suite.version}\`, ${r.suite.license}) run against a`,
    'cachefront edge (1 worker) whose distribution defers to the origin (bench/lib/conformance.ts).',
    `Generated by \`npm run conformance\`; commit ${r.commit}; started ${r.startedAt}; ${(r.durationMs / 1000).toFixed(1)} s.`,
    '',
    ...summaryLines(r.summary).map((l) => `- ${l}`),
    `- ${unexplained.length} required failures are not documented exceptions${unexplained.length > 0 ? `: ${unexplained.map((t) => `\`${t.id}\``).join(', ')}` : ''}`,
    '',
    `## Failing tests (${failing.length}: required, then optional)`,
    '',
    'A failed dependency (the suite shows such a test as a dependency failure) is noted after the message.',
    'A required failure that is a documented exception (bench/lib/conformance-exceptions.ts) says why, with its source.',
    '',
    '| id | kind | result | message | exception |',
    '| --- | --- | --- | --- | --- |',
    ...failing.map((t) => {
      const e = t.kind === 'required' ? EXCEPTIONS.get(t.id) : undefined;
      const deps = t.failedDependencies ? ` (depends on failing ${t.failedDependencies.map((d) => `\`${d}\``).join(', ')})` : '';
      return `| \`${t.id}\` | ${t.kind} | ${t.result} | ${cell(t.message ?? '')}${deps} | ${e ? `${cell(e.why)} (${e.source})` : ''} |`;
    }),
    '',
    'Every test, with its name and the checks\' answers, is in the JSON file of the same name.',
    '',
  ].join('\n');
}

/**
 * The whole run: the origin and edge (left running in `procs`, for the caller to stop),
 * the suite (all tests, or `ids`), the results.
 */
export async function runConformance(opts: { procs: ProcessGroup; repoRoot: string; tmp: string; ids?: readonly string[] }): Promise<ConformanceResults> {
  const started = new Date();
  const t0 = performance.now();
  const stack = await startStack(opts.procs, opts.repoRoot, opts.tmp);
  const tests = await runSuite(stack.edgeUrl, opts.ids);
  const pkg = JSON.parse(readFileSync(join(opts.repoRoot, 'node_modules/http-cache-tests/package.json'), 'utf8')) as { version: string; license: string };
  return {
    date: dateStamp(started),
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    suite: { package: 'http-cache-tests', version: pkg.version, license: pkg.license },
    commit: machineInfo(undefined, opts.repoRoot).commit,
    summary: summarize(tests),
    tests,
  };
}

/** Writes bench/results/conformance/<date>.{json,md}; returns their paths. */
export function writeConformanceResults(repoRoot: string, r: ConformanceResults): { json: string; md: string } {
  return writeResultFiles(join(repoRoot, 'bench/results/conformance'), r.date, r, conformanceMarkdown(r));
}
