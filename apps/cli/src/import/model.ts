// What an import produces before it is validated: a raw cachefront config (the lists
// parseConfig reads) and the warnings, each `{path, message}` with the path in the input's
// own terms (a CloudFormation property path, a Terraform address, an AWS API path).

import { createHash } from 'node:crypto';
import { AWS_ACCOUNT_ID, LIST_WRAPPERS, type Issue } from '@cachefront/config';

export type Raw = Record<string, unknown>;

export interface RawConfig {
  distributions: Raw[];
  cachePolicies: Raw[];
  originRequestPolicies: Raw[];
  responseHeadersPolicies: Raw[];
  originAccessControls: Raw[];
  publicKeys: Raw[];
  keyGroups: Raw[];
  functions: Raw[];
}

export interface Imported {
  config: RawConfig;
  /** Where each distribution came from, as a path prefix for its warnings (same order as config.distributions). */
  sources: string[];
  warnings: Issue[];
}

export function emptyImport(): Imported {
  return {
    config: { distributions: [], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], functions: [] },
    sources: [],
    warnings: [],
  };
}

export const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `prefix.path`, or either alone when the other is empty. */
export const joinPath = (prefix: string, path: string): string => (prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`);

/**
 * A distribution id for an input that has none (a template's logical id, a plan's address):
 * CloudFront's form ('E' and 12 upper-case letters or digits), the same for the same input,
 * so importing again gives the same id.
 */
export function derivedDistributionId(seed: string): string {
  return `E${createHash('sha256').update(seed).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** CloudFront's distribution id form (formats.ts: 'E' then 11 to 13 upper-case letters or digits). */
export const isDistributionId = (v: unknown): v is string => typeof v === 'string' && /^E[A-Z0-9]{11,13}$/.test(v);

/** The local ARN of a function, as cachefront answers it (one account, AWS_ACCOUNT_ID). */
export const functionArn = (name: string): string => `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:function/${name}`;

/**
 * Plain lists as CloudFront's API writes them: under every member AWS wraps (LIST_WRAPPERS),
 * an array becomes `{Quantity, Items}` and an object with Items gets its Quantity.
 * CloudFormation and Terraform both write lists plain (CloudFormation keeps `{Items}` for
 * a few members, e.g. a response headers policy's CustomHeadersConfig).
 */
export function wrapLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrapLists);
  if (!isObject(value)) return value;
  const out: Raw = {};
  for (const [k, v] of Object.entries(value)) {
    if (LIST_WRAPPERS.has(k) && Array.isArray(v)) out[k] = v.length === 0 ? { Quantity: 0 } : { Quantity: v.length, Items: v.map(wrapLists) };
    else if (LIST_WRAPPERS.has(k) && isObject(v) && Array.isArray(v.Items) && v.Quantity === undefined) out[k] = { ...(wrapLists(v) as Raw), Quantity: v.Items.length };
    else out[k] = wrapLists(v);
  }
  return out;
}
