import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aliasProblem, HostTable, originDomainProblem } from './hostname.ts';
import { problemTable } from './test-fixtures.ts';

describe('aliasProblem ("Use custom URLs by adding alternate domain names")', () => {
  const table: [string, string | undefined][] = [
    ['www.example.com', undefined],
    ['demo.localhost', undefined],
    ['localhost', undefined],
    ['*.example.com', undefined],
    ['xn--bcher-kva.example', undefined],
    ['a-b.example.com', undefined],
    ['', 'must not be empty'],
    ['WWW.example.com', 'must be lower-case (CloudFront requires lower-case alternate domain names)'],
    ['*example.com', "a wildcard is only allowed as the whole first label, as in '*.example.com'"],
    ['www.*.example.com', "a wildcard is only allowed as the whole first label, as in '*.example.com'"],
    ['*.*.example.com', "a wildcard is only allowed as the whole first label, as in '*.example.com'"],
    ['*', "a wildcard is only allowed as the whole first label, as in '*.example.com'"],
    ['www.example.com.', 'must not end with a dot'],
    ['a_b.example.com', "character '_' is not allowed in a host name"],
    ['https://example.com', "characters ':', '/' are not allowed in a host name"],
    ['a..example.com', 'must not contain empty labels (two dots in a row, or a leading dot)'],
    ['-a.example.com', "label '-a' must not start or end with '-'"],
    [`${'a'.repeat(64)}.example.com`, `label '${'a'.repeat(64)}' is longer than 63 characters`],
    [Array.from({ length: 64 }, () => 'abc').join('.'), 'must be at most 253 characters (got 255)'],
  ];
  problemTable(aliasProblem, table);
});

describe('originDomainProblem', () => {
  const table: [string, string | undefined][] = [
    ['origin.example.com', undefined],
    ['Origin.Example.com', undefined],
    ['127.0.0.1', undefined],
    ['localhost', undefined],
    ['::1', undefined],
    ['my-bucket.s3.us-east-1.amazonaws.com', undefined],
    ['', 'must not be empty'],
    ['http://origin.example.com', 'must be a host name without a scheme (set customOriginConfig.originProtocolPolicy instead)'],
    ['origin.example.com/app', 'must be a host name without a path (use originPath for a path)'],
    ['origin.example.com:8080', 'must not include a port (set customOriginConfig.httpPort or httpsPort instead)'],
    ['origin_1.example.com', "character '_' is not allowed in a host name"],
  ];
  problemTable(originDomainProblem, table);
});

describe('HostTable ("Use wildcards in alternate domain names")', () => {
  const t = new HostTable<string>();
  t.set('*.example.com', 'wild');
  t.set('www.example.com', 'www');
  t.set('*.b.example.com', 'b-wild');
  t.set('Exact.Example.org', 'exact');
  const table: [string, string | undefined][] = [
    ['www.example.com', 'www'],
    ['a.example.com', 'wild'],
    ['a.b.c.example.com', 'wild'],
    ['x.b.example.com', 'b-wild'],
    ['b.example.com', 'wild'],
    ['example.com', undefined],
    ['exact.example.org', 'exact'],
    ['a.exact.example.org', undefined],
    ['notexample.com', undefined],
    ['.example.com', undefined],
    ['com', undefined],
  ];
  for (const [host, want] of table) it(`${host} -> ${want ?? '(none)'}`, () => assert.equal(t.get(host), want));
});
