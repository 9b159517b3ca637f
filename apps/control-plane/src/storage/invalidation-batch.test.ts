import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inProgressLimitProblem, parseInvalidationBatch, pathProblem, samePaths } from './invalidation-batch.ts';

test('invalidation paths', () => {
  const table: [path: unknown, cacheTags: boolean, problem: RegExp | undefined][] = [
    ['/index.html', false, undefined],
    ['/images/*', false, undefined],
    ['/*', false, undefined],
    ['/search?q=1', false, undefined],
    ['/Case/Sensitive', false, undefined],
    ['/a%20b', false, undefined],
    ['#product-42', true, undefined],
    ['#product-*', true, undefined],
    ['#product-42', false, /sets no cacheTagHeader/],
    ['#', true, /name a cache tag/],
    ['index.html', false, /must start with '\/'/],
    ['', false, /must start with '\/'/],
    ['/images/*.jpg', false, /'\*' only as its last character/],
    ['/*/x', false, /'\*' only as its last character/],
    ['/a b', false, /spaces or control characters/],
    ['/a\u0001', false, /spaces or control characters/],
    [42, false, /must be a string/],
  ];
  for (const [path, cacheTags, problem] of table) {
    const got = pathProblem(path, { cacheTags });
    if (problem === undefined) assert.equal(got, undefined, String(path));
    else assert.match(got ?? '', problem, String(path));
  }
});

test('a batch reports every problem with its path, in either body form', () => {
  const r = parseInvalidationBatch({ callerReference: '', paths: ['/ok', 'bad', '/x*y'], extra: 1 }, { cacheTags: false });
  assert.deepEqual(
    r.issues?.map((i) => i.path),
    ['extra', 'callerReference', 'paths[1]', 'paths[2]'],
  );
  const wrapped = parseInvalidationBatch({ invalidationBatch: { callerReference: 'r', paths: [] } }, { cacheTags: false });
  assert.deepEqual(wrapped.issues, [{ path: 'invalidationBatch.paths', message: 'must list 1 to 3,000 paths (got 0)' }]);
  assert.deepEqual(parseInvalidationBatch({ invalidationBatch: { callerReference: 'r', paths: ['/a'] } }, { cacheTags: false }).value, {
    callerReference: 'r',
    paths: ['/a'],
  });
  assert.match(parseInvalidationBatch({ callerReference: 'r', paths: Array(3001).fill('/a') }, { cacheTags: false }).issues?.[0]?.message ?? '', /1 to 3,000 paths \(got 3001\)/);
  assert.equal(parseInvalidationBatch({ callerReference: 'r', paths: Array(3000).fill('/a') }, { cacheTags: false }).issues, undefined);
  assert.equal(parseInvalidationBatch([], { cacheTags: false }).issues?.[0]?.path, '');
});

test('same paths compare as sets', () => {
  assert.equal(samePaths(['/a', '/b'], ['/b', '/a']), true);
  assert.equal(samePaths(['/a', '/a', '/b'], ['/b', '/a']), true);
  assert.equal(samePaths(['/a'], ['/a', '/b']), false);
  assert.equal(samePaths(['/a'], ['/A']), false);
});

test('limits on invalidations in progress: 3,000 paths, 15 wildcards', () => {
  const files = (n: number) => Array.from({ length: n }, (_, i) => `/f${i}`);
  const stars = (n: number) => Array.from({ length: n }, (_, i) => `/d${i}/*`);
  const table: [inProgress: string[][], batch: string[], problem: RegExp | undefined][] = [
    [[], files(3000), undefined],
    [[files(2000)], files(1000), undefined],
    [[files(2000)], files(1001), /3001 paths without a wildcard .* at most 3,000/],
    [[], stars(15), undefined],
    [[stars(10), stars(4)], stars(1), undefined],
    [[stars(10), stars(5)], stars(1), /16 wildcard paths .* at most 15/],
    [[files(3000)], stars(15), undefined], // separate budgets
  ];
  for (const [inProgress, batch, problem] of table) {
    const got = inProgressLimitProblem(inProgress, batch);
    if (problem === undefined) assert.equal(got, undefined);
    else assert.match(got ?? '', problem);
  }
});
