// Allowed and cached HTTP methods of a cache behavior ("All distribution settings
// reference" > "Allowed HTTP methods" / "Cached HTTP methods"): CloudFront offers fixed
// sets, written in any order.

import type { HttpMethod } from './types.ts';

/** Why `methods` is not one of `sets`, or undefined if it is (order does not matter). */
export function methodSetProblem(methods: readonly string[], sets: readonly (readonly HttpMethod[])[]): string | undefined {
  const twice = methods.find((m, i) => methods.indexOf(m) !== i);
  if (twice !== undefined) return `lists ${twice} more than once`;
  if (sets.some((set) => sameMembers(set, methods))) return undefined;
  const shown = sets.map((s) => `[${s.join(', ')}]`);
  const last = shown.pop();
  return `must be ${shown.length > 0 ? `${shown.join(', ')} or ` : ''}${last} (in any order)`;
}

export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m));
}
