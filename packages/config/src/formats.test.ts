import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cidrProblem,
  countryCodeProblem,
  defaultRootObjectProblem,
  distributionIdProblem,
  headerNameProblem,
  originPathProblem,
  originPortProblem,
  policyIdProblem,
} from './formats.ts';
import { problemTable } from './test-fixtures.ts';

type Case = [string, (v: never) => string | undefined, unknown, string | undefined];

const ID = "must look like a CloudFront distribution id: 'E' then 11 to 13 upper-case letters or digits, e.g. EDEMO00000001";
const PORT = 'must be 80, 443, or a port from 1024 to 65535 (CloudFront allows no others)';

const table: Case[] = [
  ['distribution id from DESIGN.md (13 characters)', distributionIdProblem, 'EDEMO00000001', undefined],
  ['distribution id, 14 characters', distributionIdProblem, 'E2QWRUHAPOMQZL', undefined],
  ['distribution id, 12 characters', distributionIdProblem, 'E1A2B3C4D5E6', undefined],
  ['distribution id, 11 characters', distributionIdProblem, 'E1A2B3C4D5E', ID],
  ['distribution id, 15 characters', distributionIdProblem, 'EDFDVBD6EXAMPLE', ID],
  ['distribution id, lower-case', distributionIdProblem, 'edemo00000001', ID],
  ['distribution id, not starting with E', distributionIdProblem, 'XDEMO00000001', ID],
  ['origin path empty', originPathProblem, '', undefined],
  ['origin path /production', originPathProblem, '/production', undefined],
  ['origin path /a/b', originPathProblem, '/a/b', undefined],
  ['origin path without leading slash', originPathProblem, 'production', "must start with '/' (or be empty)"],
  ['origin path with trailing slash', originPathProblem, '/production/', "must not end with '/'"],
  ['origin path /', originPathProblem, '/', "must not end with '/'"],
  ['default root object index.html', defaultRootObjectProblem, 'index.html', undefined],
  ['default root object empty', defaultRootObjectProblem, '', undefined],
  ['default root object with leading slash', defaultRootObjectProblem, '/index.html', "must not start with '/' (write 'index.html', not '/index.html')"],
  ['default root object with a query', defaultRootObjectProblem, 'index.html?x=1', "characters '?', '=' are not allowed"],
  ['header name', headerNameProblem, 'X-Origin-Secret', undefined],
  ['header name with a space', headerNameProblem, 'x secret', 'character space is not allowed in a header name'],
  ['header name with a colon', headerNameProblem, 'x:y', "character ':' is not allowed in a header name"],
  ['policy id', policyIdProblem, 'qs-key_2', undefined],
  ['policy id with a dot', policyIdProblem, 'qs.key', "character '.' is not allowed (use letters, digits, '-' and '_')"],
  ['port 80', originPortProblem, 80, undefined],
  ['port 443', originPortProblem, 443, undefined],
  ['port 9000', originPortProblem, 9000, undefined],
  ['port 8443', originPortProblem, 8443, undefined],
  ['port 81', originPortProblem, 81, PORT],
  ['port 0', originPortProblem, 0, PORT],
  ['port 65536', originPortProblem, 65536, PORT],
  ['country US', countryCodeProblem, 'US', undefined],
  ['country us', countryCodeProblem, 'us', 'must be a two-letter upper-case ISO 3166-1 country code, e.g. US'],
  ['country USA', countryCodeProblem, 'USA', 'must be a two-letter upper-case ISO 3166-1 country code, e.g. US'],
];

describe('single-value formats', () => {
  for (const [name, problem, value, expected] of table) {
    it(`${name} -> ${expected ?? 'ok'}`, () => {
      assert.equal(problem(value as never), expected);
    });
  }
});

describe('cidrProblem (trustedProxies)', () => {
  const table: [string, string | undefined][] = [
    ['127.0.0.1', undefined],
    ['10.0.0.0/8', undefined],
    ['0.0.0.0/0', undefined],
    ['::1', undefined],
    ['fd00::/8', undefined],
    ['10.0.0.0/33', "prefix length must be 0-32, got '33'"],
    ['::/129', "prefix length must be 0-128, got '129'"],
    ['10.0.0/8', "'10.0.0' is not an IPv4 or IPv6 address"],
    ['10.0.0.0/x', "prefix length must be 0-32, got 'x'"],
    ['proxy.local', "'proxy.local' is not an IPv4 or IPv6 address"],
  ];
  problemTable(cidrProblem, table);
});
