import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REALTIME_LOG_FIELDS, formatRealtimeLine, isRealtimeField, realtimeFieldValues, sampled } from './realtime.ts';
import { sampleRecord } from './test-fixtures.ts';

/** The developer guide's "Real-time logs" > Fields list, in order. */
const DOC_FIELDS = [
  'timestamp', 'c-ip', 'time-to-first-byte', 'sc-status', 'sc-bytes', 'cs-method', 'cs-protocol', 'cs-host',
  'cs-uri-stem', 'cs-bytes', 'x-edge-location', 'x-edge-request-id', 'x-host-header', 'time-taken',
  'cs-protocol-version', 'c-ip-version', 'cs-user-agent', 'cs-referer', 'cs-cookie', 'cs-uri-query',
  'x-edge-response-result-type', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-result-type',
  'fle-encrypted-fields', 'fle-status', 'sc-content-type', 'sc-content-len', 'sc-range-start', 'sc-range-end',
  'c-port', 'x-edge-detailed-result-type', 'c-country', 'cs-accept-encoding', 'cs-accept',
  'cache-behavior-path-pattern', 'cs-headers', 'cs-header-names', 'cs-headers-count',
];
/** Added to CloudFront after that copy of the guide. */
const LATER_FIELDS = ['primary-distribution-id', 'primary-distribution-dns-name', 'origin-fbl', 'origin-lbl', 'asn'];

describe('real-time log fields', () => {
  it('lists the documented fields in order, then the later ones', () => {
    assert.deepEqual([...REALTIME_LOG_FIELDS], [...DOC_FIELDS, ...LATER_FIELDS]);
  });

  it('knows its fields', () => {
    for (const name of REALTIME_LOG_FIELDS) assert.ok(isRealtimeField(name), name);
    assert.equal(isRealtimeField('cs(Host)'), false); // a standard log name
    assert.equal(isRealtimeField('date'), false);
    assert.equal(isRealtimeField('toString'), false);
  });
});

describe('formatRealtimeLine', () => {
  // A record CloudFront delivered (all 40 fields of the time), from a published log pipeline's
  // samples, and the request behind it.
  const ua =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 13_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Mobile/15E148 Safari/604.1';
  const referer = 'https://preview.dashcon.io/michaelw/real-time-logs-all_fields/2020/speakers/alex-landau/';
  const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const record = sampleRecord({
    timestamp: 1600299221087 - 140,
    timeTaken: 0.14,
    timeToFirstByte: 0,
    clientIp: '174.204.64.230',
    clientPort: 10485,
    status: 304,
    scBytes: 322,
    protocol: 'https',
    protocolVersion: 'HTTP/2.0',
    hostHeader: 'preview.dashcon.io',
    distributionDomain: 'd3gpvymg9z2unc.cloudfront.net',
    uriStem: '/michaelw/real-time-logs-all_fields/2020/speakers/',
    csBytes: 637,
    edgeLocation: 'SEA19-C2',
    requestId: 'eRwgLa8bR0pQBnbTFt_jIVY77WAfmcRuE980cPpEpGBcxrM6rq97vw==',
    userAgent: ua,
    referer,
    cookie: undefined,
    resultType: 'RefreshHit',
    responseResultType: 'RefreshHit',
    detailedResultType: 'RefreshHit',
    sslProtocol: 'TLSv1.3',
    sslCipher: 'TLS_AES_128_GCM_SHA256',
    contentType: undefined,
    contentLength: undefined,
    country: 'US',
    acceptEncoding: 'gzip, deflate, br',
    accept,
    behaviorPathPattern: '/michaelw/real-time-logs-all_fields/*',
    headers: {
      host: 'preview.dashcon.io',
      accept,
      'accept-encoding': 'gzip, deflate, br',
      'if-none-match': '"c223572e08c0fc3cde6d5416ff989957"',
      'if-modified-since': 'Fri, 11 Sep 2020 23:02:55 GMT',
      'user-agent': ua,
      'accept-language': 'en-us',
      referer,
      cookie: '',
    },
  });
  const delivered = [
    '1600299221.087', '174.204.64.230', '0.000', '304', '322', 'GET', 'https', 'preview.dashcon.io',
    '/michaelw/real-time-logs-all_fields/2020/speakers/', '637', 'SEA19-C2',
    'eRwgLa8bR0pQBnbTFt_jIVY77WAfmcRuE980cPpEpGBcxrM6rq97vw==', 'd3gpvymg9z2unc.cloudfront.net', '0.140', 'HTTP/2.0',
    'IPv4',
    'Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2013_7%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/13.1.2%20Mobile/15E148%20Safari/604.1',
    referer, '-', '-', 'RefreshHit', '-', 'TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'RefreshHit', '-', '-', '-', '-', '-',
    '-', '10485', 'RefreshHit', 'US', 'gzip,%20deflate,%20br', accept, '/michaelw/real-time-logs-all_fields/*',
    'host:preview.dashcon.io%0Aaccept:text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8%0Aaccept-encoding:gzip,%20deflate,%20br%0Aif-none-match:%22c223572e08c0fc3cde6d5416ff989957%22%0Aif-modified-since:Fri,%2011%20Sep%202020%2023:02:55%20GMT%0Auser-agent:Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2013_7%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/13.1.2%20Mobile/15E148%20Safari/604.1%0Aaccept-language:en-us%0Areferer:https://preview.dashcon.io/michaelw/real-time-logs-all_fields/2020/speakers/alex-landau/%0A',
    'host%0Aaccept%0Aaccept-encoding%0Aif-none-match%0Aif-modified-since%0Auser-agent%0Aaccept-language%0Areferer%0Acookie%0A',
    '9',
  ];

  it('reproduces a record CloudFront delivered', () => {
    assert.equal(formatRealtimeLine(record, DOC_FIELDS), delivered.join('\t'));
  });

  it('gives values in the order asked for, "-" for unknown names', () => {
    assert.deepEqual(realtimeFieldValues(record, ['sc-status', 'nope', 'c-ip']), ['304', '-', '174.204.64.230']);
    assert.equal(formatRealtimeLine(record, []), '');
  });

  const value = (overrides: Parameters<typeof sampleRecord>[0], name: string): string =>
    realtimeFieldValues(sampleRecord(overrides), [name])[0] as string;

  it('puts the query into cs-uri-stem as well as cs-uri-query', () => {
    assert.equal(value({ uriStem: '/a b', query: 'x=1' }, 'cs-uri-stem'), '/a%20b?x=1');
    assert.equal(value({ query: 'x=1' }, 'cs-uri-query'), 'x=1');
    assert.equal(value({ query: '' }, 'cs-uri-query'), '-');
  });

  it('swaps cs-host and x-host-header relative to the standard log', () => {
    const r = { hostHeader: 'www.example.com', distributionDomain: 'e1.cachefront.local' };
    assert.equal(value(r, 'cs-host'), 'www.example.com');
    assert.equal(value(r, 'x-host-header'), 'e1.cachefront.local');
  });

  it('timestamps when the response finished, seconds with milliseconds', () => {
    assert.equal(value({ timestamp: 1598486432000, timeTaken: 0.123 }, 'timestamp'), '1598486432.123');
    assert.equal(value({ timestamp: 1598486432007, timeTaken: 0 }, 'timestamp'), '1598486432.007');
  });

  it('tells IPv4 from IPv6', () => {
    assert.equal(value({ clientIp: '2001:db8::1' }, 'c-ip-version'), 'IPv6');
    assert.equal(value({ clientIp: '192.0.2.1' }, 'c-ip-version'), 'IPv4');
  });

  it('leaves TLS fields "-" over http', () => {
    assert.equal(value({ protocol: 'http', sslProtocol: 'TLSv1.3' }, 'ssl-protocol'), '-');
    assert.equal(value({ protocol: 'https', sslProtocol: 'TLSv1.3' }, 'ssl-protocol'), 'TLSv1.3');
  });

  it('fills the later fields it can, "-" otherwise', () => {
    const r = { distributionId: 'E1', distributionDomain: 'e1.cachefront.local', originLatency: 0.0456 };
    assert.deepEqual(realtimeFieldValues(sampleRecord(r), LATER_FIELDS), ['E1', 'e1.cachefront.local', '0.046', '-', '-']);
    assert.deepEqual(
      realtimeFieldValues(sampleRecord({ originLatency: undefined, originLastByteLatency: 0.5, asn: 64496 }), ['origin-fbl', 'origin-lbl', 'asn']),
      ['-', '0.500', '64496'],
    );
  });

  it('truncates cs-cookie, cs-headers and cs-header-names to 800 bytes without splitting an escape', () => {
    const cookie = 'a'.repeat(798) + ' tail';
    assert.equal(value({ cookie }, 'cs-cookie'), 'a'.repeat(798)); // "%20" would not fit whole
    const headers: Record<string, string> = {};
    for (let i = 0; i < 100; i++) headers[`x-header-${i}`] = 'v v';
    for (const name of ['cs-headers', 'cs-header-names']) {
      const v = value({ headers }, name);
      assert.ok(v.length <= 800 && v.length > 790, `${name}: ${v.length}`);
      assert.doesNotMatch(v, /%.?$/);
    }
    assert.equal(value({ headers }, 'cs-headers-count'), '100');
  });

  it('writes "-" for no headers', () => {
    assert.equal(value({ headers: {} }, 'cs-headers'), '-');
    assert.equal(value({ headers: {} }, 'cs-header-names'), '-');
    assert.equal(value({ headers: {} }, 'cs-headers-count'), '0');
  });
});

describe('sampled', () => {
  const table: [rate: number, random: number, expected: boolean][] = [
    [100, 0.999999, true],
    [1, 0, true],
    [1, 0.0099, true],
    [1, 0.01, false],
    [50, 0.4999, true],
    [50, 0.5, false],
    [0, 0, false],
    [Number.NaN, 0, false],
  ];
  for (const [rate, random, expected] of table) {
    it(`rate ${rate}%, random ${random} -> ${expected}`, () => {
      assert.equal(sampled(rate, () => random), expected);
    });
  }

  it('samples about rate percent of requests', () => {
    let seed = 42;
    const lcg = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (sampled(10, lcg)) hits++;
    assert.ok(hits > 9_500 && hits < 10_500, String(hits));
  });
});
