// Policy statements: building the JSON text that gets signed, and reading a custom policy back.
//
// CloudFront developer guide:
// - "Create a signed URL using a canned policy" / "Set signed cookies using a canned policy":
//   {"Statement":[{"Resource":"<base URL>","Condition":{"DateLessThan":{"AWS:EpochTime":<n>}}}]}
//   with all whitespace removed, UTF-8.
// - "Create a signed URL using a custom policy": one statement; optional Resource (omitted means
//   every URL); Condition with DateLessThan (required), DateGreaterThan and IpAddress
//   (optional, any order); epoch values are unquoted numbers; "Include all punctuation and
//   parameter names exactly as specified. Abbreviations for parameter names are not accepted."
// Key order here is the one @aws-sdk/cloudfront-signer emits (Resource, Condition; DateLessThan,
// DateGreaterThan, IpAddress), so equal inputs give byte-identical policies.

import { parseCidr, type Cidr } from './ip.ts';

export interface PolicyStatement {
  /** URL pattern with `*` / `?` wildcards; omitted: every URL. */
  resource?: string;
  /** Epoch seconds; access is refused from this second on. */
  dateLessThan: number;
  /** Epoch seconds; access is refused until after this second. */
  dateGreaterThan?: number;
  /** IPv4 CIDR (`192.0.2.0/24`); a bare address gets `/32` (`/128` for IPv6), as the AWS SDK does. */
  ipAddress?: string;
}

/** A custom policy as read from a request, ready for per-request checks. */
export interface ParsedPolicy {
  readonly resource: string | undefined;
  readonly dateLessThan: number;
  readonly dateGreaterThan: number | undefined;
  readonly ipAddress: Cidr | undefined;
}

function assertEpoch(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative integer number of epoch seconds, got ${String(value)}`);
  }
}

export function cannedPolicy(resource: string, expires: number): string {
  if (typeof resource !== 'string') throw new TypeError('resource must be a string');
  assertEpoch('expires', expires);
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
}

export function customPolicy(s: PolicyStatement): string {
  assertEpoch('dateLessThan', s.dateLessThan);
  let condition = `"DateLessThan":{"AWS:EpochTime":${s.dateLessThan}}`;
  if (s.dateGreaterThan !== undefined) {
    assertEpoch('dateGreaterThan', s.dateGreaterThan);
    condition += `,"DateGreaterThan":{"AWS:EpochTime":${s.dateGreaterThan}}`;
  }
  if (s.ipAddress !== undefined) {
    const cidr = parseCidr(s.ipAddress);
    if (!cidr) throw new TypeError(`ipAddress must be an IP address or CIDR range, got ${JSON.stringify(s.ipAddress)}`);
    const sourceIp = s.ipAddress.includes('/') ? s.ipAddress : `${s.ipAddress}/${cidr.prefix}`;
    condition += `,"IpAddress":{"AWS:SourceIp":${JSON.stringify(sourceIp)}}`;
  }
  if (s.resource !== undefined && typeof s.resource !== 'string') throw new TypeError('resource must be a string');
  const resource = s.resource === undefined ? '' : `"Resource":${JSON.stringify(s.resource)},`;
  return `{"Statement":[{${resource}"Condition":{${condition}}}]}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `obj` has no keys outside `allowed` (names are exact: no abbreviations). */
function onlyKeys(obj: Record<string, Json>, allowed: readonly string[]): boolean {
  return Object.keys(obj).every((k) => allowed.includes(k));
}

/** Reads `{"AWS:EpochTime": n}`. */
function epochOf(v: Json | undefined): number | undefined {
  if (!isObject(v) || !onlyKeys(v, ['AWS:EpochTime'])) return undefined;
  const n = v['AWS:EpochTime'];
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and validates a custom policy (the decoded bytes of `Policy` / `CloudFront-Policy`).
 * Returns the statement, or a reason for MalformedPolicy. Never throws.
 */
export function parsePolicy(bytes: Uint8Array): { policy: ParsedPolicy } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(UTF8.decode(bytes));
  } catch {
    return { error: 'policy is not UTF-8 JSON' };
  }
  if (!isObject(json) || !onlyKeys(json, ['Statement'])) return { error: 'policy must be an object with only "Statement"' };
  const statements = json['Statement'];
  if (!Array.isArray(statements) || statements.length !== 1) return { error: '"Statement" must be an array of exactly one statement' };
  const statement = statements[0];
  if (!isObject(statement) || !onlyKeys(statement, ['Resource', 'Condition'])) {
    return { error: 'a statement may only have "Resource" and "Condition"' };
  }
  const resource = statement['Resource'];
  if (resource !== undefined && typeof resource !== 'string') return { error: '"Resource" must be a single string' };
  const condition = statement['Condition'];
  if (!isObject(condition) || !onlyKeys(condition, ['DateLessThan', 'DateGreaterThan', 'IpAddress'])) {
    return { error: '"Condition" must be an object with only DateLessThan, DateGreaterThan, IpAddress' };
  }
  const dateLessThan = epochOf(condition['DateLessThan']);
  if (dateLessThan === undefined) return { error: '"DateLessThan" must be {"AWS:EpochTime": <integer>}' };
  let dateGreaterThan: number | undefined;
  if (condition['DateGreaterThan'] !== undefined) {
    dateGreaterThan = epochOf(condition['DateGreaterThan']);
    if (dateGreaterThan === undefined) return { error: '"DateGreaterThan" must be {"AWS:EpochTime": <integer>}' };
  }
  let ipAddress: Cidr | undefined;
  const ipCondition = condition['IpAddress'];
  if (ipCondition !== undefined) {
    const sourceIp = isObject(ipCondition) && onlyKeys(ipCondition, ['AWS:SourceIp']) ? ipCondition['AWS:SourceIp'] : undefined;
    ipAddress = typeof sourceIp === 'string' ? parseCidr(sourceIp) : undefined;
    if (!ipAddress) return { error: '"IpAddress" must be {"AWS:SourceIp": "<CIDR>"}' };
  }
  return { policy: { resource, dateLessThan, dateGreaterThan, ipAddress } };
}
