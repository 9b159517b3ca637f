// Single-value formats that CloudFront documents (other than path patterns and host
// names). Each function returns why the value is invalid, or undefined when it is fine.
import { isIP } from 'node:net';

import { disallowedCharacters } from './path-pattern.ts';
import { DEFAULT_ROOT_OBJECT_CHARACTERS, MAX_DEFAULT_ROOT_OBJECT_LENGTH, MAX_KEY_ID_LENGTH, ORIGIN_PORTS } from './limits.ts';

/**
 * Distribution ids are 'E' followed by upper-case letters and digits. CloudFront does not
 * document the length; real ids have 12 to 14 characters in all (e.g. E2QWRUHAPOMQZL and
 * EYK5GXXEGWEYZ; aws-samples/siem-on-amazon-opensearch-service issue #61 reports 12, 13
 * and 14), so cachefront accepts that range.
 */
export const DISTRIBUTION_ID = /^E[A-Z0-9]{11,13}$/;

export function distributionIdProblem(id: string): string | undefined {
  if (DISTRIBUTION_ID.test(id)) return undefined;
  return "must look like a CloudFront distribution id: 'E' then 11 to 13 upper-case letters or digits, e.g. EDEMO00000001";
}

/**
 * "Origin path": begins with a slash and "Do not add a slash (/) at the end of the path";
 * empty means none.
 */
export function originPathProblem(path: string): string | undefined {
  if (path === '') return undefined;
  if (!path.startsWith('/')) return "must start with '/' (or be empty)";
  if (path.endsWith('/')) return "must not end with '/'";
  return undefined;
}

/**
 * "Default root object": at most 255 characters from a fixed set, and "Do not add a /
 * before the object name".
 */
export function defaultRootObjectProblem(name: string): string | undefined {
  if (name.startsWith('/')) return "must not start with '/' (write 'index.html', not '/index.html')";
  if (name.length > MAX_DEFAULT_ROOT_OBJECT_LENGTH) {
    return `must be at most ${MAX_DEFAULT_ROOT_OBJECT_LENGTH} characters (got ${name.length})`;
  }
  return disallowedCharacters(name, DEFAULT_ROOT_OBJECT_CHARACTERS);
}

/** RFC 9110 §5.6.2: a field name is a token of tchar. */
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;

export function headerNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  const chars = disallowedCharacters(name, TCHAR);
  return chars === undefined ? undefined : `${chars} in a header name`;
}

/**
 * Local policy ids double as the policy's CloudFront name, which may contain only letters,
 * digits, '-' and '_' (CloudFront console; the CDK documents the same rule for
 * cachePolicyName / originRequestPolicyName).
 */
export function policyIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty';
  const chars = disallowedCharacters(id, /^[A-Za-z0-9_-]$/);
  return chars === undefined ? undefined : `${chars} (use letters, digits, '-' and '_')`;
}

/**
 * Public key and key group ids in a file, and their names: 1 to 128 letters, digits, '-'
 * and '_' (cachefront's rule; see MAX_KEY_ID_LENGTH). CloudFront's own ids fit it.
 */
export function keyIdProblem(id: string): string | undefined {
  if (id.length > MAX_KEY_ID_LENGTH) return `must be at most ${MAX_KEY_ID_LENGTH} characters (got ${id.length})`;
  return policyIdProblem(id);
}

/** "HTTP port" / "HTTPS port": 80, 443, or 1024-65535. */
export function originPortProblem(port: number): string | undefined {
  if ((ORIGIN_PORTS.fixed as readonly number[]).includes(port)) return undefined;
  if (Number.isInteger(port) && port >= ORIGIN_PORTS.min && port <= ORIGIN_PORTS.max) return undefined;
  return `must be 80, 443, or a port from ${ORIGIN_PORTS.min} to ${ORIGIN_PORTS.max} (CloudFront allows no others)`;
}

/** Geo restriction locations are ISO 3166-1 alpha-2 country codes, upper-case ("Restrict the geographic distribution of your content"). */
export function countryCodeProblem(code: string): string | undefined {
  return /^[A-Z]{2}$/.test(code) ? undefined : 'must be a two-letter upper-case ISO 3166-1 country code, e.g. US';
}

/**
 * A trusted proxy: an IPv4 or IPv6 address, or a CIDR range of them (`10.0.0.0/8`,
 * `::1/128`). Only X-Forwarded-For entries added by such peers are believed.
 */
export function cidrProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const addr = slash < 0 ? value : value.slice(0, slash);
  const family = isIP(addr);
  if (family === 0) return `'${addr}' is not an IPv4 or IPv6 address`;
  if (slash < 0) return undefined;
  const bits = value.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `prefix length must be 0-${max}, got '${bits}'`;
  return undefined;
}
