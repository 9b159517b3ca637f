// An origin-request function's `origin`, checked (Lambda@Edge event structure, "Origin request
// events": custom and s3 fields; one of the two, never both).
import { checkHeaders } from './result-headers.ts';
import type { CfOrigin } from './types.ts';

const SSL_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']);

export type OriginCheck = { origin: CfOrigin } | { problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const intIn = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
/** "path ... must begin with a forward slash (/) and can't end with one"; '' is no path. */
const validPath = (v: unknown) => typeof v === 'string' && (v === '' || (v.startsWith('/') && !v.endsWith('/') && v.length <= 255));

export function checkOrigin(value: unknown): OriginCheck {
  if (!isObject(value)) return { problem: 'The origin is not an object.' };
  const hasCustom = 'custom' in value;
  const hasS3 = 's3' in value;
  if (hasCustom === hasS3) return { problem: 'The origin must have exactly one of custom and s3.' };
  if (hasCustom) {
    const c = value.custom;
    if (!isObject(c)) return { problem: 'origin.custom is not an object.' };
    if (typeof c.domainName !== 'string' || c.domainName === '') return { problem: 'origin.custom.domainName must be a non-empty string.' };
    // "port ... 80, 443, or a number in the range of 1024-65535".
    if (!(c.port === 80 || c.port === 443 || intIn(c.port, 1024, 65535))) return { problem: 'origin.custom.port must be 80, 443 or 1024-65535.' };
    if (c.protocol !== 'http' && c.protocol !== 'https') return { problem: "origin.custom.protocol must be 'http' or 'https'." };
    if (!validPath(c.path)) return { problem: "origin.custom.path must be '' or start with '/' and not end with '/'." };
    // OriginReadTimeout and OriginKeepaliveTimeout: 1-120 seconds (CustomOriginConfig).
    if (!intIn(c.readTimeout, 1, 120)) return { problem: 'origin.custom.readTimeout must be 1-120 seconds.' };
    if (!intIn(c.keepaliveTimeout, 1, 120)) return { problem: 'origin.custom.keepaliveTimeout must be 1-120 seconds.' };
    if (!Array.isArray(c.sslProtocols) || c.sslProtocols.length === 0 || c.sslProtocols.some((p) => !SSL_PROTOCOLS.has(p as string))) {
      return { problem: 'origin.custom.sslProtocols must list SSLv3, TLSv1, TLSv1.1 or TLSv1.2.' };
    }
    const headers = checkHeaders(c.customHeaders ?? {}, 'origin.custom.customHeaders');
    if ('problem' in headers) return headers;
    return {
      origin: {
        custom: {
          customHeaders: (c.customHeaders ?? {}) as never,
          domainName: c.domainName,
          keepaliveTimeout: c.keepaliveTimeout as number,
          path: c.path as string,
          port: c.port as number,
          protocol: c.protocol,
          readTimeout: c.readTimeout as number,
          sslProtocols: [...(c.sslProtocols as string[])],
        },
      },
    };
  }
  const s = value.s3;
  if (!isObject(s)) return { problem: 'origin.s3 is not an object.' };
  if (typeof s.domainName !== 'string' || s.domainName === '') return { problem: 'origin.s3.domainName must be a non-empty string.' };
  if (typeof s.region !== 'string') return { problem: 'origin.s3.region must be a string.' };
  if (s.authMethod !== 'origin-access-identity' && s.authMethod !== 'none') return { problem: "origin.s3.authMethod must be 'origin-access-identity' or 'none'." };
  if (!validPath(s.path)) return { problem: "origin.s3.path must be '' or start with '/' and not end with '/'." };
  const headers = checkHeaders(s.customHeaders ?? {}, 'origin.s3.customHeaders');
  if ('problem' in headers) return headers;
  return { origin: { s3: { authMethod: s.authMethod, customHeaders: (s.customHeaders ?? {}) as never, domainName: s.domainName, path: s.path as string, region: s.region } } };
}
