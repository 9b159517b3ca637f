// Terraform's aws_cloudfront_cache_policy / origin_request_policy / response_headers_policy
// attributes -> CloudFront's API configs. The provider nests them as the API does, with
// snake_case names, every block a list of one and lists as `[{items: [...]}]`, so the
// mapping is generic: names PascalCased (the API's acronyms kept), single blocks unwrapped,
// `items` lists kept, then wrapped as the API wraps them.

import { isObject, wrapLists, type Raw } from './model.ts';

// Where the API's names are not the snake_case name PascalCased.
const AWS_NAMES: Readonly<Record<string, string>> = { min_ttl: 'MinTTL', default_ttl: 'DefaultTTL', max_ttl: 'MaxTTL', xss_protection: 'XSSProtection' };
const pascal = (snake: string): string => AWS_NAMES[snake] ?? snake.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

function toAws(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    // `items` holds a real list (of names, or of header blocks); any other list of blocks is one block.
    if (key === 'items' || !value.every(isObject)) return value.map((v) => toAws(v, ''));
    return value.length === 0 ? undefined : toAws(value[0], '');
  }
  if (!isObject(value)) return value === null ? undefined : value;
  const out: Raw = {};
  for (const [k, v] of Object.entries(value)) {
    const r = toAws(v, k);
    if (r !== undefined) out[pascal(k)] = r;
  }
  return out;
}

/** The config members of a policy resource (its name, comment and settings: not id, etag, arn). */
export function tfPolicyToAws(values: Raw, members: readonly string[]): Raw {
  const picked = Object.fromEntries(members.filter((m) => values[m] !== undefined && values[m] !== null).map((m) => [m, values[m]]));
  return wrapLists(toAws(picked, '')) as Raw;
}

export const CACHE_POLICY_MEMBERS = ['name', 'comment', 'min_ttl', 'default_ttl', 'max_ttl', 'parameters_in_cache_key_and_forwarded_to_origin'];
export const ORIGIN_REQUEST_POLICY_MEMBERS = ['name', 'comment', 'headers_config', 'cookies_config', 'query_strings_config'];
export const RESPONSE_HEADERS_POLICY_MEMBERS = ['name', 'comment', 'cors_config', 'custom_headers_config', 'remove_headers_config', 'security_headers_config', 'server_timing_headers_config'];
export const ORIGIN_ACCESS_CONTROL_MEMBERS = ['name', 'description', 'origin_access_control_origin_type', 'signing_behavior', 'signing_protocol'];
export const PUBLIC_KEY_MEMBERS = ['name', 'comment', 'encoded_key'];
export const KEY_GROUP_MEMBERS = ['name', 'comment', 'items'];
