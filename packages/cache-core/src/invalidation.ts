/**
 * Invalidation paths ("Invalidating files", CloudFront guide), matched against cached
 * objects:
 * - `/images/a.jpg` — that path with no query string in its cache key; every variant
 *   (headers, cookies, Accept-Encoding) goes: "CloudFront invalidates every cached version
 *   of the file regardless of its associated cookies" (and header values).
 * - `/images/a.jpg?v=1` — when the query string is part of the cache key, that version.
 * - `/images/*`, `/images/a.jpg*` — the `*` (only as the last character) replaces zero or
 *   more characters of path plus `?query`, so `/a.jpg*` drops every query version.
 * - `#tag` — cachefront extension: objects whose cache-tag header lists `tag`.
 * Paths are case-sensitive, as CloudFront's are. Tags are compared exactly too.
 */
export interface InvalidationTarget {
  /** The URL path the object is cached under (after the default root object). */
  path: string;
  /** The query string as it is in the cache key ('' when none is). */
  query: string;
  tags?: readonly string[] | undefined;
}

export type InvalidationMatcher = (target: InvalidationTarget) => boolean;

export function compileInvalidation(paths: readonly string[]): InvalidationMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const tags = new Set<string>();
  for (const p of paths) {
    if (p.startsWith('#')) tags.add(p.slice(1));
    else if (p.endsWith('*')) prefixes.push(p.slice(0, -1));
    else exact.add(p);
  }
  if (prefixes.includes('/') || prefixes.includes('')) return () => true;
  return (t) => {
    const full = t.query === '' ? t.path : t.path + '?' + t.query;
    if (exact.has(full)) return true;
    for (const prefix of prefixes) if (full.startsWith(prefix)) return true;
    if (tags.size > 0 && t.tags) for (const tag of t.tags) if (tags.has(tag)) return true;
    return false;
  };
}

/** Tags from a cache-tag header value: comma-separated, trimmed, empty ones dropped. */
export function parseCacheTags(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const tags = (Array.isArray(value) ? value.join(',') : value)
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.length > 0 ? tags : undefined;
}
