import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCESS_LOG_FIELDS,
  accessLogFileName,
  accessLogHeader,
  formatAccessLogLine,
  parseAccessLogLine,
} from './access-log.ts';
import { sampleRecord } from './test-fixtures.ts';

const CHROME_78 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36';
const CHROME_78_LOGGED =
  'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36';

describe('standard log header', () => {
  it('has the 33 documented fields in order', () => {
    assert.equal(ACCESS_LOG_FIELDS.length, 33);
    // The "#Fields:" line of the developer guide's example log file.
    assert.equal(
      accessLogHeader(),
      '#Version: 1.0\n' +
        '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) ' +
        'cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol ' +
        'cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type ' +
        'cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte ' +
        'x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n',
    );
  });
});

describe('formatAccessLogLine', () => {
  // Records behind the lines of the developer guide's example log file, and those lines.
  const docExamples: [name: string, record: ReturnType<typeof sampleRecord>, line: string[]][] = [
    [
      'https Hit over HTTP/2',
      sampleRecord({
        timestamp: Date.UTC(2019, 11, 4, 21, 2, 30, 999),
        timeTaken: 0.001,
        timeToFirstByte: 0.001,
        edgeLocation: 'LAX1',
        scBytes: 392,
        clientIp: '192.0.2.100',
        clientPort: 11040,
        distributionDomain: 'd111111abcdef8.cloudfront.net',
        hostHeader: 'd111111abcdef8.cloudfront.net',
        uriStem: '/index.html',
        userAgent: CHROME_78,
        requestId: 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
        protocol: 'https',
        protocolVersion: 'HTTP/2.0',
        sslProtocol: 'TLSv1.2',
        sslCipher: 'ECDHE-RSA-AES128-GCM-SHA256',
        csBytes: 23,
        contentType: 'text/html',
        contentLength: 78,
      }),
      ['2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html',
        '200', '-', CHROME_78_LOGGED, '-', '-', 'Hit', 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
        'd111111abcdef8.cloudfront.net', 'https', '23', '0.001', '-', 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit',
        'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-'],
    ],
    [
      'http 502 OriginDnsError with a referer and an alternate domain name',
      sampleRecord({
        timestamp: Date.UTC(2019, 11, 13, 22, 36, 26, 950),
        timeTaken: 0.102,
        timeToFirstByte: 0.102,
        edgeLocation: 'SEA19-C1',
        scBytes: 900,
        clientIp: '192.0.2.200',
        clientPort: 25260,
        distributionDomain: 'd111111abcdef8.cloudfront.net',
        hostHeader: 'www.example.com',
        uriStem: '/favicon.ico',
        status: 502,
        referer: 'http://www.example.com/',
        userAgent: CHROME_78,
        resultType: 'Error',
        responseResultType: 'Error',
        detailedResultType: 'OriginDnsError',
        requestId: '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==',
        csBytes: 675,
        contentType: 'text/html',
        contentLength: 507,
        sslProtocol: 'TLSv1.3', // ignored: cs-protocol is http
      }),
      ['2019-12-13', '22:36:27', 'SEA19-C1', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/favicon.ico',
        '502', 'http://www.example.com/', CHROME_78_LOGGED, '-', '-', 'Error',
        '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==', 'www.example.com', 'http', '675', '0.102', '-', '-',
        '-', 'Error', 'HTTP/1.1', '-', '-', '25260', '0.102', 'OriginDnsError', 'text/html', '507', '-', '-'],
    ],
    [
      'curl',
      sampleRecord({
        timestamp: Date.UTC(2019, 11, 13, 22, 37, 1, 900),
        timeTaken: 0.103,
        timeToFirstByte: 0.103,
        edgeLocation: 'SEA19-C2',
        scBytes: 900,
        clientIp: '192.0.2.200',
        clientPort: 12644,
        distributionDomain: 'd111111abcdef8.cloudfront.net',
        hostHeader: 'www.example.com',
        uriStem: '/',
        status: 502,
        userAgent: 'curl/7.55.1',
        resultType: 'Error',
        responseResultType: 'Error',
        detailedResultType: 'OriginDnsError',
        requestId: 'kBkDzGnceVtWHqSCqBUqtA_cEs2T3tFUBbnBNkB9El_uVRhHgcZfcw==',
        csBytes: 387,
        contentType: 'text/html',
        contentLength: 507,
      }),
      ['2019-12-13', '22:37:02', 'SEA19-C2', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/', '502',
        '-', 'curl/7.55.1', '-', '-', 'Error', 'kBkDzGnceVtWHqSCqBUqtA_cEs2T3tFUBbnBNkB9El_uVRhHgcZfcw==',
        'www.example.com', 'http', '387', '0.103', '-', '-', '-', 'Error', 'HTTP/1.1', '-', '-', '12644', '0.103',
        'OriginDnsError', 'text/html', '507', '-', '-'],
    ],
  ];
  for (const [name, record, fields] of docExamples) {
    it(`reproduces the developer guide's example line: ${name}`, () => {
      assert.equal(formatAccessLogLine(record, { includeCookies: false }), fields.join('\t') + '\n');
    });
  }

  const field = (overrides: Parameters<typeof sampleRecord>[0], name: string, includeCookies = false): string =>
    parseAccessLogLine(formatAccessLogLine(sampleRecord(overrides), { includeCookies }))[name] as string;

  it('dates the line when the response finished, in UTC', () => {
    // Arrived 23:59:59.900 on Dec 31, took 0.2 s: finished in the next year.
    const r = { timestamp: Date.UTC(2023, 11, 31, 23, 59, 59, 900), timeTaken: 0.2 };
    assert.equal(field(r, 'date'), '2024-01-01');
    assert.equal(field(r, 'time'), '00:00:00');
  });

  it('logs status 0 as 000', () => {
    assert.equal(field({ status: 0 }, 'sc-status'), '000');
    assert.equal(field({ status: 304 }, 'sc-status'), '304');
  });

  it('writes seconds with three decimals', () => {
    assert.equal(field({ timeTaken: 1.23456 }, 'time-taken'), '1.235');
    assert.equal(field({ timeTaken: 0 }, 'time-taken'), '0.000');
    assert.equal(field({ timeToFirstByte: 0.0004 }, 'time-to-first-byte'), '0.000');
    assert.equal(field({ timeToFirstByte: 12 }, 'time-to-first-byte'), '12.000');
    assert.equal(field({ timeToFirstByte: Number.NaN }, 'time-to-first-byte'), '-');
  });

  it('logs the cookie only when cookie logging is on', () => {
    assert.equal(field({ cookie: 'a=1; b=2' }, 'cs(Cookie)', false), '-');
    assert.equal(field({ cookie: 'a=1; b=2' }, 'cs(Cookie)', true), 'a=1;%20b=2');
    assert.equal(field({ cookie: undefined }, 'cs(Cookie)', true), '-');
  });

  it('logs the query without "?" and "-" when there is none', () => {
    assert.equal(field({ query: '' }, 'cs-uri-query'), '-');
    assert.equal(field({ query: 'a=1&b=x%20y' }, 'cs-uri-query'), 'a=1&b=x%2520y');
  });

  it('writes "-" for absent and empty values', () => {
    const r = {
      referer: '', userAgent: undefined, hostHeader: undefined, forwardedFor: undefined, contentType: undefined,
      contentLength: undefined, rangeStart: undefined, rangeEnd: undefined, clientPort: undefined,
    };
    for (const name of ['cs(Referer)', 'cs(User-Agent)', 'x-host-header', 'x-forwarded-for', 'sc-content-type',
      'sc-content-len', 'sc-range-start', 'sc-range-end', 'c-port', 'fle-status', 'fle-encrypted-fields']) {
      assert.equal(field(r, name), '-', name);
    }
  });

  it('logs ranges, content length and x-forwarded-for when present', () => {
    const r = { rangeStart: 0, rangeEnd: 1023, contentLength: 1024, forwardedFor: '203.0.113.9' };
    assert.equal(field(r, 'sc-range-start'), '0');
    assert.equal(field(r, 'sc-range-end'), '1023');
    assert.equal(field(r, 'sc-content-len'), '1024');
    assert.equal(field(r, 'x-forwarded-for'), '203.0.113.9');
  });

  it('keeps hostile header values inside their field', () => {
    const line = formatAccessLogLine(
      sampleRecord({ userAgent: 'evil\tagent\r\nX: y', referer: 'a\nb', cookie: 'c\u0000d' }),
      { includeCookies: true },
    );
    assert.equal(line.split('\n').length, 2); // one line, then the empty rest after its "\n"
    assert.equal(line.split('\t').length, 33);
    const parsed = parseAccessLogLine(line);
    assert.equal(parsed['cs(User-Agent)'], 'evil%09agent%0D%0AX:%20y');
    assert.equal(parsed['cs(Referer)'], 'a%0Ab');
    assert.equal(parsed['cs(Cookie)'], 'c%00d');
  });
});

describe('URL encoding of field values', () => {
  // "Standard log file format": codes 0-32, codes 127 and higher, and the table's characters.
  const table: [raw: string, logged: string][] = [
    ['<', '%3C'], ['>', '%3E'], ['"', '%22'], ['#', '%23'], ['%', '%25'], ['{', '%7B'], ['}', '%7D'],
    ['|', '%7C'], ['\\', '%5C'], ['^', '%5E'], ['~', '%7E'], ['[', '%5B'], [']', '%5D'], ['`', '%60'],
    ["'", '%27'], [' ', '%20'],
    ['\u0000', '%00'], ['\t', '%09'], ['\n', '%0A'], ['\u001f', '%1F'], ['\u007f', '%7F'],
    // node:http hands over header bytes one char per byte: UTF-8 "é" arrives as "\xc3\xa9".
    ['\u00c3\u00a9', '%C3%A9'], ['\u00ff', '%FF'],
    // Chars that cannot come from the wire are written as their UTF-8 bytes.
    ['\u20ac', '%E2%82%AC'], ['\u{1f600}', '%F0%9F%98%80'], ['\ud800', '%EF%BF%BD'],
    // Left alone: the doc's example User-Agent keeps ( ) ; , and / as they are.
    ["!$&()*+,-./:;=?@_", "!$&()*+,-./:;=?@_"], ['AZaz09', 'AZaz09'],
  ];
  for (const [raw, logged] of table) {
    it(`${JSON.stringify(raw)} -> ${logged}`, () => {
      assert.equal(parseAccessLogLine(formatAccessLogLine(sampleRecord({ userAgent: raw }), { includeCookies: false }))['cs(User-Agent)'], logged);
    });
  }

  it('encodes the raw request path on top of the viewer\'s own percent-encoding', () => {
    const parsed = parseAccessLogLine(formatAccessLogLine(sampleRecord({ uriStem: '/a%20b/c d' }), { includeCookies: false }));
    assert.equal(parsed['cs-uri-stem'], '/a%2520b/c%20d');
  });
});

describe('parseAccessLogLine', () => {
  it('round-trips formatAccessLogLine, field by field', () => {
    const r = sampleRecord({ query: 'x=1', cookie: 'k=v', referer: 'https://ref.example/', rangeStart: 5, rangeEnd: 9 });
    const line = formatAccessLogLine(r, { includeCookies: true });
    const parsed = parseAccessLogLine(line);
    assert.deepEqual(Object.keys(parsed), [...ACCESS_LOG_FIELDS]);
    assert.equal(ACCESS_LOG_FIELDS.map((name) => parsed[name]).join('\t') + '\n', line);
    assert.equal(parsed['cs-uri-query'], 'x=1');
    assert.equal(parsed['cs(Cookie)'], 'k=v');
    assert.equal(parsed['x-host-header'], 'www.example.com');
    assert.equal(parsed['cs(Host)'], 'e123.cachefront.local');
  });

  it('gives {} for header lines and ignores a trailing extra tab', () => {
    assert.deepEqual(parseAccessLogLine('#Version: 1.0\n'), {});
    const parsed = parseAccessLogLine(formatAccessLogLine(sampleRecord(), { includeCookies: false }).replace('\n', '\t\n'));
    assert.equal(Object.keys(parsed).length, 33);
    assert.equal(parsed['sc-range-end'], '-');
  });
});

describe('accessLogFileName', () => {
  const table: [prefix: string, hour: number, expected: string][] = [
    // "File name format" example: example-prefix/EMLARXS9EXAMPLE.2019-11-14-20.RT4KCN4SGK9.gz
    ['example-prefix/', Date.UTC(2019, 10, 14, 20), 'example-prefix/EMLARXS9EXAMPLE.2019-11-14-20.RT4KCN4SGK9.gz'],
    // "If your prefix doesn't end with a forward slash (/), CloudFront appends one automatically."
    ['example-prefix', Date.UTC(2019, 10, 14, 20), 'example-prefix/EMLARXS9EXAMPLE.2019-11-14-20.RT4KCN4SGK9.gz'],
    ['', Date.UTC(2019, 0, 2, 3), 'EMLARXS9EXAMPLE.2019-01-02-03.RT4KCN4SGK9.gz'],
    ['a/b/', Date.UTC(2019, 0, 2, 3), 'a/b/EMLARXS9EXAMPLE.2019-01-02-03.RT4KCN4SGK9.gz'],
    // Any instant within the hour names that hour.
    ['', Date.UTC(2019, 0, 2, 23, 59, 59, 999), 'EMLARXS9EXAMPLE.2019-01-02-23.RT4KCN4SGK9.gz'],
  ];
  for (const [prefix, hour, expected] of table) {
    it(`${JSON.stringify(prefix)} -> ${expected}`, () => {
      assert.equal(accessLogFileName(prefix, 'EMLARXS9EXAMPLE', hour, 'RT4KCN4SGK9'), expected);
    });
  }
});
