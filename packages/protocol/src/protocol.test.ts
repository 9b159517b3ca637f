import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUsage, emptyUsage, parseAckUsage, parseLogEntries, parseParents, parseStreamQuery, edgeAckPath, MAX_USAGE_ENTRIES } from './index.ts';

test('parseAckUsage: absent is empty; every problem listed with its path', () => {
  assert.deepEqual(parseAckUsage(undefined), { value: {} });
  const ok = parseAckUsage({ E1: { requests: 2, bytesOut: 10, hits: 1, misses: 1, errors: 0, newer: 5 } });
  assert.deepEqual(ok.value, { E1: { requests: 2, bytesOut: 10, hits: 1, misses: 1, errors: 0 } });
  const bad = parseAckUsage({ 'a b': { requests: -1, bytesOut: 1.5, hits: 0, misses: 0 }, E2: [] });
  assert.deepEqual(
    bad.issues?.map((i) => i.path),
    ['usage["a b"]', 'usage["a b"].requests', 'usage["a b"].bytesOut', 'usage["a b"].errors', 'usage.E2'],
  );
  assert.equal(parseAckUsage([]).issues?.[0]?.path, 'usage');
  const many = Object.fromEntries(Array.from({ length: MAX_USAGE_ENTRIES + 1 }, (_, i) => [`E${i}`, emptyUsage()]));
  assert.match(parseAckUsage(many).issues?.[0]?.message ?? '', /at most 1000/);
});

test('addUsage sums counters per distribution', () => {
  const a = { E1: { requests: 1, bytesOut: 5, hits: 1, misses: 0, errors: 0 } };
  addUsage(a, { E1: { requests: 2, bytesOut: 7, hits: 0, misses: 1, errors: 1 }, E2: { ...emptyUsage(), requests: 3 } });
  assert.deepEqual(a, { E1: { requests: 3, bytesOut: 12, hits: 1, misses: 1, errors: 1 }, E2: { ...emptyUsage(), requests: 3 } });
});

test('parseLogEntries: lists, matching lengths, strings only', () => {
  const entry = { distributionId: 'E1', configName: 'rt', fields: ['a', 'b'], values: ['1', '2'] };
  assert.deepEqual(parseLogEntries({ entries: [entry] }).value, [entry]);
  assert.equal(parseLogEntries({}).issues?.[0]?.path, 'entries');
  const bad = parseLogEntries({ entries: [{ configName: 'x' }, { ...entry, values: ['1'] }] });
  assert.deepEqual(bad.issues?.map((i) => i.path), ['entries[0]', 'entries[1]']);
});

test('parseStreamQuery: defaults, validation, optional URLs', () => {
  assert.deepEqual(parseStreamQuery({ edge: 'e1', pop: 'FRA' }).value, { edge: 'e1', pop: 'FRA', since: 0 });
  assert.deepEqual(parseStreamQuery({ edge: 'e1', pop: 'FRA56-P1', since: '7', url: 'http://127.0.0.1:8080', admin: 'http://127.0.0.1:9' }).value, {
    edge: 'e1',
    pop: 'FRA56-P1',
    since: 7,
    url: 'http://127.0.0.1:8080',
    admin: 'http://127.0.0.1:9',
  });
  const bad = parseStreamQuery({ edge: 'a/b', pop: 'fra', since: '-1', url: 'ftp://x', admin: 'http://x/y', tier: 'edge' });
  assert.deepEqual(bad.issues?.map((i) => i.path), ['edge', 'pop', 'since', 'url', 'admin', 'tier']);
});

test('parseStreamQuery: the tier is optional (older edges send none: pop)', () => {
  assert.deepEqual(parseStreamQuery({ edge: 'e1', pop: 'IAD', tier: 'shield' }).value, { edge: 'e1', pop: 'IAD', since: 0, tier: 'shield' });
  assert.equal(parseStreamQuery({ edge: 'e1', pop: 'IAD' }).value?.tier, undefined);
});

test('parseParents: routes with or without a shield; every problem with its path', () => {
  const through = { distributionId: 'E1', originId: 'o', region: 'us-east-1', shield: { edgeId: 'iad-shield', url: 'http://127.0.0.1:8090' } };
  const direct = { distributionId: 'E1', originId: 'p', region: 'eu-west-1' };
  assert.deepEqual(parseParents({ routes: [through, direct] }).value, [through, direct]);
  assert.deepEqual(parseParents({ routes: [] }).value, []);
  assert.deepEqual(parseParents({}).issues, [{ path: 'routes', message: 'must be a list of origin shield routes' }]);
  const bad = parseParents({ routes: [{ ...through, shield: { edgeId: 'x', url: 'http://h/path' } }, { originId: 'o', region: 'us-east-1' }, 'E1'] });
  assert.deepEqual(bad.issues?.map((i) => i.path), ['routes[0].shield', 'routes[1].distributionId', 'routes[2]']);
});

test('paths encode the edge id', () => {
  assert.equal(edgeAckPath('a b'), '/v1/edges/a%20b/acks');
});
