import type { CompiledConfig, CompiledDistribution } from '../runtime/compile.ts';
import { EdgeError } from '../errors.ts';

/** Host -> distribution: an alternate domain name or `<id>.cachefront.local`. Unknown: 403. */
export function selectDistribution(config: CompiledConfig | undefined, host: string | undefined): CompiledDistribution | EdgeError {
  if (!config || host === undefined) return new EdgeError('UNKNOWN_HOST');
  let name = host;
  if (name.startsWith('[')) {
    name = name.slice(0, name.indexOf(']') + 1);
  } else {
    const colon = name.lastIndexOf(':');
    if (colon >= 0) name = name.slice(0, colon);
  }
  const d = config.byHost.get(name.toLowerCase());
  return d ?? new EdgeError('UNKNOWN_HOST');
}
