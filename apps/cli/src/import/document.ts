// Reading the input file: JSON (what the aws CLI and `terraform show -json` print, and CDK's
// synthesized templates) or YAML (hand-written CloudFormation templates, with the short
// forms of the intrinsic functions: `!Ref X`, `!GetAtt X.Attr`, `!Sub ...`), and telling
// which of the three inputs it is from its content.

import { parseDocument, type ScalarTag, type CollectionTag } from 'yaml';
import type { Issue } from '@cachefront/config';
import { isObject } from './model.ts';

export type InputFormat = 'aws' | 'cloudformation' | 'terraform';

// "Intrinsic function reference": every function with a YAML short form.
const SHORT_FORMS = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];
const longName = (n: string) => (n === 'Ref' || n === 'Condition' ? n : `Fn::${n}`);

/** `!Name arg` -> `{'Fn::Name': arg}` (`!GetAtt A.B` -> `{'Fn::GetAtt': ['A', 'B']}`, as CloudFormation reads it). */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = SHORT_FORMS.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => ({ [longName(n)]: n === 'GetAtt' ? splitGetAtt(s) : s }) } satisfies ScalarTag,
  ...(['seq', 'map'] as const).map((collection) => ({ tag: `!${n}`, collection, resolve: (c: { toJSON(): unknown }) => ({ [longName(n)]: c.toJSON() }) }) as unknown as CollectionTag),
]);

function splitGetAtt(s: string): string[] {
  const dot = s.indexOf('.');
  return dot < 0 ? [s] : [s.slice(0, dot), s.slice(dot + 1)];
}

/** The input's data, or why it cannot be read. */
export function readDocument(text: string): { data: unknown } | { issues: Issue[] } {
  if (/^\s*[[{]/.test(text)) {
    try {
      return { data: JSON.parse(text) as unknown };
    } catch (err) {
      return { issues: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: true, logLevel: 'error', prettyErrors: true });
  if (doc.errors.length > 0) return { issues: doc.errors.map((e) => ({ path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` })) };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (err) {
    return { issues: [{ path: '', message: `YAML could not be read: ${(err as Error).message}` }] };
  }
}

/** Which input this is, from its shape; undefined when it is none of them. */
export function detectFormat(data: unknown): InputFormat | undefined {
  if (!isObject(data)) return undefined;
  // `terraform show -json`: a state ({values: {root_module}}) or a plan ({planned_values}).
  if (typeof data.format_version === 'string' && (isObject(data.values) || isObject(data.planned_values))) return 'terraform';
  if (isObject(data.Resources) || typeof data.AWSTemplateFormatVersion === 'string') return 'cloudformation';
  // get-distribution-config ({ETag?, DistributionConfig}), get-distribution ({Distribution: {DistributionConfig}}), or a bare DistributionConfig.
  if (isObject(data.DistributionConfig) || (isObject(data.Distribution) && isObject(data.Distribution.DistributionConfig))) return 'aws';
  if (isObject(data.Origins) && isObject(data.DefaultCacheBehavior)) return 'aws';
  return undefined;
}
