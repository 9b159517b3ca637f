// CloudFront Functions quotas ("Quotas on CloudFront Functions" in cloudfront-limits, and
// "Restrictions on CloudFront Functions" in edge-functions-restrictions), and this runtime's
// stand-ins where CloudFront publishes no number.

export interface FunctionLimits {
  /** "Maximum size of a function": 10 KB of code. */
  maxCodeBytes: number;
  /** "Maximum function memory": 2 MB, on top of the sandbox's own baseline (built-ins, shims). */
  memoryBytes: number;
  /**
   * The time that is 100% compute utilization. CloudFront publishes no number ("a limit on the
   * time they can take to run, measured as compute utilization"); a function that runs longer
   * is stopped with an error. Wall-clock milliseconds of the sandbox's run.
   */
  timeLimitMs: number;
  /** "Function logs in CloudFront Functions are truncated at 10 KB." */
  logBytes: number;
  /** Stack for deep recursion: past it the function gets `InternalError: stack overflow`. */
  maxStackBytes: number;
  /** Compile time (the function's top-level code run once to find the handler). */
  compileTimeLimitMs: number;
}

export const DEFAULT_LIMITS: Readonly<FunctionLimits> = Object.freeze({
  maxCodeBytes: 10 * 1024,
  memoryBytes: 2 * 1024 * 1024,
  timeLimitMs: 5,
  logBytes: 10 * 1024,
  maxStackBytes: 256 * 1024,
  compileTimeLimitMs: 200,
});

/** Function names: 1-64 characters from a-z, A-Z, 0-9, hyphen and underscore (CreateFunction, Name). */
export const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

/** "The total size of the URI, including the query string, must be less than 8,192 characters." */
export const MAX_URI_CHARS = 8192;
