/**
 * The path used to choose a cache behavior. CloudFront: "CloudFront normalizes URI paths
 * consistent with RFC 3986 and then matches the path with the correct cache behavior.
 * Once the cache behavior is matched, CloudFront sends the raw URI path to the origin."
 * ("Cache behavior settings" > Path pattern.) Without this, `/public/../private/x` would
 * match a public behavior and reach an origin that resolves it to `/private/x`, skipping
 * the private behavior's signature check.
 *
 * Steps (RFC 3986 §6.2.2): percent-encoded unreserved characters decoded (only `.` and
 * `~`, `-`, `_`, letters and digits matter for dot segments; the encoding of anything
 * else is kept), then dot segments removed (§5.2.4). The fast path returns the input
 * untouched when it has neither `.` segments nor `%`.
 */
export function normalizePath(path: string): string {
  if (!path.includes('%') && !path.includes('/.')) return path;
  const decoded = path.includes('%') ? path.replace(/%([0-9A-Fa-f]{2})/g, decodeUnreserved) : path;
  return removeDotSegments(decoded);
}

function decodeUnreserved(match: string, hex: string): string {
  const c = String.fromCharCode(parseInt(hex, 16));
  return /[A-Za-z0-9\-._~]/.test(c) ? c : match.toUpperCase();
}

/** RFC 3986 §5.2.4, for an absolute path. */
export function removeDotSegments(path: string): string {
  if (!path.includes('/.')) return path;
  const out: string[] = [];
  const segments = path.split('/');
  // segments[0] is '' (the path starts with '/').
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      out.pop();
      if (last) out.push('');
    } else {
      out.push(s);
    }
  }
  return '/' + out.join('/');
}
