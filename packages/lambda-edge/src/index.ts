// @cachefront/lambda-edge: Lambda@Edge handlers (Node.js) run as CloudFront runs them: the
// event it sends, the handler styles Lambda supports, each version in its own pool of child
// processes under Node's permission model with the event type's time and memory limits, and
// the result checked with CloudFront's rules and errors.

export { LambdaRuntime, DEFAULT_POOL, type LambdaRuntimeOptions } from './runtime.ts';
export type { FunctionVersion, InvokeOptions, InvokeOutcome } from './runtime-types.ts';
export type { PoolOptions, PoolStats } from './pool.ts';
export { buildEvent, cfHeaders, customOrigin, s3Origin, exposedBody, type EventDescription, type CustomOriginDescription, type S3OriginDescription } from './event.ts';
export { applyResult, outcomeOf, type Applied, type AppliedRequest, type AppliedResponse } from './apply.ts';
export { LAMBDA_ERRORS, VALIDATION_PREFIX, type LambdaErrorCode, type LambdaFailure } from './errors.ts';
export { isDisallowedHeader, READ_ONLY_HEADERS, capitalizeHeaderName } from './header-rules.ts';
export { EVENT_LIMITS, EVENT_TYPES, LOCAL_MAX_MEMORY_MB, LAMBDA_MAX_MEMORY_MB, DEFAULT_MEMORY_MB, INIT_TIMEOUT_MS, MAX_URI_CHARS, MAX_LOG_BYTES, RUNTIMES, isEventType, type EventLimits, type Runtime } from './limits.ts';
export type * from './types.ts';
