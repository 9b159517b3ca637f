// The custom policy's `Resource` wildcards (CloudFront developer guide, "Create a signed URL
// using a custom policy", Resource): `*` matches zero or more characters and `?` exactly one,
// "anywhere in the string"; matching is case-sensitive and against the whole URL
// (scheme, host, path and query string, without the signing parameters).
//
// No regular expressions and no backtracking: the pattern is split at its `*`s, the first
// literal segment must be a prefix, the last a suffix, and the middle ones are placed
// leftmost-first in order (always safe when `*` is the only variable-length wildcard). Work is
// at most (text length) x (longest segment), and a `?`-free segment uses String#indexOf. The
// pattern comes from a policy whose signature has already been verified, so only the key
// holder chooses it.

const QUESTION = 63; // '?'

/** Does `seg` (with `?` wildcards) match `text` exactly at `at`? */
function segmentAt(text: string, at: number, seg: string): boolean {
  if (at < 0 || at + seg.length > text.length) return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c !== QUESTION && c !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost index in [from, end - seg.length] where `seg` matches, or -1. */
function findSegment(text: string, from: number, end: number, seg: string): number {
  if (!seg.includes('?')) {
    const at = text.indexOf(seg, from);
    return at >= 0 && at + seg.length <= end ? at : -1;
  }
  for (let i = from; i + seg.length <= end; i++) if (segmentAt(text, i, seg)) return i;
  return -1;
}

/** Compiles a Resource pattern once (per verified policy); `undefined` matches every URL. */
export function compileResource(pattern: string | undefined): (text: string) => boolean {
  if (pattern === undefined || pattern === '*') return () => true;
  const segments = pattern.split('*');
  const first = segments[0] ?? '';
  if (segments.length === 1) {
    if (!first.includes('?')) return (text) => text === first;
    return (text) => text.length === first.length && segmentAt(text, 0, first);
  }
  const last = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  const minLength = first.length + last.length + middle.reduce((n, s) => n + s.length, 0);
  return (text) => {
    if (text.length < minLength) return false;
    if (!segmentAt(text, 0, first)) return false;
    const end = text.length - last.length;
    if (!segmentAt(text, end, last)) return false;
    let pos = first.length;
    for (const seg of middle) {
      const found = findSegment(text, pos, end, seg);
      if (found < 0) return false;
      pos = found + seg.length;
    }
    return true;
  };
}

export function matchesResource(pattern: string, text: string): boolean {
  return compileResource(pattern)(text);
}
