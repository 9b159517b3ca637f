import { promisify } from 'node:util';
import { brotliCompress, gzip, constants } from 'node:zlib';
import type { OriginResponse } from '../origin/client.ts';
import type { Ctx } from '../pipeline/context.ts';
import { COUNTED } from './stream.ts';

/**
 * "Serve compressed files" in the CloudFront guide: with `compress: true` on the behavior,
 * the edge compresses what the origin sent uncompressed when the viewer accepts gzip or
 * Brotli (through the cache policy's normalized Accept-Encoding, which also keys the cached
 * copy), the content type is one CloudFront compresses, and the size is 1,000 to
 * 10,000,000 bytes. The compressed copy is what is stored: compression happens once per
 * object version and encoding, never per hit.
 */
export const MIN_COMPRESS = 1000;
export const MAX_COMPRESS = 10_000_000;

// CloudFront's list ("File types that CloudFront compresses").
const COMPRESSIBLE = new Set([
  'application/dash+xml', 'application/eot', 'application/font', 'application/font-sfnt', 'application/javascript', 'application/json',
  'application/opentype', 'application/otf', 'application/pdf', 'application/pkcs7-mime', 'application/protobuf', 'application/rss+xml',
  'application/truetype', 'application/ttf', 'application/vnd.apple.mpegurl', 'application/vnd.mapbox-vector-tile', 'application/vnd.ms-fontobject',
  'application/wasm', 'application/xhtml+xml', 'application/xml', 'application/x-font-opentype', 'application/x-font-truetype',
  'application/x-font-ttf', 'application/x-httpd-cgi', 'application/x-javascript', 'application/x-mpegurl', 'application/x-opentype',
  'application/x-otf', 'application/x-perl', 'application/x-ttf', 'font/eot', 'font/opentype', 'font/otf', 'font/ttf', 'image/svg+xml',
  'text/css', 'text/csv', 'text/html', 'text/javascript', 'text/js', 'text/plain', 'text/richtext', 'text/tab-separated-values',
  'text/xml', 'text/x-script', 'text/x-component', 'text/x-java-source',
]);

export type Encoding = 'br' | 'gzip';

/** A header's first value (node gives a list for repeated ones). */
export const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const one = firstValue;

/** The encoding to compress this origin answer with, or undefined to pass it on as it is. */
export function compressionFor(ctx: Ctx, res: OriginResponse): Encoding | undefined {
  if (!ctx.cb.behavior.compress || res.status !== 200) return undefined;
  const accepted = ctx.encodingForward.key;
  if (accepted === undefined) return undefined;
  // Already encoded by the origin (any Content-Encoding, identity included): as it is.
  if (res.headers['content-encoding'] !== undefined) return undefined;
  const type = one(res.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined || !COMPRESSIBLE.has(type)) return undefined;
  const length = Number(one(res.headers['content-length']));
  if (!Number.isInteger(length) || length < MIN_COMPRESS || length > MAX_COMPRESS) return undefined;
  return accepted.split(',').includes('br') ? 'br' : 'gzip';
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * The origin's answer compressed: the whole body read (at most 10,000,000 bytes, checked by
 * Content-Length), compressed, with Content-Encoding, the new Content-Length, Vary:
 * Accept-Encoding, and a strong ETag made weak (the bytes are no longer the origin's).
 */
export async function compressAnswer(res: OriginResponse, encoding: Encoding, body: AsyncIterable<Buffer>): Promise<OriginResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > MAX_COMPRESS) throw new Error('origin body longer than its Content-Length');
    chunks.push(c);
  }
  const raw = Buffer.concat(chunks, size);
  const out = encoding === 'br' ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : await gz(raw, { level: 6 });
  const headers: OriginResponse['headers'] = { ...res.headers, 'content-encoding': encoding, 'content-length': String(out.length) };
  const vary = one(res.headers.vary);
  if (vary === undefined) headers.vary = 'Accept-Encoding';
  else if (!vary.split(',').some((v) => v.trim().toLowerCase() === 'accept-encoding')) headers.vary = `${vary}, Accept-Encoding`;
  const etag = one(res.headers.etag);
  if (etag !== undefined && !etag.startsWith('W/')) headers.etag = `W/${etag}`;
  const replacement = {
    async *[Symbol.asyncIterator]() {
      yield out;
    },
    dump: async () => undefined,
    [COUNTED]: true,
  };
  return { status: res.status, headers, body: replacement as unknown as OriginResponse['body'] };
}
