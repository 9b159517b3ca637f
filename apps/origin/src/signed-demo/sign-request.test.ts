import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrProblem, parseSignRequest, type SignRequest } from './sign-request.ts';

const valid = { name: 'Ada', expiresIn: 300 };

test('valid bodies, with defaults for policy (canned) and hashAlgorithm (SHA1)', () => {
  const cases: [unknown, SignRequest][] = [
    [valid, { name: 'Ada', expiresIn: 300, ip: undefined, policy: 'canned', hashAlgorithm: 'SHA1' }],
    [{ name: '  Ada  ', expiresIn: 1, policy: 'custom', hashAlgorithm: 'SHA256', ip: ' 10.0.0.0/8 ' }, { name: 'Ada', expiresIn: 1, ip: '10.0.0.0/8', policy: 'custom', hashAlgorithm: 'SHA256' }],
    [{ ...valid, expiresIn: 604800, ip: '', policy: 'canned' }, { name: 'Ada', expiresIn: 604800, ip: undefined, policy: 'canned', hashAlgorithm: 'SHA1' }],
    [{ ...valid, ip: null }, { name: 'Ada', expiresIn: 300, ip: undefined, policy: 'canned', hashAlgorithm: 'SHA1' }],
    [{ ...valid, policy: 'custom', ip: '127.0.0.1' }, { name: 'Ada', expiresIn: 300, ip: '127.0.0.1', policy: 'custom', hashAlgorithm: 'SHA1' }],
    [{ ...valid, policy: 'custom', ip: '2001:db8::/32' }, { name: 'Ada', expiresIn: 300, ip: '2001:db8::/32', policy: 'custom', hashAlgorithm: 'SHA1' }],
    [{ ...valid, name: '<script>alert("x")</script>' }, { name: '<script>alert("x")</script>', expiresIn: 300, ip: undefined, policy: 'canned', hashAlgorithm: 'SHA1' }],
  ];
  for (const [body, expected] of cases) assert.deepEqual(parseSignRequest(JSON.stringify(body)), { value: expected }, JSON.stringify(body));
});

test('invalid bodies: each problem reported with its path', () => {
  const cases: [string, [string, RegExp][]][] = [
    ['not json', [['', /must be JSON/]]],
    ['', [['', /must be JSON/]]],
    ['[1]', [['', /JSON object/]]],
    ['null', [['', /JSON object/]]],
    ['{}', [['name', /required/], ['expiresIn', /required.*1 to 604800.*got nothing/]]],
    [JSON.stringify({ ...valid, name: '   ' }), [['name', /non-empty/]]],
    [JSON.stringify({ ...valid, name: 42 }), [['name', /non-empty string/]]],
    [JSON.stringify({ ...valid, name: 'x'.repeat(65) }), [['name', /at most 64 characters \(got 65\)/]]],
    [JSON.stringify({ ...valid, name: 'a\nb' }), [['name', /control characters/]]],
    [JSON.stringify({ ...valid, expiresIn: 0 }), [['expiresIn', /got 0/]]],
    [JSON.stringify({ ...valid, expiresIn: 604801 }), [['expiresIn', /7 days\), got 604801/]]],
    [JSON.stringify({ ...valid, expiresIn: 1.5 }), [['expiresIn', /whole seconds/]]],
    [JSON.stringify({ ...valid, expiresIn: '300' }), [['expiresIn', /got "300"/]]],
    [JSON.stringify({ ...valid, expiresIn: -5 }), [['expiresIn', /got -5/]]],
    [JSON.stringify({ ...valid, policy: 'Custom' }), [['policy', /"canned" or "custom", got "Custom"/]]],
    [JSON.stringify({ ...valid, hashAlgorithm: 'sha256' }), [['hashAlgorithm', /"SHA1" or "SHA256", got "sha256"/]]],
    [JSON.stringify({ ...valid, policy: 'custom', ip: '10.0.0.0/33' }), [['ip', /prefix length.*0 to 32, got "33"/]]],
    [JSON.stringify({ ...valid, policy: 'custom', ip: '10.0.0/8' }), [['ip', /not an IP address or CIDR range/]]],
    [JSON.stringify({ ...valid, policy: 'custom', ip: 'example.com' }), [['ip', /not an IP address/]]],
    [JSON.stringify({ ...valid, policy: 'custom', ip: 7 }), [['ip', /CIDR range string/]]],
    [JSON.stringify({ ...valid, ip: '10.0.0.0/8' }), [['ip', /needs a custom policy/]]],
    [JSON.stringify({ ...valid, expires: 300 }), [['expires', /unknown field/]]],
    [JSON.stringify({ name: '', expiresIn: 0, policy: 'x', hashAlgorithm: 'MD5', ip: 'bad' }), [['name', /./], ['expiresIn', /./], ['policy', /./], ['hashAlgorithm', /./], ['ip', /./]]],
  ];
  for (const [body, expected] of cases) {
    const r = parseSignRequest(body);
    assert.ok('issues' in r, body);
    assert.deepEqual(r.issues.map((i) => i.path), expected.map(([path]) => path), body);
    r.issues.forEach((issue, i) => assert.match(issue.message, expected[i]?.[1] ?? /never/, body));
  }
});

test('cidrProblem: IPv4 and IPv6 addresses and ranges', () => {
  const ok = ['127.0.0.1', '127.0.0.1/32', '0.0.0.0/0', '192.168.0.0/16', '::1', '::1/128', '2001:db8::/32', '::ffff:10.0.0.1'];
  const bad = ['', '/8', '127.0.0.1/', '127.0.0.1/-1', '127.0.0.1/08', '127.0.0.1/33', '::1/129', 'fe80::1%eth0', '256.0.0.1', '1.2.3.4/8/9', 'localhost'];
  for (const text of ok) assert.equal(cidrProblem(text), undefined, text);
  for (const text of bad) assert.ok(cidrProblem(text), text);
});
