// A behavior's Lambda@Edge associations resolved against the config's lambdaFunctions: what
// the origin events run (miss/lambda-origin.ts) and for how long.
import { basename, dirname, extname } from 'node:path';
import { lambdaArnParts, type CacheBehavior, type CachefrontConfig } from '@cachefront/config';
import type { FunctionVersion } from '@cachefront/lambda-edge';

/** A Lambda@Edge association, resolved: the version to run, and its time limit. */
export interface LambdaBinding {
  version: FunctionVersion;
  timeoutMs: number;
}

/** The behavior's origin-event Lambda@Edge functions (the config check made sure each names a defined version). */
export function lambdaBindings(config: CachefrontConfig, behavior: CacheBehavior): { originRequest?: LambdaBinding; originResponse?: LambdaBinding } {
  const out: { originRequest?: LambdaBinding; originResponse?: LambdaBinding } = {};
  for (const a of behavior.lambdaFunctionAssociations) {
    const parts = lambdaArnParts(a.lambdaFunctionARN);
    const fn = parts && config.lambdaFunctions.find((f) => f.name === parts.name && f.version === parts.version);
    if (!fn || (a.eventType !== 'origin-request' && a.eventType !== 'origin-response')) continue;
    // `file: auth.js` is the directory it is in, and a handler named after the file.
    const dir = fn.dir ?? dirname(fn.file!);
    const handler = fn.file === undefined ? fn.handler : `${basename(fn.file, extname(fn.file))}.${fn.handler.slice(fn.handler.lastIndexOf('.') + 1)}`;
    const binding = { version: { name: fn.name, version: fn.version, runtime: fn.runtime, handler, dir, memoryMb: fn.memorySize }, timeoutMs: fn.timeout * 1000 };
    if (a.eventType === 'origin-request') out.originRequest = binding;
    else out.originResponse = binding;
  }
  return out;
}
