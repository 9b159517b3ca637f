import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCidrs } from './cidrs.ts';
import { forwardedEntryAddress, viewerAddress } from './viewer-address.ts';

const trusted = parseCidrs(['10.0.0.0/8', '2001:db8:1::/48', '192.0.2.1']).cidrs!;
const none = parseCidrs([]).cidrs!;

test('viewerAddress: table', () => {
  const cases: { name: string; peer: string; xff: string | string[] | undefined; trust?: typeof trusted; want: string }[] = [
    { name: 'no trusted proxies: the socket, XFF ignored', peer: '198.51.100.5', xff: '203.0.113.9', trust: none, want: '198.51.100.5' },
    { name: 'untrusted peer: XFF is not believed', peer: '198.51.100.5', xff: '203.0.113.9', want: '198.51.100.5' },
    { name: 'IPv4-mapped socket address is normalized', peer: '::ffff:198.51.100.5', xff: undefined, want: '198.51.100.5' },
    { name: 'trusted peer, no XFF: the peer', peer: '10.0.0.2', xff: undefined, want: '10.0.0.2' },
    { name: 'trusted peer, empty XFF: the peer', peer: '10.0.0.2', xff: '', want: '10.0.0.2' },
    { name: 'trusted IPv4-mapped peer', peer: '::ffff:10.0.0.2', xff: '203.0.113.9', want: '203.0.113.9' },
    { name: 'one hop', peer: '10.0.0.2', xff: '203.0.113.9', want: '203.0.113.9' },
    { name: 'client-supplied entries left of the real client are ignored', peer: '10.0.0.2', xff: '1.1.1.1, 203.0.113.9', want: '203.0.113.9' },
    { name: 'trusted hops are skipped from the right', peer: '10.0.0.2', xff: '1.1.1.1, 203.0.113.9, 10.0.0.7, 192.0.2.1', want: '203.0.113.9' },
    { name: 'all trusted: the left-most', peer: '10.0.0.2', xff: '10.0.0.9, 192.0.2.1', want: '10.0.0.9' },
    { name: 'several field lines read as one list', peer: '10.0.0.2', xff: ['1.1.1.1, 203.0.113.9', '10.0.0.7'], want: '203.0.113.9' },
    { name: 'IPv6 entries and trusted IPv6 hops', peer: '2001:db8:1::2', xff: '2001:db8:2::9, 2001:db8:1::5', want: '2001:db8:2::9' },
    { name: 'mapped entry is normalized', peer: '10.0.0.2', xff: '::ffff:203.0.113.9', want: '203.0.113.9' },
    { name: 'entry with a port', peer: '10.0.0.2', xff: '203.0.113.9:51234', want: '203.0.113.9' },
    { name: 'bracketed IPv6 entry with a port', peer: '10.0.0.2', xff: '[2001:db8:2::9]:443', want: '2001:db8:2::9' },
    { name: 'empty entries are skipped', peer: '10.0.0.2', xff: '203.0.113.9,, ,10.0.0.7,', want: '203.0.113.9' },
    { name: 'malformed right-most entry: the trusted peer', peer: '10.0.0.2', xff: '203.0.113.9, unknown', want: '10.0.0.2' },
    { name: 'malformed entry behind a trusted hop: that hop', peer: '10.0.0.2', xff: '1.1.1.1, garbage, 10.0.0.7', want: '10.0.0.7' },
    { name: 'malformed entry left of the client does not matter', peer: '10.0.0.2', xff: '<script>, 203.0.113.9', want: '203.0.113.9' },
  ];
  for (const c of cases) assert.equal(viewerAddress(c.peer, c.xff, c.trust ?? trusted), c.want, c.name);
});

test('viewerAddress: odd inputs never throw', () => {
  const odd: unknown[] = [undefined, '', ',,,', '\u0000', 'x'.repeat(10_000), ['a', 'b'], [], '1.2.3.4'.repeat(100)];
  for (const xff of odd) {
    assert.equal(typeof viewerAddress('10.0.0.2', xff as string | undefined, trusted), 'string');
  }
  assert.equal(viewerAddress('not an ip', '203.0.113.9', trusted), 'not an ip');
});

test('forwardedEntryAddress', () => {
  assert.equal(forwardedEntryAddress(' 203.0.113.9 '), '203.0.113.9');
  assert.equal(forwardedEntryAddress('[::1]'), '::1');
  assert.equal(forwardedEntryAddress('2001:db8::1'), '2001:db8::1');
  assert.equal(forwardedEntryAddress('unknown'), undefined);
  assert.equal(forwardedEntryAddress('_hidden'), undefined);
  assert.equal(forwardedEntryAddress('1.2.3.4:99999999'), undefined);
});
