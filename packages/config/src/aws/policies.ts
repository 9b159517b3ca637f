// CloudFront's policy, origin access control and key configs in AWS's shape <-> cachefront's
// entries. The names and nesting are the same but for the generic renames (shapes.ts), so
// only a few fields need more: ids live outside AWS's configs, RemoveHeadersConfig items are
// objects, a public key's CallerReference has no cachefront field.

import type { OriginAccessControl } from '../origin-access.ts';
import type { ResponseHeadersPolicy } from '../response-headers.ts';
import type { CachePolicy, KeyGroup, OriginRequestPolicy, PublicKey } from '../types.ts';
import { camelize, isObject, pascalize, wrap } from './shapes.ts';

const config = (input: Record<string, unknown>, key: string): Record<string, unknown> => (isObject(input[key]) ? (input[key] as Record<string, unknown>) : input);
const withId = (v: unknown, id: string | undefined): Record<string, unknown> => ({ ...(id === undefined ? {} : { id }), ...(v as Record<string, unknown>) });

export const cachePolicyFromAws = (input: Record<string, unknown>, id?: string) => withId(camelize(config(input, 'CachePolicyConfig')), id);
export const cachePolicyToAws = ({ id: _id, ...p }: CachePolicy) => pascalize(p) as Record<string, unknown>;

export const originRequestPolicyFromAws = (input: Record<string, unknown>, id?: string) => withId(camelize(config(input, 'OriginRequestPolicyConfig')), id);
export const originRequestPolicyToAws = ({ id: _id, ...p }: OriginRequestPolicy) => pascalize(p) as Record<string, unknown>;

export function responseHeadersPolicyFromAws(input: Record<string, unknown>, id?: string): Record<string, unknown> {
  const p = withId(camelize(config(input, 'ResponseHeadersPolicyConfig')), id);
  // RemoveHeadersConfig.Items are {Header} objects; cachefront lists the names.
  if (Array.isArray(p.removeHeadersConfig)) p.removeHeadersConfig = p.removeHeadersConfig.map((h) => (isObject(h) ? h.header : h));
  return p;
}
export function responseHeadersPolicyToAws({ id: _id, removeHeadersConfig, ...p }: ResponseHeadersPolicy): Record<string, unknown> {
  return { ...(pascalize(p) as Record<string, unknown>), RemoveHeadersConfig: wrap(removeHeadersConfig.map((Header) => ({ Header }))) };
}

export const originAccessControlFromAws = (input: Record<string, unknown>, id?: string) => withId(camelize(config(input, 'OriginAccessControlConfig')), id);
export const originAccessControlToAws = ({ id: _id, ...o }: OriginAccessControl) => pascalize(o) as Record<string, unknown>;

/** PublicKeyConfig's CallerReference has no cachefront field: it is left out (the key's id names it). */
export function publicKeyFromAws(input: Record<string, unknown>, id?: string): Record<string, unknown> {
  const { callerReference: _ref, ...k } = camelize(config(input, 'PublicKeyConfig')) as Record<string, unknown>;
  return withId(k, id);
}
export const publicKeyToAws = ({ id, ...k }: PublicKey) => ({ CallerReference: id, ...(pascalize(k) as Record<string, unknown>) });

export const keyGroupFromAws = (input: Record<string, unknown>, id?: string) => withId(camelize(config(input, 'KeyGroupConfig')), id);
export const keyGroupToAws = ({ id: _id, ...g }: KeyGroup) => pascalize(g) as Record<string, unknown>;
