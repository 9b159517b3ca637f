import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  allowedInPolicy,
  CACHE_POLICY_CLOUDFRONT_HEADERS,
  CLOUDFRONT_HEADERS,
  cloudFrontHeaders,
  cloudFrontHeaderValue,
  encodeHeaderValue,
  formatCoordinate,
  ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS,
  type CloudFrontHeaderContext,
} from './headers.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const annArbor: CloudFrontHeaderContext = {
  ip: '198.51.100.10',
  port: 46532,
  location: {
    country: 'US',
    countryName: 'United States',
    region: 'MI',
    regionName: 'Michigan',
    city: 'Ann Arbor',
    postalCode: '48105',
    timeZone: 'America/Detroit',
    latitude: 42.3068,
    longitude: -83.7059,
    metroCode: 505,
  },
  userAgent: IPHONE,
  protocol: 'https',
  httpVersion: '2.0',
};

test('cloudFrontHeaders: every header, values as CloudFront sends them', () => {
  const headers = cloudFrontHeaders([...CLOUDFRONT_HEADERS]);
  assert.deepEqual(headers(annArbor), {
    'CloudFront-Viewer-Address': '198.51.100.10:46532',
    'CloudFront-Viewer-Country': 'US',
    'CloudFront-Viewer-Country-Name': 'United States',
    'CloudFront-Viewer-Country-Region': 'MI',
    'CloudFront-Viewer-Country-Region-Name': 'Michigan',
    'CloudFront-Viewer-City': 'Ann Arbor',
    'CloudFront-Viewer-Postal-Code': '48105',
    'CloudFront-Viewer-Time-Zone': 'America/Detroit',
    'CloudFront-Viewer-Latitude': '42.30680',
    'CloudFront-Viewer-Longitude': '-83.70590',
    'CloudFront-Viewer-Metro-Code': '505',
    'CloudFront-Is-Mobile-Viewer': 'true',
    'CloudFront-Is-Tablet-Viewer': 'false',
    'CloudFront-Is-Desktop-Viewer': 'false',
    'CloudFront-Is-SmartTV-Viewer': 'false',
    'CloudFront-Is-IOS-Viewer': 'true',
    'CloudFront-Is-Android-Viewer': 'false',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Viewer-Http-Version': '2.0',
  });
});

test('cloudFrontHeaders: unknown values are omitted, as CloudFront omits them', () => {
  const headers = cloudFrontHeaders([...CLOUDFRONT_HEADERS]);
  const countryOnly = headers({
    ip: '81.2.69.142',
    location: { country: 'GB', countryName: 'United Kingdom' },
    protocol: 'http',
    httpVersion: '1.1',
  });
  assert.deepEqual(countryOnly, {
    'CloudFront-Viewer-Country': 'GB',
    'CloudFront-Viewer-Country-Name': 'United Kingdom',
    'CloudFront-Is-Mobile-Viewer': 'false',
    'CloudFront-Is-Tablet-Viewer': 'false',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Is-SmartTV-Viewer': 'false',
    'CloudFront-Is-IOS-Viewer': 'false',
    'CloudFront-Is-Android-Viewer': 'false',
    'CloudFront-Forwarded-Proto': 'http',
    'CloudFront-Viewer-Http-Version': '1.1',
  });
  const noLocation = headers({ ip: '10.0.0.1', port: 5000, protocol: 'https', httpVersion: '1.1' });
  assert.equal(noLocation['CloudFront-Viewer-Country'], undefined);
  assert.equal(noLocation['CloudFront-Viewer-Address'], '10.0.0.1:5000');
});

test('metro code only for viewers in the United States', () => {
  const ctx = { ...annArbor, location: { ...annArbor.location!, country: 'CA', metroCode: 505 } };
  assert.equal(cloudFrontHeaderValue('CloudFront-Viewer-Metro-Code', ctx), undefined);
});

test('cloudFrontHeaders: names in any case, duplicates and non-CloudFront names ignored', () => {
  const headers = cloudFrontHeaders(['cloudfront-viewer-country', 'CLOUDFRONT-VIEWER-COUNTRY', 'Accept-Language', 'CloudFront-Viewer-ASN', 'cloudfront-is-ios-viewer']);
  assert.deepEqual(headers(annArbor), { 'CloudFront-Viewer-Country': 'US', 'CloudFront-Is-IOS-Viewer': 'true' });
  assert.deepEqual(cloudFrontHeaders([])(annArbor), {});
});

test('cloudFrontHeaders: a cache policy never gets CloudFront-Viewer-Address', () => {
  const names = ['CloudFront-Viewer-Address', 'CloudFront-Viewer-Country'];
  assert.deepEqual(cloudFrontHeaders(names, { policy: 'cache' })(annArbor), { 'CloudFront-Viewer-Country': 'US' });
  assert.equal(cloudFrontHeaders(names)(annArbor)['CloudFront-Viewer-Address'], '198.51.100.10:46532');
});

test('CloudFront-Viewer-Address: IPv6 is ip:port without brackets; no port, no header', () => {
  assert.equal(cloudFrontHeaderValue('CloudFront-Viewer-Address', { ...annArbor, ip: '2001:db8::1', port: 52384 }), '2001:db8::1:52384');
  assert.equal(cloudFrontHeaderValue('CloudFront-Viewer-Address', { ...annArbor, port: undefined }), undefined);
});

test('CloudFront-Viewer-Http-Version and Forwarded-Proto', () => {
  const v = (httpVersion: string) => cloudFrontHeaderValue('CloudFront-Viewer-Http-Version', { ...annArbor, httpVersion });
  assert.deepEqual(['1.0', '1.1', '2.0', '2', '3', 'HTTP/1.1', ''].map(v), ['1.0', '1.1', '2.0', '2.0', '3.0', undefined, undefined]);
  assert.equal(cloudFrontHeaderValue('cloudfront-forwarded-proto', { ...annArbor, protocol: 'http' }), 'http');
  assert.equal(cloudFrontHeaderValue('X-Not-CloudFront', annArbor), undefined);
});

test('encodeHeaderValue: non-ASCII characters percent-encoded as UTF-8, ASCII kept', () => {
  const cases: [string, string][] = [
    ['Ann Arbor', 'Ann Arbor'],
    ['Düsseldorf', 'D%C3%BCsseldorf'],
    ['São Paulo', 'S%C3%A3o Paulo'],
    ['Baden-Württemberg', 'Baden-W%C3%BCrttemberg'],
    ['Türkiye', 'T%C3%BCrkiye'],
    ["Côte d'Ivoire", "C%C3%B4te d'Ivoire"],
    ['Łódź', '%C5%81%C3%B3d%C5%BA'],
    ['東京', '%E6%9D%B1%E4%BA%AC'],
    ['𝔸', '%F0%9D%94%B8'],
    ['100%', '100%'],
    ['a\r\nb', 'a%0D%0Ab'],
  ];
  for (const [input, want] of cases) assert.equal(encodeHeaderValue(input), want, input);
  const city = cloudFrontHeaderValue('CloudFront-Viewer-City', { ...annArbor, location: { ...annArbor.location!, city: 'Düsseldorf' } });
  assert.equal(city, 'D%C3%BCsseldorf');
});

test('formatCoordinate: five decimals, no negative zero', () => {
  assert.deepEqual([52.52, -88.3575, 0, -0.000001, 179.999999, -90].map(formatCoordinate), [
    '52.52000', '-88.35750', '0.00000', '0.00000', '180.00000', '-90.00000',
  ]);
});

test('policy lists: Address, ASN, JA3, JA4 and TLS are origin-request-only', () => {
  assert.deepEqual([...ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS], [
    'CloudFront-Viewer-Address', 'CloudFront-Viewer-ASN', 'CloudFront-Viewer-JA3-Fingerprint',
    'CloudFront-Viewer-JA4-Fingerprint', 'CloudFront-Viewer-TLS',
  ]);
  for (const h of ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS) {
    assert.equal(allowedInPolicy(h, 'cache'), false, h);
    assert.equal(allowedInPolicy(h.toLowerCase(), 'origin-request'), true, h);
    assert.equal((CACHE_POLICY_CLOUDFRONT_HEADERS as readonly string[]).includes(h), false, h);
  }
  for (const h of ['CloudFront-Viewer-Country', 'cloudfront-is-mobile-viewer', 'CloudFront-Viewer-Header-Order', 'CloudFront-Forwarded-Proto']) {
    assert.equal(allowedInPolicy(h, 'cache'), true, h);
    assert.equal(allowedInPolicy(h, 'origin-request'), true, h);
  }
  assert.equal(allowedInPolicy('Accept-Language', 'cache'), false);
  assert.equal(CACHE_POLICY_CLOUDFRONT_HEADERS.length, CLOUDFRONT_HEADERS.length - 1 + 2);
});
