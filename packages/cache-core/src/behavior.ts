import type { CacheBehavior, Distribution } from '@cachefront/config';
import { compilePathPattern, type PathMatcher } from './path-pattern.ts';

/**
 * Behavior selection: ordered cache behaviors are tried in list order and the first
 * pattern that matches wins; the default behavior (`*`) is last. Compile once per
 * config version, then `select(path)` per request.
 */
export interface BehaviorSelector {
  select(path: string): { behavior: CacheBehavior; index: number };
}

export function compileBehaviors(distribution: Pick<Distribution, 'cacheBehaviors' | 'defaultCacheBehavior'>): BehaviorSelector {
  const matchers: { matcher: PathMatcher; behavior: CacheBehavior }[] = distribution.cacheBehaviors.map((behavior) => ({
    matcher: compilePathPattern(behavior.pathPattern),
    behavior,
  }));
  const fallback = { behavior: distribution.defaultCacheBehavior, index: -1 };
  return {
    select(path) {
      for (let i = 0; i < matchers.length; i++) {
        const m = matchers[i]!;
        if (m.matcher.match(path)) return { behavior: m.behavior, index: i };
      }
      return fallback;
    },
  };
}
