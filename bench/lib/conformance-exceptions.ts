// The required http-cache-tests (0.4.5) that a cachefront edge does not pass, and why: each
// is either CloudFront's documented behavior (the page that says so) or a test no cache can
// pass (with the evidence). docs/testing-and-benchmarks.md's "Conformance: RFC 9111" section lists the same
// groups; test/conformance.test.ts fails when a required test fails that is not here.

export interface Exception {
  /** One group's reason, shown in the report and the README. */
  why: string;
  /** The CloudFront page (or the evidence) that says so. */
  source: string;
}

const VARY: Exception = {
  why: 'CloudFront keys the cache only on what the cache policy names (URL, and the headers, cookies and query strings in the key); it does not store variants by the Vary response header',
  source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-the-cache-key.html',
};
const INVALIDATION: Exception = {
  why: 'CloudFront removes a cached object only when it expires or is invalidated (the invalidation API); a POST, PUT or DELETE to the URL goes to the origin and leaves the cached GET response in place',
  source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Invalidation.html',
};
const METHODS: Exception = {
  why: 'CloudFront accepts only GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE (AllowedMethods); M-SEARCH is refused with 403, so the test cannot be set up',
  source: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_AllowedMethods.html',
};
const SURROGATE: Exception = {
  why: 'CloudFront sets cache duration from Cache-Control (s-maxage, max-age, no-store...) and Expires; it does not read Surrogate-Control',
  source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html',
};
const STALE_CLOSE: Exception = {
  why:
    'not passable by any cache: the origin drops the connection, and the test then requires the response to carry the origin\'s request counter (a header of the response the origin never sent). All 10 published results (node_modules/http-cache-tests/results: Apache, nginx, Squid, Varnish, Fastly, ATS, nuster, Chrome, Firefox, Safari) fail or skip it. The behavior it is about holds: with must-revalidate, proxy-revalidate, s-maxage or no-cache, the edge answers 502 instead of the stale copy (cache-core stale.test.ts)',
  source: 'node_modules/http-cache-tests/server/handle-test.mjs (disconnect) and client/test.mjs (checkResponse)',
};
const AGE_PREFIX: Exception = {
  why:
    'contradicts age-parse-dup-0 (required): `Age: 0,7200` must count as fresh while `Age: 0, 0` must count as stale, and no rule on the value gives both. cachefront treats every Age that is not one non-negative integer on one line as stale, which passes the 10 other age-parse tests and never serves a response as fresh for longer than its origin meant. All 10 published results fail age-parse-dup-0',
  source: 'node_modules/http-cache-tests/tests/age-parse.mjs',
};

export const EXCEPTIONS: ReadonlyMap<string, Exception> = new Map([
  ...['vary-no-match', 'vary-omit-stored', 'vary-omit', 'vary-2-no-match', 'vary-2-match-omit', 'vary-3-no-match', 'vary-3-order'].map((id) => [id, VARY] as const),
  ...['POST', 'PUT', 'DELETE'].flatMap((m) => [`invalidate-${m}`, `invalidate-${m}-location`, `invalidate-${m}-cl`]).map((id) => [id, INVALIDATION] as const),
  ...['invalidate-M-SEARCH', 'invalidate-M-SEARCH-location', 'invalidate-M-SEARCH-cl'].map((id) => [id, METHODS] as const),
  ...['surrogate-max-age-0-expires', 'surrogate-max-age-long-cc-max-age', 'surrogate-no-store-cc-fresh', 'surrogate-fresh-cc-nostore'].map((id) => [id, SURROGATE] as const),
  ...['stale-close-must-revalidate', 'stale-close-proxy-revalidate', 'stale-close-no-cache', 'stale-close-s-maxage=2'].map((id) => [id, STALE_CLOSE] as const),
  ['age-parse-prefix', AGE_PREFIX],
]);
