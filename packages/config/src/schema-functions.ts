// CloudFront Functions in a config file: `functions: [{name, runtime, code | file}]`,
// `keyValueStores: [{id, name, data | file}]`, and on a cache behavior
// `functionAssociations: [{eventType, functionName | functionARN}]` (CloudFront's names,
// camelCase). A `file` is read by whoever loads the config (relative to the config file);
// the parser only checks the shape. References and counts live in checks-functions.ts.

import { z } from 'zod';
import { MAX_COMMENT_LENGTH, MAX_FUNCTION_CODE_BYTES, MAX_FUNCTION_NAME_LENGTH } from './limits.ts';
import { checkedString, maxLength, nonEmpty } from './schema-helpers.ts';

/** CreateFunction Name: "[a-zA-Z0-9-_]{1,64}". */
export function functionNameProblem(name: string): string | undefined {
  if (name.length > MAX_FUNCTION_NAME_LENGTH) return `must be at most ${MAX_FUNCTION_NAME_LENGTH} characters (got ${name.length})`;
  return /^[A-Za-z0-9_-]+$/.test(name) ? undefined : "use only letters, digits, '-' and '_'";
}

/** A function ARN names the function last: arn:aws:cloudfront::123456789012:function/NAME. */
export function functionNameFromArn(arn: string): string | undefined {
  return /^arn:aws:cloudfront::\d{12}:function\/([A-Za-z0-9_-]{1,64})$/.exec(arn)?.[1];
}

const functionName = checkedString(functionNameProblem);

export const functionSchema = z
  .strictObject({
    name: functionName,
    runtime: z.enum(['cloudfront-js-1.0', 'cloudfront-js-2.0']).default('cloudfront-js-2.0'),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
    code: z
      .string()
      .refine((c) => Buffer.byteLength(c) <= MAX_FUNCTION_CODE_BYTES, { error: `function code is limited to ${MAX_FUNCTION_CODE_BYTES} bytes` })
      .optional(),
    file: nonEmpty().optional(),
    keyValueStoreAssociations: z.array(nonEmpty()).max(1, { error: 'a function can be associated with one key value store' }).default(() => []),
  })
  .refine((f) => (f.code === undefined) !== (f.file === undefined), { error: 'give exactly one of code or file' });

export const keyValueStoreSchema = z
  .strictObject({
    id: functionName,
    name: functionName.optional(),
    comment: maxLength(MAX_COMMENT_LENGTH).default(''),
    data: z.record(z.string(), z.string()).optional(),
    file: nonEmpty().optional(),
  })
  .refine((s) => (s.data === undefined) !== (s.file === undefined), { error: 'give exactly one of data or file' })
  .transform((s) => ({ ...s, name: s.name ?? s.id }));

export const functionAssociationSchema = z
  .strictObject({
    eventType: z.enum(['viewer-request', 'viewer-response']),
    functionName: functionName.optional(),
    functionARN: z
      .string()
      .refine((a) => functionNameFromArn(a) !== undefined, { error: 'must look like arn:aws:cloudfront::123456789012:function/NAME' })
      .optional(),
  })
  .refine((a) => (a.functionName === undefined) !== (a.functionARN === undefined), { error: 'give exactly one of functionName or functionARN' })
  .transform((a) => ({ eventType: a.eventType, functionName: a.functionName ?? functionNameFromArn(a.functionARN!)! }));
