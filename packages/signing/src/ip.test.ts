import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from './ip.ts';

describe('IpAddress conditions', () => {
  const table: [cidr: string, ip: string, expected: boolean][] = [
    ['192.0.2.0/24', '192.0.2.1', true], // the guide's range example
    ['192.0.2.0/24', '192.0.3.1', false],
    ['192.0.2.10/32', '192.0.2.10', true], // the guide's single-address form
    ['192.0.2.10/32', '192.0.2.11', false],
    ['192.0.2.10', '192.0.2.10', true], // bare address = /32
    ['0.0.0.0/0', '203.0.113.9', true],
    ['10.0.0.0/9', '10.127.255.255', true],
    ['10.0.0.0/9', '10.128.0.0', false],
    ['192.0.2.77/24', '192.0.2.1', true], // host bits are ignored
    ['192.0.2.0/24', '::ffff:192.0.2.1', true], // IPv4-mapped viewer (dual-stack server)
    ['192.0.2.0/24', '::ffff:192.0.3.1', false],
    ['192.0.2.0/24', '2001:db8::1', false],
    ['2001:db8::/32', '2001:db8:1:2::3', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8::1/128', '2001:0db8:0000:0000:0000:0000:0000:0001', true],
    ['2001:db8::/32', 'fe80::1%eth0', false],
    ['fe80::/10', 'fe80::1%eth0', true],
    ['::/0', '::1', true],
    ['::ffff:0:0/96', '::ffff:1.2.3.4', true],
    ['192.0.2.0/24', 'not an ip', false],
    ['192.0.2.0/24', '', false],
  ];
  for (const [cidrText, ipText, expected] of table) {
    it(`${cidrText} ${expected ? 'contains' : 'does not contain'} ${JSON.stringify(ipText)}`, () => {
      const cidr = parseCidr(cidrText);
      assert.ok(cidr, 'cidr parses');
      const ip = parseIp(ipText);
      assert.equal(ip !== undefined && cidrContains(cidr, ip), expected);
    });
  }

  const badCidrs = ['192.0.2.0/33', '192.0.2/24', '192.0.2.0/', '/24', '192.0.2.0/024', '256.0.0.1/32', '01.2.3.4/32', '1.2.3.4.5', '2001:db8::/129', '1::2::3', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', 'fe80::1%eth0/64', '', 'a.b.c.d/8', '192.0.2.0/24 '];
  for (const text of badCidrs) {
    it(`refuses CIDR ${JSON.stringify(text)}`, () => assert.equal(parseCidr(text), undefined));
  }

  it('parses IPv6 forms to the same bytes', () => {
    const a = parseIp('::ffff:192.0.2.1');
    const b = parseIp('0:0:0:0:0:ffff:c000:201');
    assert.deepEqual(a?.bytes, b?.bytes);
    assert.deepEqual(parseIp('::')?.bytes, new Uint8Array(16));
    assert.deepEqual(parseIp('1::')?.bytes.slice(0, 2), new Uint8Array([0, 1]));
  });
});
