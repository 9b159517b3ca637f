// Type-guarded reads of unvalidated input. The semantic checks run on the input as written
// (not on the zod output) so that one malformed field does not hide problems elsewhere;
// they only look at values of the right type and leave wrong types to the schema.

export type Rec = Record<string, unknown>;

export function isRec(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `x[key]` if `x` is a mapping that has `key` itself (never an inherited property). */
export function field(x: unknown, key: string): unknown {
  return isRec(x) && Object.hasOwn(x, key) ? x[key] : undefined;
}

/** The items of a list, or none if `x` is not a list. */
export function items(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** A list of strings, or undefined if `x` is not a list or holds anything else. */
export function strings(x: unknown): string[] | undefined {
  return Array.isArray(x) && x.every((v) => typeof v === 'string') ? x : undefined;
}

export function nonNegInt(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : undefined;
}

/** `value` if it is a string from `allowed`, `fallback` if it is absent, else undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
