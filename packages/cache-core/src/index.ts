export { compilePathPattern, normalizePattern, type PathMatcher, type StepCounter } from './path-pattern.ts';
export { compileBehaviors, type BehaviorSelector } from './behavior.ts';
export { compileCacheKey, cacheKeyTarget, type CacheKeyFn, type CacheKeyResult } from './cache-key.ts';
export { compileAcceptEncoding, type NormalizedEncoding } from './accept-encoding.ts';
export { headerValue, parseCookies, splitQuery, type ViewerRequest } from './request.ts';
export { parseCacheControl, deltaSeconds, parseHttpDate, type Directives } from './cache-control.ts';
export {
  decideStorage,
  PARENT_TIER_HEADER,
  isCachedMethod,
  hasValidator,
  ALWAYS_CACHED_ERRORS,
  ERRORS_CACHED_WITH_MAX_AGE,
  CACHEABLE_SUCCESS,
  DEFAULT_ERROR_CACHING_MIN_TTL,
  AGE_TOO_OLD,
  ageOf,
  type StorageDecision,
  type StorageInput,
  type StorageRefusal,
  type TtlSource,
  type ResponseHeaders,
} from './ttl.ts';
export { currentAge, isFresh, ageHeader, conditionalHeaders, refreshFrom304, viewerVary, type EntryMeta } from './freshness.ts';
export { compileOriginRequest, connectionListed, type OriginRequestContext, type OriginRequestPlan, type OriginRequestFn } from './origin-request.ts';
export { compileInvalidation, parseCacheTags, type InvalidationMatcher, type InvalidationTarget } from './invalidation.ts';
export { normalizePath, originResolutions } from './normalize-path.ts';
export { canServeIfError, canServeWhileRevalidating, isServerError, staleFor } from './stale.ts';
export { cacheVerdict, decideOriginResponse, contentLength, type CacheVerdict, type OriginAnswer, type OriginResponseInput, type OriginResponseVerdict } from './verdict.ts';
export { byteRanges, rangeFor, MAX_RANGES, type RangeAnswer } from './range.ts';
