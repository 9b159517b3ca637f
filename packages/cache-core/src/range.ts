/**
 * A viewer's `Range` against a stored representation of `size` bytes (RFC 9110 §14.2):
 * - `{ start, end }`: one satisfiable byte range (end inclusive): answer 206;
 * - `'unsatisfiable'`: a valid byte range that starts past the end: answer 416;
 * - `undefined`: no usable range (absent, not bytes, malformed, or several ranges, which
 *   a server may ignore, §14.2): answer the whole representation with 200.
 * `ifRange` (§13.1.5): the range applies only when it matches the stored strong ETag
 * or is exactly the stored Last-Modified date; otherwise the whole representation.
 */
export type RangeAnswer = { start: number; end: number } | 'unsatisfiable' | undefined;

const SPEC = /^bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i;

export function rangeFor(range: string | undefined, size: number, validators: { ifRange?: string | undefined; etag?: string | undefined; lastModified?: string | undefined } = {}): RangeAnswer {
  if (range === undefined) return undefined;
  if (validators.ifRange !== undefined && !ifRangeMatches(validators.ifRange.trim(), validators.etag, validators.lastModified)) return undefined;
  const m = SPEC.exec(range);
  if (!m) return undefined;
  const [, first, last] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // suffix-range: the last N bytes
    const n = Number(last);
    if (n === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return undefined; // invalid: ignored (§14.1.1)
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

function ifRangeMatches(ifRange: string, etag: string | undefined, lastModified: string | undefined): boolean {
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return etag !== undefined && !etag.startsWith('W/') && ifRange === etag;
  return lastModified !== undefined && ifRange === lastModified;
}
