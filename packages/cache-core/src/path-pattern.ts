// CloudFront path patterns ("Path pattern" in the CloudFront Developer Guide,
// "Values that you specify when you create or update a distribution"):
// - `*` matches 0 or more characters, including `/`; `?` matches exactly one character.
// - matching is case-sensitive and against the URL path only (the query string is ignored).
// - the leading `/` is optional: `images/*.jpg` and `/images/*.jpg` are the same pattern.
//
// No regular expressions: a pattern is split at its `*`s into literal segments (which may
// contain `?`), and segments are placed leftmost-first. With only `*` as a variable-length
// wildcard, leftmost placement of each middle segment is always safe (any later match would
// only leave less room for the rest), so there is no backtracking. Work is bounded by
// (path length + 1) x (longest segment + 1): linear in the path for a given pattern.

export interface PathMatcher {
  readonly pattern: string;
  /** True when `path` (without query string) matches the pattern. */
  match(path: string): boolean;
}

/** Counts character comparisons, for tests that prove the matcher's work is linear. */
export interface StepCounter {
  steps: number;
}

/** Normalizes the optional leading `/`: `images/*` -> `/images/*`; `*` and `*.jpg` stay. */
export function normalizePattern(pattern: string): string {
  if (pattern === '' || pattern.startsWith('/') || pattern.startsWith('*')) return pattern;
  return `/${pattern}`;
}

export function compilePathPattern(pattern: string, counter?: StepCounter): PathMatcher {
  const normalized = normalizePattern(pattern);
  const segments = normalized.split('*');
  const hasStar = segments.length > 1;
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  const minLength = segments.reduce((n, s) => n + s.length, 0);

  // Fast paths for the shapes real configs use most.
  if (!hasStar && !normalized.includes('?')) {
    return { pattern, match: (path) => path === normalized };
  }
  if (normalized === '*') return { pattern, match: () => true };

  const match = (path: string): boolean => {
    if (path.length < minLength) return false;
    if (!hasStar) return path.length === first.length && segmentAt(path, 0, first, counter);
    if (!segmentAt(path, 0, first, counter)) return false;
    const tailStart = path.length - last.length;
    if (!segmentAt(path, tailStart, last, counter)) return false;
    // Middle segments must fit, in order, in path[first.length, tailStart).
    let pos = first.length;
    for (const seg of middle) {
      const found = findSegment(path, pos, tailStart, seg, counter);
      if (found < 0) return false;
      pos = found + seg.length;
    }
    return true;
  };
  return { pattern, match };
}

/** Does `seg` (with `?` wildcards) match `path` exactly at `at`? */
function segmentAt(path: string, at: number, seg: string, counter?: StepCounter): boolean {
  if (at < 0 || at + seg.length > path.length) return false;
  for (let i = 0; i < seg.length; i++) {
    if (counter) counter.steps++;
    const c = seg.charCodeAt(i);
    if (c !== 63 /* ? */ && c !== path.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost index in [from, end - seg.length] where `seg` matches, or -1. */
function findSegment(path: string, from: number, end: number, seg: string, counter?: StepCounter): number {
  for (let i = from; i + seg.length <= end; i++) {
    if (counter) counter.steps++;
    if (segmentAt(path, i, seg, counter)) return i;
  }
  return -1;
}
