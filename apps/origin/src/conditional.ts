// Conditional requests: precondition evaluation (RFC 9110 §13.2.2). Pure: takes the
// request's fields and the selected representation's validators, returns a verdict.
import { parseEntityTag, parseEntityTagList, strongMatch, weakMatch, type EntityTag } from './etag.ts';
import { parseHttpDate } from './http-date.ts';

export interface ConditionalRequest {
  method: string;
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

export interface Validators {
  etag?: string | undefined; // field value, e.g. `"abc"` or `W/"abc"`
  lastModified?: number | undefined; // epoch ms
}

export type Verdict = 'proceed' | 'not-modified' | 'precondition-failed';

/**
 * Decides a conditional request against the current representation. Only call it when
 * the response would otherwise be 2xx (RFC 9110 §13.2.1).
 */
export function evaluatePreconditions(req: ConditionalRequest, rep: Validators): Verdict {
  const etag = rep.etag === undefined ? undefined : parseEntityTag(rep.etag);
  // HTTP dates have one-second resolution (RFC 9110 §8.8.2.1).
  const lastModified = rep.lastModified === undefined ? undefined : Math.floor(rep.lastModified / 1000) * 1000;
  const safe = req.method === 'GET' || req.method === 'HEAD';

  // Step 1: If-Match, strong comparison (§13.1.1).
  if (req.ifMatch !== undefined) {
    if (!matches(req.ifMatch, etag, strongMatch)) return 'precondition-failed';
  } else if (req.ifUnmodifiedSince !== undefined && lastModified !== undefined) {
    // Step 2: If-Unmodified-Since, ignored when If-Match is present or the date is invalid (§13.1.4).
    const date = parseHttpDate(req.ifUnmodifiedSince);
    if (date !== undefined && lastModified > date) return 'precondition-failed';
  }

  // Step 3: If-None-Match, weak comparison (§13.1.2); it takes precedence over If-Modified-Since.
  if (req.ifNoneMatch !== undefined) {
    if (matches(req.ifNoneMatch, etag, weakMatch)) return safe ? 'not-modified' : 'precondition-failed';
    return 'proceed';
  }

  // Step 4: If-Modified-Since, only for GET/HEAD and a valid date (§13.1.3).
  if (safe && req.ifModifiedSince !== undefined && lastModified !== undefined) {
    const date = parseHttpDate(req.ifModifiedSince);
    if (date !== undefined && lastModified <= date) return 'not-modified';
  }
  return 'proceed';
}

function matches(field: string, current: EntityTag | undefined, compare: (a: EntityTag, b: EntityTag) => boolean): boolean {
  const list = parseEntityTagList(field);
  // `*` matches any current representation (§13.1.1, §13.1.2).
  if (list === '*') return true;
  return current !== undefined && list.some((tag) => compare(tag, current));
}
