// Response headers policies (API reference ResponseHeadersPolicyConfig, camelCase, plain
// lists instead of {Quantity, Items}), and AWS's five managed ones with their real ids.
// Values: "Use managed response headers policies" in the CloudFront Developer Guide.

import { z } from 'zod';
import { headerNameProblem, policyIdProblem } from './formats.ts';
import { MAX_COMMENT_LENGTH } from './limits.ts';
import { checkedString, maxLength, nonEmpty, wholeNumber } from './schema-helpers.ts';

const headerName = checkedString(headerNameProblem).transform((h) => h.toLowerCase());
const METHODS = ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'ALL'] as const;
// "Quotas" > Response headers policies: custom headers and headers to remove per policy.
export const MAX_CUSTOM_HEADERS = 10;
export const MAX_REMOVE_HEADERS = 10;
// A header value the policy sets may not hold characters a header cannot carry.
const headerValue = checkedString((v) => (/^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? undefined : 'must not contain control characters'));

const corsConfig = z.strictObject({
  accessControlAllowOrigins: z.array(nonEmpty()).min(1, { error: 'list at least one origin (or *)' }),
  accessControlAllowHeaders: z.array(nonEmpty()).default(() => []),
  accessControlAllowMethods: z.array(z.enum(METHODS)).min(1, { error: 'list at least one method (or ALL)' }),
  accessControlAllowCredentials: z.boolean(),
  accessControlExposeHeaders: z.array(nonEmpty()).default(() => []),
  accessControlMaxAgeSec: wholeNumber(0, undefined, 'seconds').optional(),
  originOverride: z.boolean(),
});

const overridable = { override: z.boolean() };
const securityHeadersConfig = z.strictObject({
  xssProtection: z.strictObject({ ...overridable, protection: z.boolean(), modeBlock: z.boolean().default(false), reportUri: nonEmpty().optional() }).optional(),
  frameOptions: z.strictObject({ ...overridable, frameOption: z.enum(['DENY', 'SAMEORIGIN']) }).optional(),
  referrerPolicy: z
    .strictObject({
      ...overridable,
      referrerPolicy: z.enum(['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url']),
    })
    .optional(),
  contentSecurityPolicy: z.strictObject({ ...overridable, contentSecurityPolicy: headerValue.pipe(maxLength(1783)) }).optional(),
  contentTypeOptions: z.strictObject({ ...overridable }).optional(),
  strictTransportSecurity: z
    .strictObject({ ...overridable, accessControlMaxAgeSec: wholeNumber(0, undefined, 'seconds'), includeSubdomains: z.boolean().default(false), preload: z.boolean().default(false) })
    .optional(),
});

export const responseHeadersPolicySchema = z
  .strictObject({
    id: checkedString(policyIdProblem),
    name: checkedString(policyIdProblem).optional(),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
    corsConfig: corsConfig.optional(),
    securityHeadersConfig: securityHeadersConfig.optional(),
    customHeadersConfig: z
      .array(z.strictObject({ header: headerName, value: headerValue, override: z.boolean() }))
      .max(MAX_CUSTOM_HEADERS, { error: `at most ${MAX_CUSTOM_HEADERS} custom headers per policy` })
      .default(() => []),
    removeHeadersConfig: z
      .array(headerName)
      .max(MAX_REMOVE_HEADERS, { error: `at most ${MAX_REMOVE_HEADERS} headers to remove per policy` })
      .default(() => []),
    serverTimingHeadersConfig: z.strictObject({ enabled: z.boolean(), samplingRate: z.number().min(0).max(100) }).optional(),
  })
  .transform((p) => ({ ...p, name: p.name ?? p.id }));

export type ResponseHeadersPolicy = z.output<typeof responseHeadersPolicySchema>;

const SECURITY = {
  referrerPolicy: { override: false, referrerPolicy: 'strict-origin-when-cross-origin' as const },
  strictTransportSecurity: { override: false, accessControlMaxAgeSec: 31536000, includeSubdomains: false, preload: false },
  contentTypeOptions: { override: true },
  frameOptions: { override: false, frameOption: 'SAMEORIGIN' as const },
  xssProtection: { override: false, protection: true, modeBlock: true },
};
const SIMPLE_CORS = {
  accessControlAllowOrigins: ['*'],
  accessControlAllowHeaders: [],
  accessControlAllowMethods: ['ALL' as const],
  accessControlAllowCredentials: false,
  accessControlExposeHeaders: [],
  originOverride: false,
};
const PREFLIGHT_CORS = {
  accessControlAllowOrigins: ['*'],
  accessControlAllowHeaders: ['*'],
  accessControlAllowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as ('DELETE' | 'GET' | 'HEAD' | 'OPTIONS' | 'PATCH' | 'POST' | 'PUT')[],
  accessControlAllowCredentials: false,
  accessControlExposeHeaders: ['*'],
  originOverride: false,
};
const managed = (id: string, name: string, comment: string, extra: Partial<ResponseHeadersPolicy>): ResponseHeadersPolicy => ({ id, name, comment, customHeadersConfig: [], removeHeadersConfig: [], ...extra });

export const managedResponseHeadersPolicies: readonly ResponseHeadersPolicy[] = Object.freeze([
  managed('e61eb60c-9c35-4d20-a928-2b84e02af89c', 'Managed-CORS-and-SecurityHeadersPolicy', 'Allows all origins for simple CORS requests, and adds security headers', { corsConfig: SIMPLE_CORS, securityHeadersConfig: SECURITY }),
  managed('5cc3b908-e619-4b99-88e5-2cf7f45965bd', 'Managed-CORS-With-Preflight', 'Allows all origins for CORS requests, including preflight requests', { corsConfig: PREFLIGHT_CORS }),
  managed('eaab4381-ed33-4a86-88ca-d9558dc6cd63', 'Managed-CORS-with-preflight-and-SecurityHeadersPolicy', 'Allows all origins for CORS requests, including preflight requests, and adds security headers', { corsConfig: PREFLIGHT_CORS, securityHeadersConfig: SECURITY }),
  managed('67f7725c-6f97-4210-82d7-5512b31e9d03', 'Managed-SecurityHeadersPolicy', 'Adds a set of security headers to every response', { securityHeadersConfig: SECURITY }),
  managed('60669652-455b-4ae9-85a4-c4c02393f86c', 'Managed-SimpleCORS', 'Allows all origins for simple CORS requests', { corsConfig: SIMPLE_CORS }),
]);

/** The response headers policy a behavior's `responseHeadersPolicyId` names: managed (AWS id or `Managed-<Name>`) or local. */
export function resolveResponseHeadersPolicy(config: { responseHeadersPolicies: readonly ResponseHeadersPolicy[] }, ref: string): ResponseHeadersPolicy | undefined {
  return managedResponseHeadersPolicies.find((p) => p.id === ref || p.name === ref || p.name === `Managed-${ref}`) ?? config.responseHeadersPolicies.find((p) => p.id === ref);
}

export function isManagedResponseHeadersPolicyRef(ref: string): boolean {
  return managedResponseHeadersPolicies.some((p) => p.id === ref || p.name === ref || p.name === `Managed-${ref}`);
}
