import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ipFamily, isPublicIp, normalizeIp } from './ip.ts';

test('normalizeIp: canonical text or undefined, never throws', () => {
  const cases: [unknown, string | undefined][] = [
    ['1.2.3.4', '1.2.3.4'],
    ['  1.2.3.4 ', '1.2.3.4'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:81.2.69.142', '81.2.69.142'],
    ['0:0:0:0:0:ffff:10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    ['1.2.3', undefined],
    ['01.2.3.4', undefined],
    ['1.2.3.256', undefined],
    ['1.2.3.4:80', undefined],
    ['unknown', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
    [42, undefined],
    [{ toString: () => '1.2.3.4' }, undefined],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeIp(input), expected, String(input));
});

test('ipFamily', () => {
  assert.equal(ipFamily('1.2.3.4'), 'ipv4');
  assert.equal(ipFamily('2001:db8::1'), 'ipv6');
});

test('isPublicIp: special-purpose ranges have no location', () => {
  const special = [
    '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.1.1', '100.64.0.1',
    '0.0.0.0', '192.0.2.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '255.255.255.255', '198.18.0.1',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1',
  ];
  for (const ip of special) assert.equal(isPublicIp(ip), false, ip);
  for (const ip of ['8.8.8.8', '81.2.69.142', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '2a00:1450::1']) {
    assert.equal(isPublicIp(ip), true, ip);
  }
});
