// An invalidation batch as the API receives it, and CloudFront's limits on invalidations
// in progress. Pure: the store calls these inside its transaction.
//
// "Invalidate files" = https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Invalidation.html
// "Quotas" (Quotas on invalidations) = .../cloudfront-limits.html

import type { Issue } from '@cachefront/config';
import { isRecord } from '../is-record.ts';

/** Quotas: "File invalidation: maximum number of files allowed in active invalidation requests, excluding wildcard invalidations" = 3,000. */
export const MAX_PATHS_IN_PROGRESS = 3000;
/** Quotas: "File invalidation: maximum number of active wildcard invalidations allowed" = 15. */
export const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;
/** docs/control-plane.md: a batch lists 1 to 3,000 paths. */
export const MAX_PATHS_PER_BATCH = 3000;

export interface InvalidationBatch {
  callerReference: string;
  paths: string[];
}

export interface BatchOptions {
  /** The distribution sets `cacheTagHeader`, so `#tag` paths mean something. */
  cacheTags: boolean;
}

/**
 * `{callerReference, paths}` or `{invalidationBatch: {callerReference, paths}}`, checked;
 * every problem is reported, with paths relative to the body as sent.
 */
export function parseInvalidationBatch(
  body: unknown,
  opts: BatchOptions,
): { value: InvalidationBatch; issues?: undefined } | { value?: undefined; issues: Issue[] } {
  const wrapped = isRecord(body) && 'invalidationBatch' in body;
  const batch = wrapped ? body.invalidationBatch : body;
  const at = (p: string) => (wrapped ? `invalidationBatch${p === '' ? '' : `.${p}`}` : p);
  const issues: Issue[] = [];
  if (!isRecord(batch)) return { issues: [{ path: at(''), message: 'must be an object {callerReference, paths}' }] };

  for (const key of Object.keys(batch)) {
    if (key !== 'callerReference' && key !== 'paths') issues.push({ path: at(key), message: 'is not a field of an invalidation batch (callerReference, paths)' });
  }
  const ref = batch.callerReference;
  if (typeof ref !== 'string' || ref === '') issues.push({ path: at('callerReference'), message: 'must be a non-empty string, unique per request' });

  const paths = batch.paths;
  if (!Array.isArray(paths)) {
    issues.push({ path: at('paths'), message: 'must be a list of paths, e.g. ["/index.html", "/images/*"]' });
  } else {
    if (paths.length === 0 || paths.length > MAX_PATHS_PER_BATCH) {
      issues.push({ path: at('paths'), message: `must list 1 to ${MAX_PATHS_PER_BATCH.toLocaleString('en-US')} paths (got ${paths.length})` });
    }
    paths.forEach((p, i) => {
      const problem = pathProblem(p, opts);
      if (problem !== undefined) issues.push({ path: at(`paths[${i}]`), message: problem });
    });
  }
  if (issues.length > 0) return { issues };
  return { value: { callerReference: ref as string, paths: paths as string[] } };
}

/** Why one invalidation path is not valid, or undefined. */
export function pathProblem(path: unknown, opts: BatchOptions): string | undefined {
  if (typeof path !== 'string') return 'must be a string';
  // "Specifying the files to invalidate": the path starts with '/'; '#' is cachefront's cache tag.
  if (path.startsWith('#')) {
    if (!opts.cacheTags) return "is a cache tag ('#'), but the distribution sets no cacheTagHeader";
    if (path.length === 1) return "must name a cache tag after '#'";
  } else if (!path.startsWith('/')) {
    return "must start with '/' (or '#' for a cache tag)";
  }
  // "You can use the * wildcard only at the end of the path".
  const star = path.indexOf('*');
  if (star !== -1 && star !== path.length - 1) return "may contain '*' only as its last character";
  // "If the path includes non-ASCII characters or unsafe characters ... URL-encode those characters".
  if (/\s/.test(path) || [...path].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\x7f')) return 'must not contain spaces or control characters (percent-encode them)';
  return undefined;
}

export function isWildcard(path: string): boolean {
  return path.endsWith('*');
}

/** Same `paths` as a set: a retried request may list them in another order. */
export function samePaths(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((p) => y.has(p));
}

/**
 * Why a new batch would exceed the invalidations in progress on its distribution
 * (`inProgress`: the path lists of those invalidations), or undefined if it fits.
 */
export function inProgressLimitProblem(inProgress: readonly (readonly string[])[], paths: readonly string[]): string | undefined {
  let files = 0;
  let wildcards = 0;
  for (const p of [...inProgress.flat(), ...paths]) {
    if (isWildcard(p)) wildcards++;
    else files++;
  }
  if (files > MAX_PATHS_IN_PROGRESS) {
    return `this batch would make ${files} paths without a wildcard in progress on the distribution; at most ${MAX_PATHS_IN_PROGRESS.toLocaleString('en-US')} may be in progress at once`;
  }
  if (wildcards > MAX_WILDCARD_PATHS_IN_PROGRESS) {
    return `this batch would make ${wildcards} wildcard paths in progress on the distribution; at most ${MAX_WILDCARD_PATHS_IN_PROGRESS} may be in progress at once`;
  }
  return undefined;
}
