// The shape of cache policies and origin request policies in a config file (API reference
// CachePolicyConfig / OriginRequestPolicyConfig, camelCase, plain lists). Header names are
// lower-cased here; rules between fields live in the policy checks.

import { z } from 'zod';
import { effectiveTTLs } from './defaults.ts';
import { headerNameProblem, policyIdProblem } from './formats.ts';
import { MAX_COMMENT_LENGTH } from './limits.ts';
import { checkedString, maxLength, nonEmpty, wholeNumber } from './schema-helpers.ts';

const policyId = checkedString(policyIdProblem);
const headerName = checkedString(headerNameProblem).transform((h) => h.toLowerCase());
const ttl = wholeNumber(0, undefined, 'seconds');

/**
 * The headers, cookies and query strings blocks that both policy kinds have; only the
 * behaviors each allows differ (listed in the order the messages name them).
 */
function forwardedValuesShape<
  const H extends readonly [string, ...string[]],
  const C extends readonly [string, ...string[]],
  const Q extends readonly [string, ...string[]],
>(headerBehaviors: H, cookieBehaviors: C, queryStringBehaviors: Q) {
  return {
    headersConfig: z
      .strictObject({
        headerBehavior: z.enum(headerBehaviors).default('none'),
        headers: z.array(headerName).default(() => []),
      })
      .prefault({}),
    cookiesConfig: z
      .strictObject({
        cookieBehavior: z.enum(cookieBehaviors).default('none'),
        cookies: z.array(nonEmpty()).default(() => []),
      })
      .prefault({}),
    queryStringsConfig: z
      .strictObject({
        queryStringBehavior: z.enum(queryStringBehaviors).default('none'),
        queryStrings: z.array(nonEmpty()).default(() => []),
      })
      .prefault({}),
  };
}

// "Understand cache policies" > Cache key settings.
const cacheKeyParametersSchema = z.strictObject({
  enableAcceptEncodingGzip: z.boolean().default(false),
  enableAcceptEncodingBrotli: z.boolean().default(false),
  ...forwardedValuesShape(['none', 'whitelist'], ['none', 'whitelist', 'allExcept', 'all'], ['none', 'whitelist', 'allExcept', 'all']),
});

export const cachePolicySchema = z
  .strictObject({
    id: policyId,
    name: policyId.optional(),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
    minTTL: ttl, // required, as in CachePolicyConfig
    defaultTTL: ttl.optional(),
    maxTTL: ttl.optional(),
    parametersInCacheKeyAndForwardedToOrigin: cacheKeyParametersSchema.prefault({}),
  })
  .transform((p) => ({
    id: p.id,
    name: p.name ?? p.id,
    comment: p.comment,
    ...effectiveTTLs(p.minTTL, p.defaultTTL, p.maxTTL),
    parametersInCacheKeyAndForwardedToOrigin: p.parametersInCacheKeyAndForwardedToOrigin,
  }));

// "Understand origin request policies" > Origin request settings.
export const originRequestPolicySchema = z
  .strictObject({
    id: policyId,
    name: policyId.optional(),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
    ...forwardedValuesShape(
      ['none', 'whitelist', 'allViewer', 'allViewerAndWhitelistCloudFront', 'allExcept'],
      ['none', 'whitelist', 'all', 'allExcept'],
      ['none', 'whitelist', 'all', 'allExcept'],
    ),
  })
  .transform((p) => ({ ...p, name: p.name ?? p.id }));
