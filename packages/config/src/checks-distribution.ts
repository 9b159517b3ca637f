// Rules within one distribution that relate several values: CloudFront's quotas on list
// sizes, origin custom headers, origin group shape, cached vs allowed methods, trusted key
// groups, custom error responses and geo restriction. References between objects are in
// references.ts.

import { s3BucketOf, S3_DOMAIN_FORMS } from './origin-access.ts';
import { DEFAULTS } from './defaults.ts';
import { headerNameProblem } from './formats.ts';
import { checkListQuotas, type ListQuota } from './checks-quotas.ts';
import type { IssueSink } from './issues.ts';
import {
  ALLOWED_METHOD_SETS,
  CACHED_METHOD_SETS,
  FORBIDDEN_CUSTOM_HEADER_PREFIXES,
  FORBIDDEN_CUSTOM_HEADERS,
  MAX_ALIASES_PER_DISTRIBUTION,
  MAX_CACHE_BEHAVIORS_PER_DISTRIBUTION,
  MAX_CUSTOM_HEADER_NAME_LENGTH,
  MAX_CUSTOM_HEADER_VALUE_LENGTH,
  MAX_CUSTOM_HEADERS_PER_ORIGIN,
  MAX_CUSTOM_HEADERS_TOTAL_LENGTH,
  MAX_KEY_GROUPS_PER_DISTRIBUTION,
  MAX_ORIGIN_GROUPS_PER_DISTRIBUTION,
  MAX_ORIGINS_PER_DISTRIBUTION,
  ORIGIN_GROUP_MEMBER_COUNT,
} from './limits.ts';
import { methodSetProblem } from './methods.ts';
import { checkOriginShields } from './origin-shield.ts';
import { field, isRec, items, str, strings } from './raw.ts';
import type { HttpMethod } from './types.ts';

/** Quotas, "General quotas on distributions": how many of each a distribution may have. */
const LIST_QUOTAS: ListQuota[] = [
  { key: 'aliases', max: MAX_ALIASES_PER_DISTRIBUTION, what: 'alternate domain names' },
  { key: 'origins', max: MAX_ORIGINS_PER_DISTRIBUTION, what: 'origins' },
  { key: 'originGroups', max: MAX_ORIGIN_GROUPS_PER_DISTRIBUTION, what: 'origin groups' },
  { key: 'cacheBehaviors', max: MAX_CACHE_BEHAVIORS_PER_DISTRIBUTION, what: 'cache behaviors' },
];

export function checkDistribution(dist: unknown, sink: IssueSink): void {
  checkListQuotas(dist, LIST_QUOTAS, 'distribution', sink);
  items(field(dist, 'origins')).forEach((o, i) => checkCustomHeaders(field(o, 'customHeaders'), sink.at('origins', i, 'customHeaders')));
  checkOriginShields(field(dist, 'origins'), sink.at('origins'));
  items(field(dist, 'origins')).forEach((o, i) => checkS3Origin(o, sink.at('origins', i)));
  items(field(dist, 'originGroups')).forEach((g, i) => checkOriginGroupShape(g, sink.at('originGroups', i)));
  checkCachedMethods(field(dist, 'defaultCacheBehavior'), sink.at('defaultCacheBehavior'));
  items(field(dist, 'cacheBehaviors')).forEach((b, i) => checkCachedMethods(b, sink.at('cacheBehaviors', i)));
  checkTrustedKeyGroups(dist, sink);
  checkCustomErrorResponses(field(dist, 'customErrorResponses'), sink.at('customErrorResponses'));
  checkGeoRestriction(field(field(dist, 'restrictions'), 'geoRestriction'), sink.at('restrictions', 'geoRestriction'));
}

/**
 * An S3 origin ("Use an Amazon S3 bucket"): its domain name must name a bucket, it has no
 * customOriginConfig (CloudFront's Origin has one or the other), legacy origin access
 * identities are not served (use origin access control), and origin access control signs
 * S3 origins only.
 */
function checkS3Origin(origin: unknown, sink: IssueSink): void {
  const s3 = field(origin, 's3OriginConfig');
  const domain = str(field(origin, 'domainName'));
  if (s3 === undefined) {
    if (str(field(origin, 'originAccessControlId')) !== undefined) sink.add(['originAccessControlId'], 'origin access control signs requests to S3 origins only: add s3OriginConfig (and an S3 domainName)');
    return;
  }
  if (field(origin, 'customOriginConfig') !== undefined) sink.add(['s3OriginConfig'], 'an origin has either s3OriginConfig or customOriginConfig, not both');
  if (domain !== undefined && domain !== '' && s3BucketOf(domain) === undefined) sink.add(['domainName'], `an S3 origin's domainName must be ${S3_DOMAIN_FORMS} (got '${domain}')`);
  const oai = str(field(s3, 'originAccessIdentity'));
  if (oai !== undefined && oai !== '') sink.add(['s3OriginConfig', 'originAccessIdentity'], 'origin access identities (legacy) are not supported: leave it empty and set originAccessControlId');
}

/** "Add custom headers to origin requests" and Quotas, "Quotas on headers". */
function checkCustomHeaders(headers: unknown, sink: IssueSink): void {
  if (!isRec(headers)) return;
  const names = Object.keys(headers);
  if (names.length > MAX_CUSTOM_HEADERS_PER_ORIGIN) {
    sink.add([], `has ${names.length} headers; CloudFront allows at most ${MAX_CUSTOM_HEADERS_PER_ORIGIN} custom headers per origin (Quotas)`);
  }
  let total = 0;
  const seen = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const value = str(headers[name]);
    total += name.length + (value?.length ?? 0);
    const problem = headerNameProblem(name);
    if (problem !== undefined) sink.add([name], problem);
    else if (FORBIDDEN_CUSTOM_HEADERS.includes(lower)) {
      sink.add([name], `CloudFront can't add ${name} to origin requests ("Custom headers that CloudFront can't add to origin requests")`);
    } else if (FORBIDDEN_CUSTOM_HEADER_PREFIXES.some((p) => lower.startsWith(p))) {
      sink.add([name], `CloudFront can't add headers that begin with ${FORBIDDEN_CUSTOM_HEADER_PREFIXES.map((p) => `'${p}'`).join(' or ')} to origin requests`);
    }
    if (name.length > MAX_CUSTOM_HEADER_NAME_LENGTH) {
      sink.add([name], `header name is ${name.length} characters; CloudFront allows ${MAX_CUSTOM_HEADER_NAME_LENGTH}`);
    }
    if (value !== undefined && value.length > MAX_CUSTOM_HEADER_VALUE_LENGTH) {
      sink.add([name], `header value is ${value.length} characters; CloudFront allows ${MAX_CUSTOM_HEADER_VALUE_LENGTH}`);
    }
    const earlier = seen.get(lower);
    if (earlier !== undefined) sink.add([name], `same header as '${earlier}' (header names are case-insensitive)`);
    else seen.set(lower, name);
  }
  if (total > MAX_CUSTOM_HEADERS_TOTAL_LENGTH) {
    sink.add([], `header names and values add up to ${total} characters; CloudFront allows ${MAX_CUSTOM_HEADERS_TOTAL_LENGTH}`);
  }
}

/** "Create an origin group": exactly two different origins; each status code once. */
function checkOriginGroupShape(group: unknown, sink: IssueSink): void {
  const members = field(group, 'members');
  if (Array.isArray(members)) {
    if (members.length !== ORIGIN_GROUP_MEMBER_COUNT) {
      sink.add(['members'], `must have exactly ${ORIGIN_GROUP_MEMBER_COUNT} members, a primary and a secondary origin (got ${members.length})`);
    }
    const ids = members.map((m) => str(field(m, 'originId')));
    ids.forEach((id, i) => {
      if (id !== undefined && ids.indexOf(id) !== i) {
        sink.add(['members', i, 'originId'], `origin '${id}' is already a member of this group; primary and secondary must differ`);
      }
    });
  }
  const codes = field(field(group, 'failoverCriteria'), 'statusCodes');
  items(codes).forEach((c, i) => {
    if (typeof c === 'number' && items(codes).indexOf(c) !== i) {
      sink.add(['failoverCriteria', 'statusCodes', i], `${c} is listed more than once`);
    }
  });
}

/** "Cached HTTP methods": CloudFront caches only methods the behavior allows. */
function checkCachedMethods(behavior: unknown, sink: IssueSink): void {
  const allowed = methodSet(field(behavior, 'allowedMethods'), ALLOWED_METHOD_SETS, DEFAULTS.allowedMethods);
  const cached = methodSet(field(behavior, 'cachedMethods'), CACHED_METHOD_SETS, DEFAULTS.cachedMethods);
  if (allowed === undefined || cached === undefined) return;
  const extra = cached.filter((m) => !allowed.includes(m));
  if (extra.length > 0) {
    const byDefault = field(behavior, 'allowedMethods') === undefined ? ` (allowedMethods is [${allowed.join(', ')}] by default)` : '';
    sink.add(['cachedMethods'], `caches ${extra.join(', ')}, which allowedMethods does not allow${byDefault}`);
  }
}

/** The methods if they form one of `sets` (else the schema reports them), the default if absent. */
function methodSet(
  value: unknown,
  sets: readonly (readonly HttpMethod[])[],
  fallback: readonly string[],
): readonly string[] | undefined {
  if (value === undefined) return fallback;
  const list = strings(value);
  return list !== undefined && methodSetProblem(list, sets) === undefined ? list : undefined;
}

/**
 * Each behavior lists a key group once; Quotas, "Key groups associated with a single
 * distribution": the distinct key groups of all its behaviors together.
 */
function checkTrustedKeyGroups(dist: unknown, sink: IssueSink): void {
  const behaviors: [unknown, IssueSink][] = [[field(dist, 'defaultCacheBehavior'), sink.at('defaultCacheBehavior')]];
  items(field(dist, 'cacheBehaviors')).forEach((b, i) => behaviors.push([b, sink.at('cacheBehaviors', i)]));
  const trusted = new Set<string>();
  for (const [behavior, at] of behaviors) {
    const ids = items(field(behavior, 'trustedKeyGroups'));
    ids.forEach((id, i) => {
      if (typeof id !== 'string') return;
      if (ids.indexOf(id) !== i) {
        at.add(['trustedKeyGroups', i], `key group '${id}' is already listed at trustedKeyGroups[${ids.indexOf(id)}]`);
      } else if (!trusted.has(id)) {
        trusted.add(id);
        if (trusted.size > MAX_KEY_GROUPS_PER_DISTRIBUTION) {
          at.add(
            ['trustedKeyGroups', i],
            `key group '${id}' makes ${trusted.size} key groups in this distribution; CloudFront allows at most ${MAX_KEY_GROUPS_PER_DISTRIBUTION} per distribution (Quotas)`,
          );
        }
      }
    });
  }
}

/** "Generate custom error responses": one entry per error code; ResponseCode needs ResponsePagePath and vice versa (API reference, CustomErrorResponse). */
function checkCustomErrorResponses(list: unknown, sink: IssueSink): void {
  const codes = items(list).map((r) => field(r, 'errorCode'));
  items(list).forEach((r, i) => {
    const code = codes[i];
    if (typeof code === 'number' && codes.indexOf(code) !== i) {
      sink.add([i, 'errorCode'], `error code ${code} already has a custom error response at customErrorResponses[${codes.indexOf(code)}]`);
    }
    const hasPage = field(r, 'responsePagePath') !== undefined;
    const hasCode = field(r, 'responseCode') !== undefined;
    if (hasCode && !hasPage) sink.add([i, 'responsePagePath'], 'is required when responseCode is set');
    if (hasPage && !hasCode) sink.add([i, 'responseCode'], 'is required when responsePagePath is set');
  });
}

/** "Restrict the geographic distribution of your content": a list with allow/block lists, none without. */
function checkGeoRestriction(geo: unknown, sink: IssueSink): void {
  const type = field(geo, 'restrictionType') ?? 'none';
  const countries = strings(field(geo, 'items'));
  if (countries === undefined || typeof type !== 'string') return;
  if (type === 'none' && countries.length > 0) {
    sink.add(['items'], "must be empty when restrictionType is 'none'");
  } else if ((type === 'whitelist' || type === 'blacklist') && countries.length === 0) {
    sink.add(['items'], `must list at least one country when restrictionType is '${type}'`);
  }
  countries.forEach((c, i) => {
    if (countries.indexOf(c) !== i) sink.add(['items', i], `${c} is listed more than once`);
  });
}
