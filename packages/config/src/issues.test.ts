import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssues, parseConfig } from './index.ts';
import { finishIssues, formatPath } from './issues.ts';
import { issuesOf } from './test-fixtures.ts';
import { suggest } from './zod-issues.ts';

describe('formatPath', () => {
  const table: [(string | number)[], string][] = [
    [[], ''],
    [['distributions', 0, 'cacheBehaviors', 2, 'pathPattern'], 'distributions[0].cacheBehaviors[2].pathPattern'],
    [['origins', 0, 'customHeaders', 'x-origin-secret'], 'origins[0].customHeaders["x-origin-secret"]'],
    [['origins', 0, 'customHeaders', 'Host'], 'origins[0].customHeaders.Host'],
    [[3], '[3]'],
  ];
  for (const [path, expected] of table) {
    it(expected || '(empty)', () => assert.equal(formatPath(path), expected));
  }
});

describe('formatIssues', () => {
  it('renders one issue per line as path: message', () => {
    assert.equal(
      formatIssues([
        { path: 'distributions[0].cacheBehaviors[2].pathPattern', message: "character '[' is not allowed" },
        { path: '', message: 'YAML syntax error at line 1, column 1: x' },
      ]),
      "distributions[0].cacheBehaviors[2].pathPattern: character '[' is not allowed\n(root): YAML syntax error at line 1, column 1: x",
    );
  });

  it('renders nothing for no issues', () => assert.equal(formatIssues([]), ''));
});

describe('issue order', () => {
  it('follows the order of keys in the input, then list indexes, parents first', () => {
    const input = { b: { y: 1, x: 1 }, a: [0, 1, 2] };
    const raw = [
      { path: ['a', 2], message: 'a2' },
      { path: ['a', 10], message: 'a10' },
      { path: ['b', 'x'], message: 'bx' },
      { path: ['missing'], message: 'missing' },
      { path: ['b'], message: 'b' },
      { path: ['b', 'y'], message: 'by' },
      { path: ['b', 'y'], message: 'by' },
    ];
    assert.deepStrictEqual(finishIssues(raw, input).map((i) => i.message), ['b', 'by', 'bx', 'a2', 'a10', 'missing']);
  });

  it('orders a whole config as written', () => {
    const paths = issuesOf(parseConfig({ cachePolicies: [{ id: 'a b' }], distributions: 1 })).map((i) => i.path);
    assert.deepStrictEqual(paths, ['cachePolicies[0].id', 'cachePolicies[0].minTTL', 'distributions']);
  });
});

describe('unknown keys', () => {
  const table: [string, string[], string | undefined][] = [
    ['httpport', ['httpPort', 'httpsPort'], 'httpPort'],
    ['orginPath', ['originPath', 'origins'], 'originPath'],
    ['cachePolicy', ['cachePolicyId', 'compress'], 'cachePolicyId'],
    ['pops', ['distributions', 'cachePolicies', 'originRequestPolicies'], undefined],
    ['ab', ['ac'], undefined],
  ];
  for (const [key, known, expected] of table) {
    it(`${key} -> ${expected ?? 'no suggestion'}`, () => assert.equal(suggest(key, known), expected));
  }

  it('reports each unknown key at its own path, naming it', () => {
    assert.deepStrictEqual(issuesOf(parseConfig({ trustedSigners: [], streamingDistributions: [], distribution: [] })), [
      { path: 'trustedSigners', message: "unknown key 'trustedSigners'" },
      { path: 'streamingDistributions', message: "unknown key 'streamingDistributions'" },
      { path: 'distribution', message: "unknown key 'distribution' (did you mean 'distributions'?)" },
    ]);
  });
});
