import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from './index.ts';
import { issuesOf, valueOf } from './test-fixtures.ts';

describe('parseConfigText: syntax errors carry line and column', () => {
  const table: [string, string, 'yaml' | 'json', string][] = [
    ['unclosed flow sequence', 'distributions: [1, 2\ncachePolicies: []', 'yaml', 'YAML syntax error at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['duplicate key', 'distributions: []\ndistributions: []', 'yaml', 'YAML syntax error at line 2, column 1: Map keys must be unique'],
    ['bad indentation', 'cachePolicies:\n  - id: a\n   minTTL: 1', 'yaml', 'YAML syntax error at line 3, column 1: Sequence item without - indicator'],
    ['unterminated string', 'a: "x', 'yaml', 'YAML syntax error at line 1, column 6: Missing closing "quote'],
    ['two documents', '---\n{}\n---\n{}', 'yaml', "YAML syntax error at line 3, column 1: a config file holds one YAML document, but '---' starts another"],
    ['JSON: missing value', '{\n "distributions": [],\n "cachePolicies": }', 'json', "JSON syntax error at line 3, column 19: Unexpected token '}'"],
    ['JSON: trailing comma', '{\n  "distributions": [],\n}', 'json', 'JSON syntax error at line 3, column 1: Expected double-quoted property name'],
    ['JSON: missing colon', '{"distributions" []}', 'json', "JSON syntax error at line 1, column 18: Expected ':' after property name"],
    ['JSON: truncated', '{"distributions": [', 'json', 'JSON syntax error at line 1, column 20: Unexpected end of JSON input'],
  ];
  for (const [name, text, format, message] of table) {
    it(name, () => {
      assert.deepStrictEqual(issuesOf(parseConfigText(text, format)), [{ path: '', message }]);
    });
  }
});

describe('parseConfigText: documents', () => {
  it('treats an empty YAML file (or only comments) as an empty config', () => {
    const empty = { distributions: [], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], trustedProxies: [], functions: [], lambdaFunctions: [], keyValueStores: [], realtimeLogConfigs: [] };
    assert.deepStrictEqual(valueOf(parseConfigText('')), empty);
    assert.deepStrictEqual(valueOf(parseConfigText('# nothing yet\n')), empty);
  });

  it('reads YAML 1.2: yes/on stay strings, so they are not booleans', () => {
    const text = 'distributions:\n  - origins: [{ id: a, domainName: a.example.com }]\n    enabled: yes\n    defaultCacheBehavior: { targetOriginId: a, cachePolicyId: Managed-CachingDisabled }';
    assert.deepStrictEqual(issuesOf(parseConfigText(text)), [
      { path: 'distributions[0].enabled', message: "must be true or false, got 'yes'" },
    ]);
  });

  it('validates the parsed document, with paths into it', () => {
    assert.deepStrictEqual(issuesOf(parseConfigText('cachePolicies:\n  - id: p\n    minTTL: -1\n')), [
      { path: 'cachePolicies[0].minTTL', message: 'must be a whole number of seconds, 0 or more (got -1)' },
    ]);
  });

  it('reports an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    assert.deepStrictEqual(issuesOf(parseConfigText(bomb)), [
      { path: '', message: 'YAML could not be read: Excessive alias count indicates a resource exhaustion attack' },
    ]);
  });
});
