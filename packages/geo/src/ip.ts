// IP address text: normalizing what sockets and proxies hand us, and telling public
// addresses (which have a location) from special-purpose ones (which never do).
import { BlockList, isIP } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

// `::ffff:1.2.3.4` (and its long form) is an IPv4 client on a dual-stack socket.
const V4_MAPPED = /^(?:::|(?:0{1,4}:){5})ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address in canonical-enough text: trimmed, `[...]` brackets removed, IPv4-mapped
 * IPv6 turned into plain IPv4, IPv6 lower-cased without a zone id. Undefined when it is not an IP address
 * (never throws, whatever the input).
 */
export function normalizeIp(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const kind = isIP(s);
  if (kind === 4) return s;
  if (kind !== 6) return undefined;
  const zone = s.indexOf('%'); // a zone id (`fe80::1%eth0`) means nothing off the link
  if (zone !== -1) s = s.slice(0, zone);
  const mapped = V4_MAPPED.exec(s);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return s.toLowerCase();
}

/** 'ipv4' or 'ipv6' for a normalized address. */
export function ipFamily(ip: string): IpFamily {
  return ip.includes(':') ? 'ipv6' : 'ipv4';
}

// IANA special-purpose registries (RFC 6890 and successors): private, loopback, link-local,
// shared (CGNAT), documentation, benchmarking, multicast, reserved. None has a location.
const SPECIAL_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const SPECIAL_V6: readonly (readonly [string, number])[] = [
  ['::', 128], ['::1', 128], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10],
  ['ff00::', 8],
];
const SPECIAL = new BlockList();
for (const [net, prefix] of SPECIAL_V4) SPECIAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of SPECIAL_V6) SPECIAL.addSubnet(net, prefix, 'ipv6');

/** True for a normalized address outside every special-purpose range. */
export function isPublicIp(ip: string): boolean {
  return !SPECIAL.check(ip, ipFamily(ip));
}
