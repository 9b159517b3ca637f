// Host names: distribution aliases (alternate domain names) and origin domain names.

import { disallowedCharacters } from './path-pattern.ts';

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const MAX_HOSTNAME_LENGTH = 253; // RFC 1035 §2.3.4 (255 octets on the wire)
const MAX_LABEL_LENGTH = 63; // RFC 1035 §2.3.4

/**
 * Why `alias` is not a valid alternate domain name, or undefined if it is.
 * "Use custom URLs by adding alternate domain names (CNAMEs)": CNAMEs must be lower-case;
 * a wildcard must be the whole first label (`*.example.com`), never part of a label or a
 * later label.
 */
export function aliasProblem(alias: string): string | undefined {
  if (alias.length === 0) return 'must not be empty';
  if (alias !== alias.toLowerCase()) return 'must be lower-case (CloudFront requires lower-case alternate domain names)';
  const rest = alias.startsWith('*.') ? alias.slice(2) : alias;
  if (rest.includes('*')) return "a wildcard is only allowed as the whole first label, as in '*.example.com'";
  return hostnameProblem(rest);
}

/**
 * Why `name` is not a valid origin domain name, or undefined if it is. CloudFront wants a
 * bare DNS name ("Origin domain"); cachefront also accepts an IP address so local origins
 * such as 127.0.0.1 work. Case-insensitive.
 */
export function originDomainProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.includes('://')) return 'must be a host name without a scheme (set customOriginConfig.originProtocolPolicy instead)';
  if (name.includes('/')) return 'must be a host name without a path (use originPath for a path)';
  if (isIPv6(name)) return undefined;
  if (/:\d+$/.test(name)) return 'must not include a port (set customOriginConfig.httpPort or httpsPort instead)';
  return hostnameProblem(name.toLowerCase());
}

function hostnameProblem(name: string): string | undefined {
  if (name.endsWith('.')) return 'must not end with a dot';
  const chars = disallowedCharacters(name, /^[a-z0-9.-]$/);
  if (chars !== undefined) return `${chars} in a host name`;
  if (name.length > MAX_HOSTNAME_LENGTH) return `must be at most ${MAX_HOSTNAME_LENGTH} characters (got ${name.length})`;
  for (const label of name.split('.')) {
    if (label.length === 0) return 'must not contain empty labels (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL_LENGTH) return `label '${label}' is longer than ${MAX_LABEL_LENGTH} characters`;
    if (!LABEL.test(label)) return `label '${label}' must not start or end with '-'`;
  }
  return undefined;
}

function isIPv6(name: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(name) && (name.match(/:/g)?.length ?? 0) >= 2;
}

/**
 * Host name -> value by CloudFront's alias rules ("Use wildcards in alternate domain names"):
 * an exact name first (one map lookup, the hit path's case), then the most specific wildcard:
 * `*.example.com` covers every name that ends in `.example.com`, with one label or more
 * before it (`www.example.com`, `a.b.example.com`), never `example.com` itself; where
 * `*.b.example.com` and `*.example.com` both cover a name, the longer one wins. Names are
 * lower-case (callers lower-case the Host).
 */
export class HostTable<T> {
  private readonly exact = new Map<string, T>();
  /** By the part after `*.`. */
  private readonly wildcard = new Map<string, T>();

  set(name: string, value: T): void {
    const n = name.toLowerCase();
    if (n.startsWith('*.')) this.wildcard.set(n.slice(2), value);
    else this.exact.set(n, value);
  }

  get(host: string): T | undefined {
    const found = this.exact.get(host);
    if (found !== undefined || this.wildcard.size === 0) return found;
    // Longest suffix first: drop one leading label at a time.
    for (let dot = host.indexOf('.'); dot > 0 && dot < host.length - 1; dot = host.indexOf('.', dot + 1)) {
      const w = this.wildcard.get(host.slice(dot + 1));
      if (w !== undefined) return w;
    }
    return undefined;
  }
}
