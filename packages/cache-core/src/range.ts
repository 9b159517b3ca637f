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

/** At most this many ranges after merging, and this long a header: beyond, the whole representation (RFC 9110 §14.2 lets a server ignore such a Range). */
export const MAX_RANGES = 50;
export const MAX_RANGE_HEADER = 1024;

/**
 * A viewer's `Range` with any number of byte ranges (RFC 9110 §14.1.2): the satisfiable ones,
 * in order, overlapping and adjacent ones merged (§14.2 lets a server coalesce them);
 * `'unsatisfiable'` when none is (416); `undefined` for no usable range (absent, not bytes,
 * any part malformed, more than MAX_RANGES, a header over MAX_RANGE_HEADER, or an If-Range
 * that does not match): the whole representation with 200.
 */
export function byteRanges(range: string | undefined, size: number, validators: { ifRange?: string | undefined; etag?: string | undefined; lastModified?: string | undefined } = {}): { start: number; end: number }[] | 'unsatisfiable' | undefined {
  if (range === undefined || range.length > MAX_RANGE_HEADER) return undefined;
  if (validators.ifRange !== undefined && !ifRangeMatches(validators.ifRange.trim(), validators.etag, validators.lastModified)) return undefined;
  const eq = range.indexOf('=');
  if (eq < 0 || range.slice(0, eq).trim().toLowerCase() !== 'bytes') return undefined;
  const specs = range.slice(eq + 1).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) return undefined;
  const ranges: { start: number; end: number }[] = [];
  for (const spec of specs) {
    const m = /^(\d*)[ \t]*-[ \t]*(\d*)$/.exec(spec);
    if (!m) return undefined;
    const [, first, last] = m as unknown as [string, string, string];
    if (first === '' && last === '') return undefined;
    if (first === '') {
      const n = Number(last);
      if (n > 0 && size > 0) ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    const start = Number(first);
    const end = last === '' ? size - 1 : Number(last);
    if (last !== '' && end < start) return undefined; // invalid range-spec: the header is ignored (§14.1.1)
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const prev = merged.at(-1);
    if (prev && r.start <= prev.end + 1) prev.end = Math.max(prev.end, r.end);
    else merged.push({ ...r });
  }
  return merged.length > MAX_RANGES ? undefined : merged;
}
