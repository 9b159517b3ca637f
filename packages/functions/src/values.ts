// How CloudFront applies a changed query string, header or cookie field with a multiValue
// array ("Duplicate query strings, headers, and cookies (multiValue array)"):
// 1. "If the multiValue array exists and has any modification, then that modification is
//    applied. The first element in the value property is ignored."
// 2. "Otherwise, any modification to the value property is applied, and subsequent values
//    (if they exist) remain unchanged."

import type { ResponseCookie, ValueEntry } from './types.ts';

function sameList<T extends { value: string; attributes?: string }>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as T;
    const y = b[i] as T;
    if (x.value !== y.value || (x.attributes ?? '') !== (y.attributes ?? '')) return false;
  }
  return true;
}

/** The values to send for a field, given what the function returned and what it received. */
export function valuesOf(out: ValueEntry, input?: ValueEntry): string[] {
  const inMulti = input?.multiValue;
  if (out.multiValue !== undefined && (inMulti === undefined || !sameList(out.multiValue, inMulti))) {
    return out.multiValue.map((v) => v.value);
  }
  if (inMulti !== undefined && out.multiValue !== undefined) {
    return [out.value, ...inMulti.slice(1).map((v) => v.value)];
  }
  return [out.value];
}

/** The same rule for response cookies, which carry attributes too. */
export function cookieValuesOf(out: ResponseCookie, input?: ResponseCookie): { value: string; attributes: string }[] {
  const inMulti = input?.multiValue;
  if (out.multiValue !== undefined && (inMulti === undefined || !sameList(out.multiValue, inMulti))) {
    return out.multiValue.map((v) => ({ value: v.value, attributes: v.attributes ?? '' }));
  }
  const first = { value: out.value, attributes: out.attributes ?? '' };
  if (inMulti !== undefined && out.multiValue !== undefined) {
    return [first, ...inMulti.slice(1).map((v) => ({ value: v.value, attributes: v.attributes ?? '' }))];
  }
  return [first];
}

/** map[key] when it is an own property (so `__proto__` or `constructor` never reach Object.prototype). */
export function own<T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}
