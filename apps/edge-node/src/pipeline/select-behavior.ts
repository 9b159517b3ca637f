import type { CompiledBehavior, CompiledDistribution } from '../runtime/compile.ts';

/**
 * Default root object ("Specify a default root object"): only a request for the root
 * (`/`) is rewritten; then the behavior is the first matching path pattern.
 */
export function applyDefaultRootObject(dist: CompiledDistribution, path: string): string {
  const dro = dist.config.defaultRootObject;
  return path === '/' && dro !== '' ? `/${dro.replace(/^\/+/, '')}` : path;
}

export function selectBehavior(dist: CompiledDistribution, path: string): CompiledBehavior {
  return dist.select(path);
}
