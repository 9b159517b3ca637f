// IP addresses and CIDR ranges for the custom policy's `IpAddress` / `AWS:SourceIp` condition.
//
// CloudFront developer guide, "Create a signed URL using a custom policy", IpAddress: one IPv4
// address or range "in standard IPv4 CIDR format (for example, 192.0.2.0/24)"; a single address
// is written `a.b.c.d/32`. The guide says IPv6 is not supported in policies; cachefront accepts
// IPv6 CIDRs too (a local superset), and matches IPv4-mapped IPv6 clients (`::ffff:a.b.c.d`,
// what a dual-stack Node server reports for IPv4 peers) against IPv4 ranges.

export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
}

export interface Cidr extends IpAddress {
  readonly prefix: number;
}

const OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!OCTET.test(part)) return undefined;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const words: number[] = [];
  // An embedded IPv4 address may end the address (`::ffff:192.0.2.1`), and only end it.
  const last = halves.length === 2 ? tail : head;
  let v4: Uint8Array | undefined;
  const lastGroup = last[last.length - 1];
  if (lastGroup !== undefined && lastGroup.includes('.')) {
    v4 = parseIpv4(lastGroup);
    if (!v4) return undefined;
    last.pop();
  }
  const width = 8 - (v4 ? 2 : 0);
  const explicit = head.length + tail.length;
  if (halves.length === 2 ? explicit > width - 1 : explicit !== width) return undefined;
  for (const g of head) {
    if (!HEXTET.test(g)) return undefined;
    words.push(parseInt(g, 16));
  }
  for (let i = explicit; i < width; i++) words.push(0);
  for (const g of tail) {
    if (!HEXTET.test(g)) return undefined;
    words.push(parseInt(g, 16));
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  if (v4) bytes.set(v4, 12);
  return bytes;
}

/** Parses a literal IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is ignored). */
export function parseIp(text: string): IpAddress | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  if (!text.includes(':')) {
    const bytes = parseIpv4(text);
    return bytes ? { version: 4, bytes } : undefined;
  }
  const zone = text.indexOf('%');
  const bytes = parseIpv6(zone < 0 ? text : text.slice(0, zone));
  return bytes ? { version: 6, bytes } : undefined;
}

/** Parses `address/prefix`; a bare address is a single host (/32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string' || text.includes('%')) return undefined;
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max };
  const prefixText = text.slice(slash + 1);
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? { ...ip, prefix } : undefined;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** `::ffff:a.b.c.d` -> `a.b.c.d`; any other address unchanged. */
function unmap(ip: IpAddress): IpAddress {
  if (ip.version === 6 && V4_MAPPED_PREFIX.every((b, i) => ip.bytes[i] === b)) {
    return { version: 4, bytes: ip.bytes.slice(12) };
  }
  return ip;
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  const ip = cidr.version === 4 ? unmap(address) : address;
  if (ip.version !== cidr.version) return false;
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i++) if (ip.bytes[i] !== cidr.bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((ip.bytes[full] ?? 0) & mask) === ((cidr.bytes[full] ?? 0) & mask);
}
