// Small zod builders shared by the schemas: strings checked by a problem function, whole
// numbers in a range, and membership in a documented set of numbers.

import { z } from 'zod';

/** A string that `problem` accepts; `problem` returns the message for a bad value. */
export function checkedString(problem: (s: string) => string | undefined) {
  return z.string().check((ctx) => {
    const message = problem(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });
}

/** A non-empty string of at most `max` characters. */
export function nonEmpty(max?: number) {
  return checkedString((s) => {
    if (s.length === 0) return 'must not be empty';
    if (max !== undefined && s.length > max) return `must be at most ${max} characters (got ${s.length})`;
    return undefined;
  });
}

/** A string of at most `max` characters (empty allowed). */
export function maxLength(max: number) {
  return checkedString((s) => (s.length > max ? `must be at most ${max} characters (got ${s.length})` : undefined));
}

/** A whole number from `min` to `max` (no upper bound if `max` is omitted). */
export function wholeNumber(min: number, max?: number, unit = '') {
  const noun = unit === '' ? 'a whole number' : `a whole number of ${unit}`;
  const range = max === undefined ? `, ${min} or more` : ` from ${min} to ${max}`;
  return z.number().check((ctx) => {
    const n = ctx.value;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) {
      ctx.issues.push({ code: 'custom', message: `must be ${noun}${range} (got ${n})`, input: n });
    }
  });
}

/** A number from a documented set, e.g. the status codes CloudFront allows. */
export function numberIn(allowed: readonly number[], what: string) {
  return z.number().check((ctx) => {
    if (!allowed.includes(ctx.value)) {
      ctx.issues.push({ code: 'custom', message: `${ctx.value} is not ${what}; allowed: ${allowed.join(', ')}`, input: ctx.value });
    }
  });
}

/** A number checked by `problem`. */
export function checkedNumber(problem: (n: number) => string | undefined) {
  return z.number().check((ctx) => {
    const message = problem(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });
}
