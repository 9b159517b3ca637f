// Lists of IPv4/IPv6 networks (trusted proxies): parsed once at the config boundary,
// then matched per request with node:net's BlockList.
import { BlockList } from 'node:net';

import { ipFamily, normalizeIp, type IpFamily } from './ip.ts';
import { describe, pathOf, type GeoIssue } from './issues.ts';

export interface Cidr {
  /** The address as written (host bits may be set; matching masks them). */
  readonly address: string;
  readonly prefix: number;
  readonly family: IpFamily;
}

export interface Cidrs {
  readonly list: readonly Cidr[];
  /** Whether `ip` (any form normalizeIp accepts) is inside one of the networks. */
  has(ip: string): boolean;
}

export type ParseCidrsResult = { cidrs: Cidrs; issues?: undefined } | { cidrs?: undefined; issues: GeoIssue[] };

const PREFIX = /^\d{1,3}$/;

/**
 * `['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']` -> Cidrs. A bare address is a /32 or
 * /128; an IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`) becomes the IPv4 one. Every
 * bad entry is reported, with `path` prefixed by `basePath` ('trustedProxies[1]').
 */
export function parseCidrs(input: unknown, basePath = ''): ParseCidrsResult {
  if (!Array.isArray(input)) {
    return { issues: [{ path: basePath, message: `must be a list of CIDRs like "10.0.0.0/8", got ${describe(input)}` }] };
  }
  const issues: GeoIssue[] = [];
  const list: Cidr[] = [];
  input.forEach((item: unknown, i) => {
    const parsed = parseCidr(item);
    if (typeof parsed === 'string') issues.push({ path: pathOf(basePath, i), message: parsed });
    else list.push(parsed);
  });
  if (issues.length > 0) return { issues };
  return { cidrs: makeCidrs(list) };
}

/** One CIDR, or why it is not one. */
function parseCidr(item: unknown): Cidr | string {
  if (typeof item !== 'string') {
    return `must be a string like "10.0.0.0/8", "2001:db8::/32" or "192.0.2.7", got ${describe(item)}`;
  }
  const text = item.trim();
  const slash = text.indexOf('/');
  const addrText = slash === -1 ? text : text.slice(0, slash);
  const address = normalizeIp(addrText);
  if (address === undefined) {
    return `${describe(item)} is not an IPv4 or IPv6 address${slash === -1 ? '' : ' with a /prefix'}`;
  }
  const written: IpFamily = addrText.includes(':') ? 'ipv6' : 'ipv4'; // before ::ffff: mapping
  const family = ipFamily(address);
  const max = written === 'ipv6' ? 128 : 32;
  let prefix = max;
  if (slash !== -1) {
    const p = text.slice(slash + 1);
    if (!PREFIX.test(p) || Number(p) > max) {
      return `${describe(item)} has prefix "/${p}"; an ${written === 'ipv6' ? 'IPv6' : 'IPv4'} prefix is a whole number from 0 to ${max}`;
    }
    prefix = Number(p);
  }
  if (written === 'ipv6' && family === 'ipv4') {
    // IPv4-mapped: the last 32 bits are the IPv4 address
    if (prefix < 96) return `${describe(item)} mixes IPv4-mapped and other IPv6 addresses; use a prefix of /96 or more`;
    prefix -= 96;
  }
  return { address, prefix, family };
}

function makeCidrs(list: readonly Cidr[]): Cidrs {
  const blocks = new BlockList();
  for (const c of list) blocks.addSubnet(c.address, c.prefix, c.family);
  return {
    list,
    has(ip: string): boolean {
      if (list.length === 0) return false;
      const addr = normalizeIp(ip);
      return addr !== undefined && blocks.check(addr, ipFamily(addr));
    },
  };
}
