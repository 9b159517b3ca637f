// S3 origins and origin access control ("Restrict access to an Amazon S3 origin"): the
// domain name forms CloudFront accepts for a bucket, and the OriginAccessControlConfig shape.

import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { maxLength, nonEmpty } from './schema-helpers.ts';
import type { CustomOriginConfig, Origin } from './types.ts';

/**
 * CreateOriginAccessControl's OriginAccessControlConfig (Name up to 64 characters,
 * Description up to 256). Only the `s3` origin type is served here: CloudFront's other types
 * (mediastore, lambda, mediapackagev2) front AWS services cachefront has no local stand-in for.
 */
export const originAccessControlSchema = z.strictObject({
  id: nonEmpty(64),
  name: nonEmpty(64),
  description: maxLength(256).default(''),
  signingProtocol: z.enum(['sigv4']).default('sigv4'),
  // always: sign every origin request (replacing a viewer's Authorization); never: sign none;
  // no-override: sign unless the origin request already carries the viewer's Authorization.
  signingBehavior: z.enum(['always', 'never', 'no-override']),
  originAccessControlOriginType: z.enum(['s3']).default('s3'),
});

export type OriginAccessControl = z.output<typeof originAccessControlSchema>;

/** The bucket (and region, when the name has one) an S3 origin's domain name names. */
export interface S3Bucket {
  bucket: string;
  /** From `BUCKET.s3.REGION.amazonaws.com` / `BUCKET.s3-REGION.amazonaws.com`; undefined for the global and local forms. */
  region?: string;
}

// S3 bucket naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens,
// starting and ending with a letter or digit.
const BUCKET = '([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])';
const S3_DOMAINS: readonly RegExp[] = [
  new RegExp(`^${BUCKET}\\.s3\\.amazonaws\\.com$`),
  new RegExp(`^${BUCKET}\\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\\d)\\.amazonaws\\.com$`),
  // cachefront's local form, served by `cachefront origin --bucket` (docs/s3-origins.md).
  new RegExp(`^${BUCKET}\\.s3\\.localhost$`),
];

/** The bucket an S3 origin's domain name names, or undefined when it is not one of the accepted forms. */
export function s3BucketOf(domainName: string): S3Bucket | undefined {
  const name = domainName.toLowerCase();
  for (const re of S3_DOMAINS) {
    const m = re.exec(name);
    if (m === null || m[1]!.includes('..')) continue;
    return m[2] === undefined ? { bucket: m[1]! } : { bucket: m[1]!, region: m[2] };
  }
  return undefined;
}

export const S3_DOMAIN_FORMS = 'BUCKET.s3.amazonaws.com, BUCKET.s3.REGION.amazonaws.com or BUCKET.s3.localhost';

/**
 * What an origin's connections use: its customOriginConfig, or for an S3 origin what
 * CloudFront uses for S3 (HTTPS on 443, the S3 origin's read timeout, default keep-alive).
 */
export function originSettings(origin: Origin): CustomOriginConfig {
  if (origin.customOriginConfig !== undefined) return origin.customOriginConfig;
  return {
    httpPort: DEFAULTS.httpPort,
    httpsPort: DEFAULTS.httpsPort,
    originProtocolPolicy: 'https-only',
    originReadTimeout: origin.s3OriginConfig?.originReadTimeout ?? DEFAULTS.originReadTimeout,
    originKeepaliveTimeout: DEFAULTS.originKeepaliveTimeout,
  };
}
