import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCidrs, type Cidrs } from './cidrs.ts';

function cidrs(list: unknown[]): Cidrs {
  const r = parseCidrs(list);
  assert.ok(r.cidrs, JSON.stringify(r.issues));
  return r.cidrs;
}

test('parseCidrs: IPv4 and IPv6 networks, bare addresses as /32 and /128', () => {
  const c = cidrs(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7', '2001:db8:ffff::1', ' 172.16.0.0/12 ', '::ffff:198.51.100.0/120']);
  assert.deepEqual(c.list, [
    { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
    { address: '2001:db8::', prefix: 32, family: 'ipv6' },
    { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
    { address: '2001:db8:ffff::1', prefix: 128, family: 'ipv6' },
    { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
    { address: '198.51.100.0', prefix: 24, family: 'ipv4' },
  ]);
  const table: [string, boolean][] = [
    ['10.255.1.2', true],
    ['11.0.0.1', false],
    ['::ffff:10.1.1.1', true],
    ['2001:db8:1234::5', true],
    ['2001:db9::1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['172.31.0.1', true],
    ['198.51.100.200', true],
    ['not-an-ip', false],
    ['', false],
  ];
  for (const [ip, inside] of table) assert.equal(c.has(ip), inside, ip);
});

test('parseCidrs: host bits are masked, /0 matches everything of its family', () => {
  const c = cidrs(['10.1.2.3/8', '0.0.0.0/0']);
  assert.equal(c.has('10.9.9.9'), true);
  assert.equal(c.has('8.8.8.8'), true);
  assert.equal(c.has('2001:db8::1'), false);
  assert.equal(cidrs([]).has('10.0.0.1'), false);
});

test('parseCidrs: every bad entry is reported with its path', () => {
  const r = parseCidrs(['10.0.0.0/8', '10.0.0.0/33', 'nope', 7, '2001:db8::/129', '1.2.3.4/-1', '1.2.3.4/8x', '::ffff:10.0.0.0/64', '10.0.0.256'], 'trustedProxies');
  assert.deepEqual(r.issues?.map((i) => i.path), [
    'trustedProxies[1]', 'trustedProxies[2]', 'trustedProxies[3]', 'trustedProxies[4]', 'trustedProxies[5]',
    'trustedProxies[6]', 'trustedProxies[7]', 'trustedProxies[8]',
  ]);
  const messages = r.issues!.map((i) => i.message);
  assert.match(messages[0]!, /prefix "\/33"; an IPv4 prefix is a whole number from 0 to 32/);
  assert.match(messages[1]!, /"nope" is not an IPv4 or IPv6 address/);
  assert.match(messages[2]!, /must be a string like "10\.0\.0\.0\/8".*got number 7/);
  assert.match(messages[3]!, /an IPv6 prefix is a whole number from 0 to 128/);
  assert.match(messages[6]!, /IPv4-mapped/);
  assert.match(messages[7]!, /"10\.0\.0\.256" is not an IPv4 or IPv6 address/);
});

test('parseCidrs: a non-list is one issue at the base path', () => {
  assert.deepEqual(parseCidrs('10.0.0.0/8', 'trustedProxies').issues, [
    { path: 'trustedProxies', message: 'must be a list of CIDRs like "10.0.0.0/8", got "10.0.0.0/8"' },
  ]);
  assert.equal(parseCidrs(undefined).issues?.[0]?.path, '');
});
