/**
 * The path used to choose a cache behavior, and the one a signed URL's policy is matched
 * against. CloudFront: "CloudFront normalizes URI paths consistent with RFC 3986 and then
 * matches the path with the correct cache behavior. Once the cache behavior is matched,
 * CloudFront sends the raw URI path to the origin." ("Cache behavior settings" > Path
 * pattern.) Without this, `/public/../private/x` would match a public behavior and reach an
 * origin that resolves it to `/private/x`, skipping the private behavior's signature check.
 *
 * Origins normalize more than RFC 3986 asks, so this matches the path as the most
 * normalizing origin would resolve it: percent-encoded unreserved characters decoded
 * (RFC 3986 §6.2.2), `%2F`, `%5C` and `\` taken as `/`, runs of `/` merged, dot segments
 * removed (§5.2.4). Where origins disagree on the order (an empty segment next to a dot
 * segment: nginx merges slashes first, others remove dots first), there is no one answer:
 * undefined, and the edge refuses the request (400). The fast path returns the input
 * untouched when it has none of `%`, `/.`, `//`, `\`.
 */
export function normalizePath(path: string): string | undefined {
  if (!path.includes('%') && !path.includes('/.') && !path.includes('//') && !path.includes('\\')) return path;
  let decoded = path.includes('%') ? path.replace(/%([0-9A-Fa-f]{2})/g, decodeUnreserved) : path;
  if (decoded.includes('\\')) decoded = decoded.replaceAll('\\', '/');
  if (!decoded.includes('//')) return removeDotSegments(decoded);
  if (DOT_SEGMENT.test(decoded)) return undefined;
  return decoded.replace(/\/{2,}/g, '/');
}

/** A `.` or `..` segment anywhere in a path. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

function decodeUnreserved(match: string, hex: string): string {
  const c = String.fromCharCode(parseInt(hex, 16));
  if (c === '/' || c === '\\') return '/';
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

/**
 * Every way an origin may resolve a raw request path, for tests and the fuzzer to check
 * normalizePath against: everything percent-decoded, `\` as `/`, then slashes merged and dot
 * segments removed in either order (nginx merges first), or dot segments removed alone.
 * Deliberately independent of normalizePath (a different algorithm to the same end).
 */
export function originResolutions(rawPath: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    decoded = rawPath.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  decoded = decoded.replaceAll('\\', '/');
  const merge = (p: string) => p.replace(/\/{2,}/g, '/');
  const dots = (p: string) => {
    const out: string[] = [];
    const segs = p.split('/').slice(1);
    segs.forEach((seg, i) => {
      if (seg === '..') out.pop();
      if (seg === '.' || seg === '..') {
        if (i === segs.length - 1) out.push('');
      } else out.push(seg);
    });
    return `/${out.join('/')}`;
  };
  return [merge(dots(decoded)), dots(merge(decoded)), dots(decoded)];
}
