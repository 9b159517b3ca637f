// GetObject / HeadObject decided in pure code: the object's facts and the request's fields in,
// the status, headers and byte range out (or S3's error). The handler then sends the bytes.
import { evaluatePreconditions } from '../conditional.ts';
import { formatHttpDate } from '../http-date.ts';
import { S3Error } from './errors.ts';
import { selectRange } from './range.ts';

export interface ObjectFacts {
  size: number;
  /** File mtime, epoch ms. */
  lastModified: number;
  /** Quoted hex MD5. */
  etag: string;
  /** Stored headers, lower-case: content-type (by extension or sidecar), cache-control, x-amz-meta-*, ... */
  headers: Record<string, string>;
}

export interface ObjectRequest {
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  query: [string, string][];
  /** A verified signer made the request (S3 allows response-* overrides only then). */
  authenticated: boolean;
}

export type ObjectVerdict =
  | { status: 200; headers: Record<string, string> }
  | { status: 206; headers: Record<string, string>; start: number; end: number }
  | { status: 304; headers: Record<string, string> };

// GetObject's response header overrides (S3 API Reference, GetObject "Overriding response header values").
const OVERRIDES: Record<string, string> = {
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-content-type': 'content-type',
  'response-expires': 'expires',
};

// RFC 9110 §15.4.5: a 304 carries the validators and caching fields the 200 would have.
const NOT_MODIFIED_FIELDS = ['etag', 'last-modified', 'cache-control', 'expires'];

/** Throws PreconditionFailed (412), InvalidRange (416) or InvalidRequest/InvalidArgument (bad overrides). */
export function decideObjectResponse(req: ObjectRequest, obj: ObjectFacts): ObjectVerdict {
  const headers: Record<string, string> = {
    'last-modified': formatHttpDate(obj.lastModified),
    etag: obj.etag,
    'accept-ranges': 'bytes',
    ...obj.headers,
    ...overrides(req),
  };

  // S3 follows RFC 9110 §13.2.2's order (GetObject docs: If-Match true + If-Unmodified-Since
  // false -> 200; If-None-Match false + If-Modified-Since true -> 304), and conditions come
  // before Range (§13.2.2 step 5).
  const verdict = evaluatePreconditions(
    {
      method: req.method,
      ifMatch: req.headers['if-match'],
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
      ifUnmodifiedSince: req.headers['if-unmodified-since'],
    },
    { etag: obj.etag, lastModified: obj.lastModified },
  );
  if (verdict === 'not-modified') {
    return { status: 304, headers: Object.fromEntries(NOT_MODIFIED_FIELDS.flatMap((name) => (headers[name] === undefined ? [] : [[name, headers[name]]]))) };
  }
  if (verdict === 'precondition-failed') {
    // Only If-Match or If-Unmodified-Since can fail a GET/HEAD; If-Match wins when both are there.
    throw new S3Error('PreconditionFailed', { Condition: req.headers['if-match'] !== undefined ? 'If-Match' : 'If-Unmodified-Since' });
  }

  const range = selectRange(req.headers.range, obj.size);
  if (range.kind === 'unsatisfiable') {
    throw new S3Error('InvalidRange', { RangeRequested: req.headers.range ?? '', ActualObjectSize: obj.size }, undefined, { 'content-range': `bytes */${obj.size}` });
  }
  if (range.kind === 'partial') {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${obj.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return { status: 206, headers, start: range.start, end: range.end };
  }
  headers['content-length'] = String(obj.size);
  return { status: 200, headers };
}

function overrides(req: ObjectRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of req.query) {
    const header = Object.hasOwn(OVERRIDES, name) ? OVERRIDES[name] : undefined;
    if (header === undefined) continue;
    if (!req.authenticated) throw new S3Error('InvalidRequest', {}, 'Request specific response headers cannot be used for anonymous GET requests.');
    if (!/^[\t\x20-\x7e]*$/.test(value)) throw new S3Error('InvalidArgument', { ArgumentName: name, ArgumentValue: value }, `${name} must be printable ASCII`);
    out[header] = value;
  }
  return out;
}
