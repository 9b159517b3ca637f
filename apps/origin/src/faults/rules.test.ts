import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFaultRule, parseFaultRules, pathMatcher } from './rules.ts';

test('valid rules parse to themselves (fields in a fixed order)', () => {
  const cases: [unknown, unknown][] = [
    [{ mode: 'status', status: 503 }, { mode: 'status', status: 503 }],
    [{ status: 500, mode: 'status', path: '/api/*', headers: { 'Cache-Control': 'max-age=5' }, times: 1 }, { path: '/api/*', mode: 'status', status: 500, headers: { 'Cache-Control': 'max-age=5' }, times: 1 }],
    [{ mode: 'status', status: 103 }, { mode: 'status', status: 103 }],
    [{ mode: 'hang', path: '/x', forMs: 2000 }, { path: '/x', mode: 'hang', forMs: 2000 }],
    [{ mode: 'slow-headers', delayMs: 0 }, { mode: 'slow-headers', delayMs: 0 }],
    [{ mode: 'slow-body', delayMs: 250, chunkBytes: 4 }, { mode: 'slow-body', delayMs: 250, chunkBytes: 4 }],
    [{ mode: 'reset', path: '*.jpg', times: 3 }, { path: '*.jpg', mode: 'reset', times: 3 }],
    [{ mode: 'refuse', forMs: 1000 }, { mode: 'refuse', forMs: 1000 }],
    [{ mode: 'blackhole' }, { mode: 'blackhole' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseFaultRule(input), { value: expected }, JSON.stringify(input));
});

test('invalid rules report every problem with its path', () => {
  const cases: [unknown, string[]][] = [
    [null, ['']],
    [{}, ['mode']],
    [{ mode: 'explode' }, ['mode']],
    [{ mode: 'status' }, ['status']],
    [{ mode: 'status', status: 101 }, ['status']],
    [{ mode: 'status', status: 600 }, ['status']],
    [{ mode: 'status', status: 503, headers: { 'bad name': 'x', ok: 'a\nb', fine: 'y' } }, ['headers.bad name', 'headers.ok']],
    [{ mode: 'slow-headers' }, ['delayMs']],
    [{ mode: 'slow-body', delayMs: -1, chunkBytes: 0 }, ['delayMs', 'chunkBytes']],
    [{ mode: 'hang', delayMs: 5, delay: 5 }, ['delayMs', 'delay']],
    [{ mode: 'reset', path: 'no-slash', times: 0, forMs: 1.5 }, ['path', 'times', 'forMs']],
    [{ mode: 'refuse', path: '/x', times: 2 }, ['path', 'times']],
  ];
  for (const [input, paths] of cases) {
    const parsed = parseFaultRule(input);
    assert.ok('issues' in parsed, JSON.stringify(input));
    assert.deepEqual(parsed.issues.map((i) => i.path), paths, JSON.stringify(input));
  }
  const wrongMode = parseFaultRule({ mode: 'hang', status: 503 });
  assert.match('issues' in wrongMode ? wrongMode.issues[0]!.message : '', /belongs to status/);
});

test('refuse and blackhole need forMs when the admin API shares their port', () => {
  for (const mode of ['refuse', 'blackhole']) {
    assert.deepEqual(parseFaultRule({ mode }, { listenerNeedsForMs: true }), {
      issues: [{ path: 'forMs', message: `required for ${mode}: the admin API shares the port it closes (or start the origin with an admin port)` }],
    });
    assert.ok('value' in parseFaultRule({ mode, forMs: 10 }, { listenerNeedsForMs: true }));
  }
  assert.ok('value' in parseFaultRule({ mode: 'hang' }, { listenerNeedsForMs: true }));
});

test('a rule list: paths are prefixed with the index; one listener rule at most', () => {
  assert.deepEqual(parseFaultRules({ rules: [] }), { value: [] });
  const parsed = parseFaultRules({ rules: [{ mode: 'hang' }, { mode: 'status' }, 7], extra: 1 });
  assert.deepEqual('issues' in parsed && parsed.issues.map((i) => i.path), ['extra', 'rules[1].status', 'rules[2]']);
  assert.deepEqual(parseFaultRules({ rules: [{ mode: 'refuse' }, { mode: 'blackhole' }] }), {
    issues: [{ path: 'rules', message: 'at most one refuse or blackhole rule (there is one listening socket)' }],
  });
  assert.deepEqual(parseFaultRules([]), { issues: [{ path: '', message: 'the body must be a JSON object {"rules": [...]}' }] });
});

test('path patterns follow CloudFront: * any run of characters, ? one, everything else literal', () => {
  const cases: [string | undefined, string, boolean][] = [
    [undefined, '/anything', true],
    ['/cache/*', '/cache/max-age=60', true],
    ['/cache/*', '/cache', false],
    ['/cache*', '/cache', true],
    ['/x', '/x', true],
    ['/x', '/x/', false],
    ['*.jpg', '/a/b.jpg', true],
    ['/a?c', '/abc', true],
    ['/a?c', '/ac', false],
    ['/a.c', '/abc', false],
    ['/Case', '/case', false],
    ['/(x)+', '/(x)+', true],
  ];
  for (const [pattern, path, expected] of cases) assert.equal(pathMatcher(pattern)(path), expected, `${pattern} ~ ${path}`);
});
