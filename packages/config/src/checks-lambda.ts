// Lambda@Edge references ("Lambda@Edge function restrictions", "Quotas on Lambda@Edge"): a
// behavior has at most one Lambda@Edge function per event type, and not beside a CloudFront
// Function on the same viewer event; includeBody only on request events; every association
// names a (name, version) of `lambdaFunctions`; a viewer-event function may have at most
// 128 MB and 5 s.

import { everyBehavior } from './checks-names.ts';
import type { IssueSink } from './issues.ts';
import { field, items, str } from './raw.ts';
import { lambdaArnParts } from './schema-lambda.ts';

export function checkLambdaReferences(config: unknown, sink: IssueSink): void {
  const versions = new Map<string, { memorySize: number; timeout: number }>();
  items(field(config, 'lambdaFunctions')).forEach((f, i) => {
    if ((field(f, 'dir') === undefined) === (field(f, 'file') === undefined)) sink.add(['lambdaFunctions', i], 'give exactly one of dir or file');
    const name = str(field(f, 'name'));
    const version = field(f, 'version');
    if (name === undefined || (typeof version !== 'string' && typeof version !== 'number')) return;
    const key = `${name}:${String(version)}`;
    if (versions.has(key)) sink.add(['lambdaFunctions', i, 'version'], `${name} version ${String(version)} is defined twice`);
    const n = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
    versions.set(key, { memorySize: n(field(f, 'memorySize'), 128), timeout: n(field(f, 'timeout'), 5) });
  });
  for (const [b, path] of everyBehavior(config)) {
    const seen = new Set<string>();
    const cloudFrontFunctions = new Set(items(field(b, 'functionAssociations')).map((a) => str(field(a, 'eventType'))));
    items(field(b, 'lambdaFunctionAssociations')).forEach((a, ai) => {
      const at = [...path, 'lambdaFunctionAssociations', ai];
      const type = str(field(a, 'eventType'));
      if (type !== undefined) {
        if (seen.has(type)) sink.add([...at, 'eventType'], `only one Lambda@Edge function per event type; ${type} is already associated`);
        seen.add(type);
        if (cloudFrontFunctions.has(type)) sink.add([...at, 'eventType'], `a CloudFront Function is already associated with ${type}: a behavior may have one or the other per event type`);
        if (field(a, 'includeBody') === true && !type.endsWith('-request')) sink.add([...at, 'includeBody'], 'includeBody applies to viewer-request and origin-request only');
      }
      const arn = str(field(a, 'lambdaFunctionARN'));
      const parts = arn === undefined ? undefined : lambdaArnParts(arn);
      if (parts === undefined) return;
      const fn = versions.get(`${parts.name}:${parts.version}`);
      if (fn === undefined) {
        const known = [...versions.keys()];
        sink.add([...at, 'lambdaFunctionARN'], `no Lambda@Edge function ${parts.name} version ${parts.version} in lambdaFunctions${known.length ? ` (versions: ${known.join(', ')})` : ''}`);
      } else if (type?.startsWith('viewer-') && (fn.memorySize > 128 || fn.timeout > 5)) {
        sink.add([...at, 'lambdaFunctionARN'], `a viewer-event function may have at most 128 MB and 5 s (${parts.name}:${parts.version} has ${fn.memorySize} MB, ${fn.timeout} s)`);
      }
    });
  }
}
