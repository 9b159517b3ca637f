import type { CompiledBehavior } from '../runtime/compile.ts';
import { EdgeError } from '../errors.ts';

/** AllowedMethods: anything else gets CloudFront's 403. */
export function checkMethod(cb: CompiledBehavior, method: string): EdgeError | undefined {
  return cb.allowed.has(method) ? undefined : new EdgeError('METHOD_NOT_ALLOWED');
}
