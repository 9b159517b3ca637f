import type { CompiledDistribution } from '../runtime/compile.ts';

/** Default root object ("Specify a default root object"): only a request for `/` is rewritten. */
export function applyDefaultRootObject(dist: CompiledDistribution, path: string): string {
  const dro = dist.config.defaultRootObject;
  return path === '/' && dro !== '' ? `/${dro.replace(/^\/+/, '')}` : path;
}
