// Separating CloudFront's signing parameters from the rest of a URL.
//
// CloudFront developer guide, "Create a signed URL using a canned policy": the signed resource
// is "the base URL including your query strings, if any", i.e. the URL as requested minus
// `Expires`, `Policy`, `Signature`, `Key-Pair-Id` ("Your parameters cannot be named ...") and,
// since SHA-256 support, `Hash-Algorithm`. Everything else stays byte for byte, in order: no
// decoding, no re-encoding, no sorting. Parameter names are matched exactly (case-sensitive).

export const SIGNING_QUERY_PARAMS: readonly string[] = Object.freeze(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

export type SigningParam = 'Expires' | 'Policy' | 'Signature' | 'Key-Pair-Id' | 'Hash-Algorithm';

function signingName(segment: string): SigningParam | undefined {
  const eq = segment.indexOf('=');
  const name = eq < 0 ? segment : segment.slice(0, eq);
  return SIGNING_QUERY_PARAMS.includes(name) ? (name as SigningParam) : undefined;
}

export interface SplitUrl {
  /** The URL without the signing parameters: what a canned policy's Resource must equal. */
  readonly resource: string;
  /** Raw (still percent-encoded) value of each signing parameter; the first occurrence wins. */
  readonly params: Partial<Record<SigningParam, string>>;
  /** True when at least one signing parameter is present. */
  readonly signed: boolean;
}

/**
 * Splits a URL as received (`scheme://host/path?query`) into the resource and the signing
 * parameters. The query is everything after the first `?`; an empty remaining query drops the
 * `?` (the guide: "If you have no query string parameters, omit the question mark").
 */
export function splitSignedUrl(url: string): SplitUrl {
  const q = url.indexOf('?');
  if (q < 0) return { resource: url, params: {}, signed: false };
  const base = url.slice(0, q);
  if (q === url.length - 1) return { resource: base, params: {}, signed: false };
  const params: Partial<Record<SigningParam, string>> = {};
  let rest = '';
  let keptCount = 0;
  let signed = false;
  // One pass over the `&`-separated segments, without splitting the query into an array.
  for (let pos = q + 1; pos <= url.length; ) {
    let amp = url.indexOf('&', pos);
    if (amp < 0) amp = url.length;
    const name = signingNameAt(url, pos, amp);
    if (name === undefined) {
      const segment = url.slice(pos, amp);
      rest = keptCount++ === 0 ? segment : `${rest}&${segment}`;
    } else {
      signed = true;
      if (params[name] === undefined) params[name] = url.slice(Math.min(pos + name.length + 1, amp), amp);
    }
    pos = amp + 1;
  }
  return { resource: keptCount === 0 || rest === '' ? base : `${base}?${rest}`, params, signed };
}

/** The signing parameter named by the segment url[from, to), if any. */
function signingNameAt(url: string, from: number, to: number): SigningParam | undefined {
  for (const name of SIGNING_QUERY_PARAMS) {
    const end = from + name.length;
    if (end <= to && url.startsWith(name, from) && (end === to || url.charCodeAt(end) === 61 /* = */)) return name as SigningParam;
  }
  return undefined;
}

/** The query (without a leading `?`) minus the signing parameters, others kept in order, byte for byte. */
export function stripSigningParams(query: string): string {
  const raw = query.startsWith('?') ? query.slice(1) : query;
  if (raw === '') return '';
  return raw
    .split('&')
    .filter((segment) => signingName(segment) === undefined)
    .join('&');
}
