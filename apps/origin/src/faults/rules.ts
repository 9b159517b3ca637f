// Fault rules for /_origin/faults: parsed and validated once, every problem reported with its path.
import type { Issue } from '../signed-demo/sign-request.ts';

export type { Issue };

/** Modes that act on one request, after the connection was accepted. */
export const REQUEST_MODES = ['status', 'hang', 'slow-headers', 'slow-body', 'reset'] as const;
/** Modes that act on the listening socket (no path, no times). */
export const LISTENER_MODES = ['refuse', 'blackhole'] as const;
export type RequestMode = (typeof REQUEST_MODES)[number];
export type ListenerMode = (typeof LISTENER_MODES)[number];
export type FaultMode = RequestMode | ListenerMode;

export type FaultAction =
  | { mode: 'status'; status: number; headers?: Record<string, string> }
  | { mode: 'hang' }
  | { mode: 'slow-headers'; delayMs: number }
  | { mode: 'slow-body'; delayMs: number; chunkBytes?: number }
  | { mode: 'reset' }
  | { mode: 'refuse' }
  | { mode: 'blackhole' };

export type FaultRule = FaultAction & {
  /** CloudFront path pattern (`*` any characters, `?` one), matched against the raw path; none = every path. */
  path?: string;
  /** Apply to the next `times` matching requests only, then the rule goes away. */
  times?: number;
  /** The rule goes away after this many ms (a refuse/blackhole then re-opens the port). */
  forMs?: number;
};

export const MAX_DELAY_MS = 600_000;
export const MAX_FOR_MS = 86_400_000;
export const MAX_TIMES = 1_000_000;
export const MAX_CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_CHUNK_BYTES = 16;
const MAX_PATH_LENGTH = 1024;

const COMMON = ['mode', 'path', 'times', 'forMs'];
const PARAMS: Record<FaultMode, string[]> = {
  status: ['status', 'headers'],
  hang: [],
  'slow-headers': ['delayMs'],
  'slow-body': ['delayMs', 'chunkBytes'],
  reset: [],
  refuse: [],
  blackhole: [],
};
const MODES = Object.keys(PARAMS) as FaultMode[];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 §5.1 field-name
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/; // RFC 9110 §5.5

export interface ParseOptions {
  /** refuse/blackhole need forMs: the admin API shares the port they close (no separate admin port). */
  listenerNeedsForMs?: boolean;
}

export const isListenerMode = (mode: FaultMode): mode is ListenerMode => (LISTENER_MODES as readonly string[]).includes(mode);

/** `PUT /_origin/faults` body: `{rules: [rule, ...]}`. */
export function parseFaultRules(json: unknown, opts: ParseOptions = {}): { value: FaultRule[] } | { issues: Issue[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { issues: [{ path: '', message: 'the body must be a JSON object {"rules": [...]}' }] };
  const o = json as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(o)) if (key !== 'rules') issues.push({ path: key, message: 'unknown field (expected rules)' });
  if (!Array.isArray(o.rules)) return { issues: [...issues, { path: 'rules', message: 'required: an array of rules' }] };
  const rules: FaultRule[] = [];
  o.rules.forEach((item, i) => {
    const parsed = parseFaultRule(item, opts, `rules[${i}].`);
    if ('issues' in parsed) issues.push(...parsed.issues);
    else rules.push(parsed.value);
  });
  if (rules.filter((r) => isListenerMode(r.mode)).length > 1) issues.push({ path: 'rules', message: 'at most one refuse or blackhole rule (there is one listening socket)' });
  return issues.length > 0 ? { issues } : { value: rules };
}

/** One rule (`POST /_origin/faults` body); issue paths are prefixed with `at`. */
export function parseFaultRule(json: unknown, opts: ParseOptions = {}, at = ''): { value: FaultRule } | { issues: Issue[] } {
  const where = at.replace(/\.$/, '');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { issues: [{ path: where, message: 'a rule must be a JSON object {"mode", "path"?, ...}' }] };
  const o = json as Record<string, unknown>;
  const issues: Issue[] = [];
  const problem = (field: string, message: string) => issues.push({ path: at + field, message });

  const mode = o.mode;
  if (typeof mode !== 'string' || !MODES.includes(mode as FaultMode)) {
    problem('mode', `required: one of ${MODES.join(', ')}, got ${JSON.stringify(mode) ?? 'nothing'}`);
    return { issues };
  }
  const m = mode as FaultMode;
  for (const key of Object.keys(o)) {
    if (COMMON.includes(key) || PARAMS[m].includes(key)) continue;
    const owner = MODES.find((other) => PARAMS[other].includes(key));
    problem(key, owner ? `not a parameter of mode ${m} (it belongs to ${owner})` : 'unknown field');
  }

  // Shown back in this order: path, mode, the mode's parameters, times, forMs.
  const head: Record<string, unknown> = {};
  const rule: Record<string, unknown> = { mode: m };
  const tail: Record<string, unknown> = {};
  const listener = isListenerMode(m);
  if (o.path !== undefined) {
    if (listener) problem('path', `mode ${m} closes the whole listening socket: no path`);
    else if (typeof o.path !== 'string' || !/^[/*]/.test(o.path) || o.path.length > MAX_PATH_LENGTH || !/^[\x21-\x7e]+$/.test(o.path)) {
      problem('path', `a path pattern starting with / or * (visible ASCII, at most ${MAX_PATH_LENGTH} characters), got ${JSON.stringify(o.path)}`);
    } else head.path = o.path;
  }
  if (o.times !== undefined) {
    if (listener) problem('times', `mode ${m} does not see requests: use forMs`);
    else if (isInt(o.times, 1, MAX_TIMES)) tail.times = o.times;
    else problem('times', `an integer 1-${MAX_TIMES}, got ${JSON.stringify(o.times)}`);
  }
  if (o.forMs !== undefined) {
    if (isInt(o.forMs, 1, MAX_FOR_MS)) tail.forMs = o.forMs;
    else problem('forMs', `an integer 1-${MAX_FOR_MS} (ms), got ${JSON.stringify(o.forMs)}`);
  } else if (listener && opts.listenerNeedsForMs) {
    problem('forMs', `required for ${m}: the admin API shares the port it closes (or start the origin with an admin port)`);
  }

  if (m === 'status') {
    // 101 needs an Upgrade; any other 1xx is sent as an interim response (RFC 9110 §15.2).
    if (isInt(o.status, 100, 599) && o.status !== 101) rule.status = o.status;
    else problem('status', `required: an integer 100-599 other than 101, got ${JSON.stringify(o.status) ?? 'nothing'}`);
    if (o.headers !== undefined) {
      if (typeof o.headers !== 'object' || o.headers === null || Array.isArray(o.headers)) problem('headers', 'an object of header name -> string value');
      else {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(o.headers as Record<string, unknown>)) {
          if (!TOKEN.test(name)) problem(`headers.${name}`, 'not a valid header name');
          else if (typeof value !== 'string' || !FIELD_VALUE.test(value)) problem(`headers.${name}`, 'the value must be a string without control characters');
          else headers[name] = value;
        }
        rule.headers = headers;
      }
    }
  }
  if (m === 'slow-headers' || m === 'slow-body') {
    if (isInt(o.delayMs, 0, MAX_DELAY_MS)) rule.delayMs = o.delayMs;
    else problem('delayMs', `required: an integer 0-${MAX_DELAY_MS} (ms), got ${JSON.stringify(o.delayMs) ?? 'nothing'}`);
  }
  if (m === 'slow-body' && o.chunkBytes !== undefined) {
    if (isInt(o.chunkBytes, 1, MAX_CHUNK_BYTES)) rule.chunkBytes = o.chunkBytes;
    else problem('chunkBytes', `an integer 1-${MAX_CHUNK_BYTES}, got ${JSON.stringify(o.chunkBytes)}`);
  }
  return issues.length > 0 ? { issues } : { value: { ...head, ...rule, ...tail } as FaultRule };
}

/** CloudFront path pattern -> predicate: `*` is any run of characters, `?` exactly one; case-sensitive. */
export function pathMatcher(pattern: string | undefined): (path: string) => boolean {
  if (pattern === undefined) return () => true;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`, 's');
  return (path) => re.test(path);
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
