// The parse entry points. Each one validates the shape with zod, runs the semantic checks
// on the input as written (so one bad field never hides another problem), and returns
// `{value}` with every default filled in, or `{issues}` listing every problem. They never throw.

import { checkDistribution } from './checks-distribution.ts';
import { checkAccountKeyQuotas, checkKeyGroup } from './checks-keys.ts';
import { checkCachePolicy, checkOriginRequestPolicy } from './checks-policies.ts';
import { checkFunctionReferences } from './checks-functions.ts';
import { checkRealtimeLogReferences } from './checks-logs.ts';
import { finishIssues, IssueSink } from './issues.ts';
import { isManagedCachePolicyRef, isManagedOriginRequestPolicyRef } from './managed.ts';
import { field, items, str } from './raw.ts';
import { checkConfigReferences, checkDistributionReferences, checkKeyGroupReferences, type LocalIds } from './references.ts';
import { cachePolicySchema, configSchema, distributionSchema, keyGroupSchema, originRequestPolicySchema, publicKeySchema } from './schema.ts';
import { realtimeLogConfigSchema } from './schema-logs.ts';
import { originAccessControlSchema, type OriginAccessControl } from './origin-access.ts';
import { checkLambdaReferences } from './checks-lambda.ts';
import { isManagedResponseHeadersPolicyRef, responseHeadersPolicySchema, type ResponseHeadersPolicy } from './response-headers.ts';
import type { CachefrontConfig, CachePolicy, Distribution, KeyGroup, OriginRequestPolicy, ParseResult, PublicKey, RealtimeLogConfig } from './types.ts';
import { fromZodIssues, zodMessage } from './zod-issues.ts';

interface Schema<T> {
  safeParse(
    input: unknown,
    params: { error: typeof zodMessage },
  ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof fromZodIssues>[0] } };
}

/** Shape check plus `semantic` checks; `{value}` only when neither found anything. */
function run<T>(input: unknown, schema: Schema<T>, semantic: (sink: IssueSink) => void): ParseResult<T> {
  try {
    const sink = new IssueSink();
    const parsed = schema.safeParse(input, { error: zodMessage });
    if (!parsed.success) sink.list.push(...fromZodIssues(parsed.error.issues));
    semantic(sink);
    if (sink.list.length > 0 || !parsed.success) return { issues: finishIssues(sink.list, input) };
    return { value: parsed.data };
  } catch (err) {
    // Never expected; keeps the promise that parsing does not throw.
    const message = err instanceof Error ? err.message : String(err);
    return { issues: [{ path: '', message: `could not be parsed: ${message}` }] };
  }
}

/** Validates a whole config (`{distributions, cachePolicies, originRequestPolicies, publicKeys, keyGroups}`). */
export function parseConfig(input: unknown): ParseResult<CachefrontConfig> {
  return run<CachefrontConfig>(input, configSchema, (sink) => {
    const local = checkConfigReferences(input, sink);
    items(field(input, 'distributions')).forEach((d, i) => checkOneDistribution(d, local, sink.at('distributions', i)));
    items(field(input, 'cachePolicies')).forEach((p, i) => checkCachePolicy(p, sink.at('cachePolicies', i)));
    items(field(input, 'originRequestPolicies')).forEach((p, i) => checkOriginRequestPolicy(p, sink.at('originRequestPolicies', i)));
    items(field(input, 'keyGroups')).forEach((g, i) => checkKeyGroup(g, sink.at('keyGroups', i)));
    checkAccountKeyQuotas(input, sink);
    checkFunctionReferences(input, sink);
    checkLambdaReferences(input, sink);
    checkRealtimeLogReferences(input, sink);
  });
}

/** What a standalone distribution may reference: policies besides the managed ones, and key groups. */
export interface DistributionContext {
  cachePolicies?: readonly Pick<CachePolicy, 'id'>[];
  originRequestPolicies?: readonly Pick<OriginRequestPolicy, 'id'>[];
  responseHeadersPolicies?: readonly Pick<ResponseHeadersPolicy, 'id'>[];
  keyGroups?: readonly Pick<KeyGroup, 'id'>[];
  originAccessControls?: readonly Pick<OriginAccessControl, 'id'>[];
}

/**
 * Validates one distribution. Policy ids resolve against the managed policies and the
 * policies in `context`, trusted key groups against its key groups (pass the config, or
 * what the control plane has stored); without a context only managed policies resolve.
 * Issue paths are relative to the distribution.
 */
export function parseDistribution(input: unknown, context: DistributionContext = {}): ParseResult<Distribution> {
  const local: LocalIds = {
    cache: (context.cachePolicies ?? []).map((p) => p.id),
    originRequest: (context.originRequestPolicies ?? []).map((p) => p.id),
    responseHeaders: (context.responseHeadersPolicies ?? []).map((p) => p.id),
    keyGroups: (context.keyGroups ?? []).map((g) => g.id),
    originAccessControls: (context.originAccessControls ?? []).map((o) => o.id),
  };
  return run<Distribution>(input, distributionSchema, (sink) => checkOneDistribution(input, local, sink));
}

/** Validates one cache policy; its id must not be a managed policy's. */
export function parseCachePolicy(input: unknown): ParseResult<CachePolicy> {
  return run<CachePolicy>(input, cachePolicySchema, (sink) => {
    rejectManagedId(input, isManagedCachePolicyRef, 'cache policy', sink);
    checkCachePolicy(input, sink);
  });
}

/** Validates one origin request policy; its id must not be a managed policy's. */
export function parseOriginRequestPolicy(input: unknown): ParseResult<OriginRequestPolicy> {
  return run<OriginRequestPolicy>(input, originRequestPolicySchema, (sink) => {
    rejectManagedId(input, isManagedOriginRequestPolicyRef, 'origin request policy', sink);
    checkOriginRequestPolicy(input, sink);
  });
}

/** Validates one response headers policy (response-headers.ts); a managed policy's id is refused. */
export function parseResponseHeadersPolicy(input: unknown): ParseResult<ResponseHeadersPolicy> {
  return run<ResponseHeadersPolicy>(input, responseHeadersPolicySchema, (sink) => {
    rejectManagedId(input, isManagedResponseHeadersPolicyRef, 'response headers policy', sink);
  });
}

/** Validates one origin access control (origin-access.ts). */
export function parseOriginAccessControl(input: unknown): ParseResult<OriginAccessControl> {
  return run<OriginAccessControl>(input, originAccessControlSchema, () => {});
}

/** Validates one public key: an RSA 2048-bit or ECDSA P-256 key in PEM. */
export function parsePublicKey(input: unknown): ParseResult<PublicKey> {
  return run<PublicKey>(input, publicKeySchema, () => {});
}

/** The public keys a standalone key group may list. */
export interface KeyGroupContext {
  publicKeys?: readonly Pick<PublicKey, 'id'>[];
}

/** Validates one key group; its items must be ids of `context.publicKeys` (the config's, or what is stored). */
export function parseKeyGroup(input: unknown, context: KeyGroupContext = {}): ParseResult<KeyGroup> {
  const publicKeys = (context.publicKeys ?? []).map((k) => k.id);
  return run<KeyGroup>(input, keyGroupSchema, (sink) => {
    checkKeyGroup(input, sink);
    checkKeyGroupReferences(input, publicKeys, sink);
  });
}

/** Validates one real-time log config (`{name, samplingRate, fields}`, as a `realtimeLogConfigs` entry). */
export function parseRealtimeLogConfig(input: unknown): ParseResult<RealtimeLogConfig> {
  return run<RealtimeLogConfig>(input, realtimeLogConfigSchema, () => {});
}

function checkOneDistribution(dist: unknown, local: LocalIds, sink: IssueSink): void {
  checkDistribution(dist, sink);
  checkDistributionReferences(dist, local, sink);
}

function rejectManagedId(input: unknown, isManaged: (ref: string) => boolean, what: string, sink: IssueSink): void {
  const id = str(field(input, 'id'));
  if (id !== undefined && isManaged(id)) sink.add(['id'], `'${id}' names a managed ${what}; choose another id`);
}

