// Which requests are S3 requests, and for which bucket and key (Amazon S3 User Guide,
// "Virtual hosting of buckets" and "Path-style requests"). Pure: Host and raw path in,
// address out. The precedence, first match wins:
//   1. The origin's own API (`/_origin/*`, `/healthz`) is never S3, on any Host, so stats,
//      faults and health checks always work.
//   2. A Host naming a bucket (`NAME.s3.localhost`, `NAME.s3.amazonaws.com`,
//      `NAME.s3.REGION.amazonaws.com`, `NAME.s3-REGION.amazonaws.com`) is S3 for every path:
//      the whole path is the key. An unconfigured NAME is S3's NoSuchBucket, not a demo route.
//   3. An S3 service Host without a bucket (`s3.localhost`, `s3.amazonaws.com`, ...) is
//      path-style S3 for every path: `/NAME/key`, unconfigured NAME -> NoSuchBucket.
//   4. Any other Host (127.0.0.1, localhost, an edge's origin domain): path-style only when the
//      first path segment is a configured bucket, so a configured bucket shadows a demo route
//      of the same name (`/echo`, `/bytes`, a static directory); everything else is the demo origin.

export interface S3Address {
  style: 'virtual-hosted' | 'path';
  /** Bucket name as addressed (maybe not configured); '' = the service endpoint itself (ListBuckets). */
  bucket: string;
  /** Object key still percent-encoded as on the wire; '' addresses the bucket itself. */
  rawKey: string;
}

const ENDPOINT = String.raw`s3\.localhost|s3\.amazonaws\.com|s3[.-][a-z0-9-]+\.amazonaws\.com`;
const VIRTUAL_HOST = new RegExp(`^(.+)\\.(?:${ENDPOINT})$`);
const SERVICE_HOST = new RegExp(`^(?:${ENDPOINT})$`);

/** The origin's own endpoints, which no bucket may shadow. */
const isOriginApi = (path: string) => path === '/healthz' || path === '/_origin' || path.startsWith('/_origin/');

/**
 * The S3 address of a request, or undefined when it is not an S3 request. `rawPath` is the
 * request-target's path as received (no query); `isBucket` says whether a name is configured.
 */
export function s3Address(host: string | undefined, rawPath: string, isBucket: (name: string) => boolean): S3Address | undefined {
  if (!rawPath.startsWith('/') || isOriginApi(rawPath)) return undefined;
  const hostname = hostnameOf(host ?? '');
  const virtual = VIRTUAL_HOST.exec(hostname);
  if (virtual) return { style: 'virtual-hosted', bucket: virtual[1] ?? '', rawKey: rawPath.slice(1) };

  const slash = rawPath.indexOf('/', 1);
  const segment = slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const rawKey = slash === -1 ? '' : rawPath.slice(slash + 1);
  const bucket = safeDecode(segment);
  if (SERVICE_HOST.test(hostname)) return { style: 'path', bucket: bucket ?? segment, rawKey };
  if (bucket !== undefined && bucket !== '' && isBucket(bucket)) return { style: 'path', bucket, rawKey };
  return undefined;
}

/** Host without port, lower-cased (RFC 9110 §7.2; DNS names are case-insensitive), no trailing dot. */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1); // IPv6 literal: never an S3 name
  const colon = h.lastIndexOf(':');
  return (colon === -1 ? h : h.slice(0, colon)).replace(/\.$/, '');
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
