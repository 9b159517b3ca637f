// The Range header of a GetObject/HeadObject: S3 serves one byte range (RFC 9110 §14.1.2) and
// answers anything else with the whole object (S3 API Reference, GetObject: "Amazon S3 doesn't
// support retrieving multiple ranges of data per GET request"; RFC 9110 §14.2 lets a server
// ignore Range).

export type RangeVerdict =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number } // inclusive
  | { kind: 'unsatisfiable' };

/** What to send for `header` against an object of `size` bytes. */
export function selectRange(header: string | undefined, size: number): RangeVerdict {
  if (header === undefined) return { kind: 'full' };
  // range-unit is case-insensitive (RFC 9110 §14.1); one int-range or suffix-range.
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'full' }; // not a byte range, or several of them
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // suffix-range: the last N bytes; N = 0 selects nothing (§14.1.3).
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' }; // an invalid range-spec: ignore the header (§14.1.1)
  if (start >= size) return { kind: 'unsatisfiable' }; // §14.1.1: first-pos past the end
  return { kind: 'partial', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
