// @cachefront/functions: a CloudFront Functions runtime (cloudfront-js-1.0 and 2.0) in a
// QuickJS WebAssembly sandbox, so functions written for CloudFront run unchanged on the edge.

export { compileFunction, CompiledFunction, type CompileOptions, type RunResult } from './compile.ts';
export { eventFromRequest, viewerResponseEvent, responseFromOrigin, parseQueryString, parseCookieHeader, parseSetCookies, headerPairs, type RequestLike, type ResponseLike, type EventSource } from './event.ts';
export { applyRequest, applyResponse, cookieHeader, setCookieLines, responseBody, type AppliedRequest, type AppliedResponse, type HeaderLists } from './apply.ts';
export { validateOutput } from './validate.ts';
export { serializeQueryString } from './querystring.ts';
export { keyValueStore, type KeyValueStoreMeta } from './kvs.ts';
export { BAD_HEADER_VALUE, isDisallowedHeader, READ_ONLY_HEADERS, capitalizeHeaderName } from './header-rules.ts';
export { DEFAULT_LIMITS, type FunctionLimits } from './limits.ts';
export { FunctionError, FUNCTION_ERRORS, EXECUTION_ERROR_PREFIX, INVALID_VALUE_PREFIX, type FunctionErrorCode, type FunctionResultType } from './errors.ts';
export type * from './types.ts';
