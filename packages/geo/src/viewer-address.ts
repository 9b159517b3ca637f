// Which address is the viewer's: the socket peer, or, when that peer is a trusted proxy,
// the right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries left
// of that one were written by the client and are never believed.
import type { Cidrs } from './cidrs.ts';
import { normalizeIp } from './ip.ts';

// `1.2.3.4:5678` and `[2001:db8::1]:443`: some proxies (IIS ARR, Azure) add the port.
const V4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const V6_BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;

/** One X-Forwarded-For entry as an address, or undefined when it is not one ("unknown", garbage). */
export function forwardedEntryAddress(entry: string): string | undefined {
  const s = entry.trim();
  const v4 = V4_WITH_PORT.exec(s);
  if (v4) return normalizeIp(v4[1]);
  const v6 = V6_BRACKETED.exec(s);
  if (v6) return normalizeIp(v6[1]);
  return normalizeIp(s);
}

/**
 * The viewer's address. `socketAddress` is returned (normalized: `::ffff:1.2.3.4` ->
 * `1.2.3.4`) unless it is in `trusted`; then X-Forwarded-For (all its field lines, in
 * order) is read from the right, skipping trusted entries, and the first untrusted one is
 * the viewer. If every entry is trusted, the left-most is. A malformed entry ends the walk:
 * what lies left of it cannot be vouched for, so the last trusted hop seen is returned.
 * Empty entries (`a,,b`, trailing commas) are skipped. Never throws.
 */
export function viewerAddress(socketAddress: string, xForwardedFor: string | readonly string[] | undefined, trusted: Cidrs): string {
  const peer = normalizeIp(socketAddress) ?? socketAddress;
  if (xForwardedFor === undefined || !trusted.has(peer)) return peer;
  const joined = typeof xForwardedFor === 'string' ? xForwardedFor : Array.isArray(xForwardedFor) ? xForwardedFor.join(',') : '';
  if (joined === '') return peer;
  const entries = joined.split(',');
  let lastTrusted = peer;
  for (let i = entries.length - 1; i >= 0; i--) {
    const raw = entries[i]!;
    if (raw.trim() === '') continue;
    const addr = forwardedEntryAddress(raw);
    if (addr === undefined) return lastTrusted;
    if (!trusted.has(addr)) return addr;
    lastTrusted = addr;
  }
  return lastTrusted;
}
