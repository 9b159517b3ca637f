import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideStorage, type StorageDecision } from './ttl.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const http = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toUTCString();
const GET = ['GET', 'HEAD'] as const;

type Row = {
  name: string;
  ttls: [min: number, def: number, max: number];
  status?: number;
  method?: string;
  headers?: Record<string, string | string[]>;
  errorCachingMinTTL?: number;
  authorizedRequest?: boolean;
  expect: { ttl: number; source?: string; initialAge?: number } | { refused: string };
};

// "Managing how long content stays in the cache (expiration)", row by row, both columns.
const rows: Row[] = [
  // max-age, minTTL = 0: lesser of max-age and maxTTL
  { name: 'max-age under maxTTL', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60' }, expect: { ttl: 60, source: 'max-age' } },
  { name: 'max-age over maxTTL', ttls: [0, 86400, 300], headers: { 'cache-control': 'max-age=3600' }, expect: { ttl: 300, source: 'max-ttl' } },
  { name: 'max-age=0, no validator', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=0' }, expect: { refused: 'zero-ttl-without-validator' } },
  { name: 'max-age=0 with ETag: stored, always revalidated', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=0', etag: '"x"' }, expect: { ttl: 0, source: 'max-age' } },
  // max-age, minTTL > 0: clamp
  { name: 'max-age below minTTL', ttls: [120, 86400, 31536000], headers: { 'cache-control': 'max-age=60' }, expect: { ttl: 120, source: 'min-ttl' } },
  { name: 'max-age between min and max', ttls: [30, 86400, 31536000], headers: { 'cache-control': 'max-age=60' }, expect: { ttl: 60, source: 'max-age' } },
  { name: 'max-age above maxTTL (min > 0)', ttls: [30, 60, 90], headers: { 'cache-control': 'max-age=600' }, expect: { ttl: 90, source: 'max-ttl' } },
  // no caching headers: defaultTTL, or the greater of min and default
  { name: 'no headers: defaultTTL', ttls: [0, 86400, 31536000], headers: {}, expect: { ttl: 86400, source: 'default-ttl' } },
  { name: 'no headers, minTTL > 0', ttls: [5, 60, 3600], headers: {}, expect: { ttl: 60, source: 'default-ttl' } },
  // s-maxage wins over max-age
  { name: 's-maxage wins', ttls: [0, 86400, 31536000], headers: { 'cache-control': 's-maxage=30, max-age=5' }, expect: { ttl: 30, source: 's-maxage' } },
  { name: 's-maxage over maxTTL', ttls: [0, 86400, 20], headers: { 'cache-control': 'max-age=5, s-maxage=30' }, expect: { ttl: 20, source: 'max-ttl' } },
  { name: 's-maxage below minTTL', ttls: [60, 86400, 31536000], headers: { 'cache-control': 's-maxage=30' }, expect: { ttl: 60, source: 'min-ttl' } },
  // Expires
  { name: 'Expires in 120 s', ttls: [0, 86400, 31536000], headers: { expires: http(120), date: http(0) }, expect: { ttl: 120, source: 'expires' } },
  { name: 'Expires after maxTTL', ttls: [0, 86400, 60], headers: { expires: http(120), date: http(0) }, expect: { ttl: 60, source: 'max-ttl' } },
  { name: 'Expires before minTTL', ttls: [300, 86400, 31536000], headers: { expires: http(120) }, expect: { ttl: 300, source: 'min-ttl' } },
  { name: 'max-age wins over Expires', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=10', expires: http(1000) }, expect: { ttl: 10, source: 'max-age' } },
  { name: 'invalid Expires means already expired', ttls: [0, 86400, 31536000], headers: { expires: '0', etag: '"e"' }, expect: { ttl: 0, source: 'expires' } },
  // no-cache / no-store / private
  { name: 'no-store, minTTL 0: not cached', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'no-store' }, expect: { refused: 'no-store' } },
  { name: 'no-cache, minTTL 0: not cached', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'no-cache' }, expect: { refused: 'no-store' } },
  { name: 'private, minTTL 0: not cached', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'private, max-age=60' }, expect: { refused: 'no-store' } },
  { name: 'no-store, minTTL > 0: cached for minTTL', ttls: [45, 86400, 31536000], headers: { 'cache-control': 'no-store' }, expect: { ttl: 45, source: 'min-ttl' } },
  { name: 'private, minTTL > 0: cached for minTTL', ttls: [45, 86400, 31536000], headers: { 'cache-control': 'private' }, expect: { ttl: 45, source: 'min-ttl' } },
  // caching disabled (Managed-CachingDisabled: 0/0/0)
  { name: 'CachingDisabled never stores', ttls: [0, 0, 0], headers: { 'cache-control': 'max-age=600' }, expect: { refused: 'caching-disabled' } },
  // methods
  { name: 'POST is never cached', ttls: [0, 86400, 31536000], method: 'POST', headers: {}, expect: { refused: 'method-not-cached' } },
  { name: 'OPTIONS not in cachedMethods', ttls: [0, 86400, 31536000], method: 'OPTIONS', headers: {}, expect: { refused: 'method-not-cached' } },
  // Age from upstream counts against header lifetimes (RFC 9111 §4.2.3)
  { name: 'Age header is kept as initial age', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60', age: '20' }, expect: { ttl: 60, initialAge: 20 } },
  { name: 'Age beyond max-age without validator', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60', age: '90' }, expect: { refused: 'zero-ttl-without-validator' } },
  { name: 'Age does not eat into defaultTTL', ttls: [0, 100, 31536000], headers: { age: '90' }, expect: { ttl: 100, initialAge: 0 } },
  // Vary: * ("Content negotiation")
  { name: 'Vary: * with minTTL 0', ttls: [0, 86400, 31536000], headers: { vary: 'Accept, *' }, expect: { refused: 'vary-star' } },
  { name: 'Vary: * with minTTL > 0 is cached', ttls: [10, 86400, 31536000], headers: { vary: '*' }, expect: { ttl: 86400 } },
  // statuses
  { name: '301 cached by the TTL table', ttls: [0, 86400, 31536000], status: 301, headers: { 'cache-control': 'max-age=5' }, expect: { ttl: 5 } },
  { name: '302 cached (CloudFront caches redirects)', ttls: [0, 86400, 31536000], status: 302, headers: {}, expect: { ttl: 86400 } },
  { name: '206 cached', ttls: [0, 86400, 31536000], status: 206, headers: {}, expect: { ttl: 86400 } },
  { name: '201 not cached', ttls: [0, 86400, 31536000], status: 201, headers: {}, expect: { refused: 'status-not-cacheable' } },
  { name: '304 from origin is never stored as an object', ttls: [0, 86400, 31536000], status: 304, headers: {}, expect: { refused: 'status-not-cacheable' } },
];

// "HTTP 4xx and 5xx status codes that CloudFront caches" and "Control how long CloudFront caches errors".
const errorRows: Row[] = [
  ...[404, 405, 414, 500, 501, 502, 503, 504].map(
    (status): Row => ({ name: `${status} always cached for ErrorCachingMinTTL (10 s default)`, ttls: [0, 86400, 31536000], status, headers: {}, expect: { ttl: 10, source: 'error-caching-min-ttl' } }),
  ),
  ...[400, 403, 410, 412, 415].map(
    (status): Row => ({ name: `${status} not cached without max-age`, ttls: [0, 86400, 31536000], status, headers: {}, expect: { refused: 'error-without-max-age' } }),
  ),
  ...[400, 403, 412, 415].map(
    (status): Row => ({ name: `${status} cached with max-age`, ttls: [0, 86400, 31536000], status, headers: { 'cache-control': 'max-age=30' }, expect: { ttl: 30, source: 'max-age' } }),
  ),
  { name: '416 never cached', ttls: [0, 86400, 31536000], status: 416, headers: { 'cache-control': 'max-age=30' }, expect: { refused: 'status-not-cacheable' } },
  { name: '401 not cached', ttls: [0, 86400, 31536000], status: 401, headers: { 'cache-control': 'max-age=30' }, expect: { refused: 'status-not-cacheable' } },
  { name: 'error max-age larger than min wins', ttls: [0, 86400, 31536000], status: 404, headers: { 'cache-control': 'max-age=300' }, expect: { ttl: 300, source: 'max-age' } },
  { name: 'error max-age smaller than min: min wins', ttls: [0, 86400, 31536000], status: 404, headers: { 'cache-control': 'max-age=3' }, expect: { ttl: 10, source: 'error-caching-min-ttl' } },
  { name: 'error max-age capped at maxTTL', ttls: [0, 86400, 60], status: 500, headers: { 'cache-control': 's-maxage=300' }, expect: { ttl: 60, source: 's-maxage' } },
  { name: 'custom ErrorCachingMinTTL', ttls: [0, 86400, 31536000], status: 503, headers: {}, errorCachingMinTTL: 2, expect: { ttl: 2 } },
  { name: 'ErrorCachingMinTTL 0 disables error caching', ttls: [0, 86400, 31536000], status: 503, headers: {}, errorCachingMinTTL: 0, expect: { refused: 'status-not-cacheable' } },
  { name: 'no-store honoured on 404', ttls: [0, 86400, 31536000], status: 404, headers: { 'cache-control': 'no-store' }, expect: { refused: 'no-store' } },
  { name: 'no-cache honoured on 501', ttls: [0, 86400, 31536000], status: 501, headers: { 'cache-control': 'no-cache' }, expect: { refused: 'no-store' } },
  { name: 'private honoured on 414', ttls: [0, 86400, 31536000], status: 414, headers: { 'cache-control': 'private' }, expect: { refused: 'no-store' } },
  { name: 'no-store ignored on 503', ttls: [0, 86400, 31536000], status: 503, headers: { 'cache-control': 'no-store' }, expect: { ttl: 10 } },
  { name: 'no-store ignored on 500', ttls: [0, 86400, 31536000], status: 500, headers: { 'cache-control': 'no-store' }, expect: { ttl: 10 } },
  { name: 'Expires on an error counts like max-age', ttls: [0, 86400, 31536000], status: 404, headers: { expires: http(100), date: http(0) }, expect: { ttl: 100, source: 'expires' } },
];

function run(row: Row): StorageDecision {
  const [minTTL, defaultTTL, maxTTL] = row.ttls;
  return decideStorage({
    policy: { minTTL, defaultTTL, maxTTL },
    method: row.method ?? 'GET',
    cachedMethods: [...GET],
    status: row.status ?? 200,
    headers: row.headers ?? {},
    now: NOW,
    ...(row.errorCachingMinTTL === undefined ? {} : { errorCachingMinTTL: row.errorCachingMinTTL }),
    ...(row.authorizedRequest === undefined ? {} : { authorizedRequest: row.authorizedRequest }),
  });
}

// From a parent tier (X-Cachefront-Tier): its Age is time this CDN already held the
// object, so it counts against every TTL; the origin's own Age (above) only against headers.
const T = 'x-cachefront-tier';
const tierRows: Row[] = [
  { name: 'max-age: Age counts (as from an origin)', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60', age: '20', [T]: 'shield-hit' }, expect: { ttl: 60, initialAge: 20 } },
  { name: 'defaultTTL: Age counts too', ttls: [0, 100, 31536000], headers: { age: '90', [T]: 'shield-hit' }, expect: { ttl: 100, source: 'default-ttl', initialAge: 90 } },
  { name: 'minTTL clamp: Age counts', ttls: [120, 86400, 31536000], headers: { 'cache-control': 'max-age=60', age: '30', [T]: 'regional-hit' }, expect: { ttl: 120, initialAge: 30 } },
  { name: 'maxTTL clamp: Age counts', ttls: [0, 60, 90], headers: { 'cache-control': 'max-age=600', age: '30', [T]: 'shield-hit' }, expect: { ttl: 90, initialAge: 30 } },
  { name: 'no-store under minTTL: Age counts', ttls: [60, 60, 60], headers: { 'cache-control': 'no-store', age: '10', [T]: 'shield-hit' }, expect: { ttl: 60, initialAge: 10 } },
  { name: 'defaultTTL used up, no validator: not stored', ttls: [0, 100, 31536000], headers: { age: '100', [T]: 'shield-hit' }, expect: { refused: 'zero-ttl-without-validator' } },
  { name: 'defaultTTL used up, with ETag: stored, revalidated', ttls: [0, 100, 31536000], headers: { age: '150', etag: '"v"', [T]: 'shield-hit' }, expect: { ttl: 100, initialAge: 150 } },
  { name: 'fetched from the origin by the parent: no Age, nothing spent', ttls: [0, 100, 31536000], headers: { [T]: 'origin' }, expect: { ttl: 100, initialAge: 0 } },
  { name: 'cached error: Age counts against errorCachingMinTTL', ttls: [0, 86400, 31536000], status: 404, headers: { age: '4', [T]: 'shield-hit' }, expect: { ttl: 10, initialAge: 4 } },
];

// RFC 9111 §5.1 Age that is not one non-negative integer on one line: the response is
// stale (http-cache-tests "age-parse"); with a validator it is stored and revalidated.
const MA = { 'cache-control': 'max-age=3600' };
const ageRows: Row[] = [
  ...['abc', '-7200', '7200.0', '7200,0', '0,7200', '0, 0', '7200;foo=bar'].map((age): Row => ({ name: `Age: ${age} is stale`, ttls: [0, 86400, 31536000], headers: { ...MA, age }, expect: { refused: 'zero-ttl-without-validator' } })),
  { name: 'two Age lines are stale', ttls: [0, 86400, 31536000], headers: { ...MA, age: ['0', '0'] }, expect: { refused: 'zero-ttl-without-validator' } },
  { name: 'an untrusted Age with a validator: stored, always revalidated', ttls: [0, 86400, 31536000], headers: { ...MA, age: 'abc', etag: '"v"' }, expect: { ttl: 3600, initialAge: 2147483648 } },
  { name: 'Age with spaces around one integer is fine', ttls: [0, 86400, 31536000], headers: { ...MA, age: ' 20 ' }, expect: { ttl: 3600, initialAge: 20 } },
  { name: 'a huge Age counts as 2^31 (RFC 9111 §1.2.2)', ttls: [0, 86400, 31536000], headers: { ...MA, age: '99999999999999999999', etag: '"v"' }, expect: { ttl: 3600, initialAge: 2147483648 } },
];

// RFC 9111 §3.5: Authorization reached the origin but is not in the cache key.
const authRows: Row[] = [
  { name: 'explicit freshness is not enough', ttls: [0, 86400, 31536000], headers: { expires: http(3600), date: http(0) }, authorizedRequest: true, expect: { refused: 'authorized-request' } },
  { name: 'not even with minTTL > 0', ttls: [60, 86400, 31536000], headers: { 'cache-control': 'max-age=600' }, authorizedRequest: true, expect: { refused: 'authorized-request' } },
  { name: 'nor for a cached error status', ttls: [0, 86400, 31536000], status: 404, headers: {}, authorizedRequest: true, expect: { refused: 'authorized-request' } },
  { name: 'public makes it shareable', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'public, max-age=60' }, authorizedRequest: true, expect: { ttl: 60 } },
  { name: 's-maxage makes it shareable', ttls: [0, 86400, 31536000], headers: { 'cache-control': 's-maxage=60' }, authorizedRequest: true, expect: { ttl: 60 } },
  { name: 'must-revalidate makes it shareable', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60, must-revalidate' }, authorizedRequest: true, expect: { ttl: 60 } },
  { name: 'in the cache key (not flagged): CloudFront rules alone', ttls: [0, 86400, 31536000], headers: { 'cache-control': 'max-age=60' }, authorizedRequest: false, expect: { ttl: 60 } },
];

for (const [title, table] of [['TTL table', rows], ['error caching', errorRows], ['from a parent tier', tierRows], ['Age parsing', ageRows], ['Authorization', authRows]] as const) {
  describe(title, () => {
    for (const row of table) {
      it(row.name, () => {
        const d = run(row);
        if ('refused' in row.expect) {
          assert.deepEqual(d, { store: false, reason: row.expect.refused });
          return;
        }
        assert.ok(d.store, `expected store, got ${JSON.stringify(d)}`);
        assert.equal(d.ttl, row.expect.ttl);
        if (row.expect.source) assert.equal(d.source, row.expect.source);
        if (row.expect.initialAge !== undefined) assert.equal(d.initialAge, row.expect.initialAge);
      });
    }
  });
}

describe('cached methods', () => {
  it('OPTIONS is cached when cachedMethods includes it', () => {
    const d = decideStorage({ policy: { minTTL: 0, defaultTTL: 60, maxTTL: 60 }, method: 'OPTIONS', cachedMethods: ['GET', 'HEAD', 'OPTIONS'], status: 200, headers: {}, now: NOW });
    assert.deepEqual(d, { store: true, ttl: 60, initialAge: 0, source: 'default-ttl' });
  });
});
