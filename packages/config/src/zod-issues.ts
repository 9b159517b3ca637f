// zod's issues in cachefront's words: "is required", "must be one of: ...", and one issue
// per unknown key (at the key's own path, with a did-you-mean when a known key is close).

import type { z } from 'zod';
import type { PathSegment, RawIssue } from './issues.ts';

type ZodRawIssue = z.core.$ZodRawIssue;

const KEY_SEPARATOR = '\u0000';

/** Error map passed to safeParse; schema-level messages take precedence over it. */
export function zodMessage(iss: ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      return `must be ${expectedName(iss.expected)}, got ${describe(iss.input)}`;
    case 'invalid_value':
      return `must be one of: ${iss.values.map((v) => quote(v)).join(', ')} (got ${describe(iss.input)})`;
    case 'too_small':
      if (iss.origin === 'array' || iss.origin === 'string') {
        return Number(iss.minimum) === 1 ? 'must not be empty' : `must have at least ${iss.minimum} ${unit(iss.origin)}`;
      }
      return `must be at least ${iss.minimum}`;
    case 'too_big':
      if (iss.origin === 'array' || iss.origin === 'string') return `must have at most ${iss.maximum} ${unit(iss.origin)}`;
      return `must be at most ${iss.maximum}`;
    case 'unrecognized_keys':
      return iss.keys.map((k) => unknownKeyMessage(k, knownKeys(iss.inst))).join(KEY_SEPARATOR);
    default:
      return undefined;
  }
}

/** zod's finished issues as cachefront issues; unknown keys become one issue per key. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): RawIssue[] {
  const out: RawIssue[] = [];
  for (const iss of issues) {
    const path = iss.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (iss.code === 'unrecognized_keys') {
      const messages = iss.message.split(KEY_SEPARATOR);
      iss.keys.forEach((key, i) => out.push({ path: [...path, key], message: messages[i] ?? `unknown key '${key}'` }));
    } else {
      out.push({ path, message: iss.message });
    }
  }
  return out;
}

function unknownKeyMessage(key: string, known: string[]): string {
  if (key === 'pathPattern' && known.includes('targetOriginId')) {
    return "unknown key 'pathPattern' (the default cache behavior has no path pattern; it always matches '*')";
  }
  const guess = suggest(key, known);
  return guess === undefined ? `unknown key '${key}'` : `unknown key '${key}' (did you mean '${guess}'?)`;
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** The known key closest to `key`: same letters ignoring case, or 1-2 edits away (longer keys allow more). */
export function suggest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  const maxDistance = key.length <= 2 ? 0 : key.length <= 5 ? 1 : 2;
  let bestDistance = maxDistance + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping (key: value pairs)';
    default:
      return expected;
  }
}

function unit(origin: string): string {
  return origin === 'array' ? 'items' : 'characters';
}

function quote(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/** A short description of an input value for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 37)}...'` : `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}
