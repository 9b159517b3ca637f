// AWS's CloudFront API shapes (PascalCase, lists as {Quantity, Items}) <-> cachefront's config
// shapes (camelCase, plain arrays), generically: CloudFront's config names are cachefront's
// with the first letter lower-cased, but for a few acronyms, and every AWS member named below
// wraps a list. The names are those of AWS's service model (botocore's cloudfront
// 2020-05-31 service-2.json: every structure member whose shape has Quantity and Items).

/** AWS members that are `{Quantity, Items}` list wrappers (some with more members beside). */
export const LIST_WRAPPERS: ReadonlySet<string> = new Set([
  'Aliases', 'Origins', 'CustomHeaders', 'OriginSslProtocols', 'OriginGroups', 'StatusCodes', 'Members', 'TrustedSigners',
  'TrustedKeyGroups', 'AllowedMethods', 'CachedMethods', 'LambdaFunctionAssociations', 'FunctionAssociations',
  'WhitelistedNames', 'Headers', 'QueryStringCacheKeys', 'CacheBehaviors', 'CustomErrorResponses', 'GeoRestriction',
  'Cookies', 'QueryStrings', 'AccessControlAllowOrigins', 'AccessControlAllowHeaders', 'AccessControlAllowMethods',
  'AccessControlExposeHeaders', 'CustomHeadersConfig', 'RemoveHeadersConfig',
]);

/** AWS member names whose camelCase is not the first letter lower-cased. */
const ACRONYMS: Readonly<Record<string, string>> = {
  ACMCertificateArn: 'acmCertificateArn',
  HTTPPort: 'httpPort',
  HTTPSPort: 'httpsPort',
  IAMCertificateId: 'iamCertificateId',
  SSLSupportMethod: 'sslSupportMethod',
  XSSProtection: 'xssProtection',
};
const FROM_CAMEL: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ACRONYMS).map(([a, c]) => [c, a]));

export const camelName = (aws: string): string => ACRONYMS[aws] ?? aws.charAt(0).toLowerCase() + aws.slice(1);
export const awsName = (camel: string): string => FROM_CAMEL[camel] ?? camel.charAt(0).toUpperCase() + camel.slice(1);

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An AWS shape as cachefront writes it: names camelCased, a list wrapper with nothing but
 * Quantity and Items becomes the plain array (an absent Items: []), one with more members
 * keeps them and has its Items as `items`. Quantity is dropped (the array has the count).
 */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') continue;
    out[camelName(k)] = LIST_WRAPPERS.has(k) && isObject(v) ? unwrap(v) : camelize(v);
  }
  return out;
}

function unwrap(wrapper: Record<string, unknown>): unknown {
  const items = Array.isArray(wrapper.Items) ? wrapper.Items.map(camelize) : [];
  const extra = Object.keys(wrapper).filter((k) => k !== 'Quantity' && k !== 'Items');
  if (extra.length === 0) return items;
  const out: Record<string, unknown> = { items };
  for (const k of extra) {
    if (k === '__proto__') continue;
    out[camelName(k)] = LIST_WRAPPERS.has(k) && isObject(wrapper[k]) ? unwrap(wrapper[k] as Record<string, unknown>) : camelize(wrapper[k]);
  }
  return out;
}

/** The inverse of camelize: a plain array under a wrapper's name becomes `{Quantity, Items}` (no Items when empty). */
export function pascalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalize);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const name = awsName(k);
    if (LIST_WRAPPERS.has(name) && Array.isArray(v)) out[name] = wrap(v.map(pascalize));
    else if (LIST_WRAPPERS.has(name) && isObject(v) && Array.isArray(v.items)) {
      // A wrapper with more members (GeoRestriction's RestrictionType): {Quantity, Items} beside them.
      const { items, ...more } = v;
      out[name] = { ...(pascalize(more) as Record<string, unknown>), ...wrap(items.map(pascalize)) };
    } else out[name] = pascalize(v);
  }
  return out;
}

/** `{Quantity, Items}` for a list (AWS leaves Items out of an empty one). */
export function wrap(items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return items.length === 0 ? { Quantity: 0, ...extra } : { Quantity: items.length, Items: items, ...extra };
}
