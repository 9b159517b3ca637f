// Lambda@Edge in a config file (issue 21): a behavior's `lambdaFunctionAssociations`
// (CloudFront's CacheBehavior.LambdaFunctionAssociations, camelCase, a plain list) and the
// code they run, `lambdaFunctions: [{name, version, runtime, handler, dir | file}]`.
// CloudFront requires a numbered version of a function in us-east-1, never $LATEST or an
// alias. References and counts are checked in checks-lambda.ts.

import { z } from 'zod';
import { MAX_COMMENT_LENGTH } from './limits.ts';
import { checkedString, maxLength, nonEmpty, wholeNumber } from './schema-helpers.ts';
import { functionNameProblem } from './schema-functions.ts';

export const LAMBDA_EVENT_TYPES = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'] as const;
export type LambdaEventType = (typeof LAMBDA_EVENT_TYPES)[number];
/** "Lambda@Edge function restrictions": Node.js runtimes Lambda@Edge runs. */
export const LAMBDA_RUNTIMES = ['nodejs20.x', 'nodejs22.x'] as const;

/** The parts of a versioned function ARN: arn:aws:lambda:us-east-1:123456789012:function:NAME:VERSION. */
export function lambdaArnParts(arn: string): { region: string; account: string; name: string; version: string } | undefined {
  const m = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64}):(\d{1,10})$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]!, version: m[4]! } : undefined;
}

/** Why `arn` cannot be a Lambda@Edge association's function, or undefined. */
export function lambdaArnProblem(arn: string): string | undefined {
  const parts = lambdaArnParts(arn);
  if (parts === undefined) {
    if (arn.endsWith(':$LATEST') || /^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+$/.test(arn)) return 'must name a numbered version (…:function:NAME:3): CloudFront does not run $LATEST or an unversioned function';
    if (/^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+:[^:]+$/.test(arn)) return 'must name a numbered version, not an alias: CloudFront does not run aliases';
    return 'must look like arn:aws:lambda:us-east-1:123456789012:function:NAME:VERSION';
  }
  if (parts.region !== 'us-east-1') return `Lambda@Edge functions live in us-east-1, not ${parts.region}`;
  return undefined;
}

export const lambdaFunctionAssociationSchema = z.strictObject({
  eventType: z.enum(LAMBDA_EVENT_TYPES),
  lambdaFunctionARN: checkedString(lambdaArnProblem),
  // The request body reaches the function (viewer-request and origin-request only).
  includeBody: z.boolean().default(false),
});

export const lambdaFunctionSchema = z.strictObject({
  name: checkedString(functionNameProblem),
  // A published version's number: what associations name.
  version: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be a published version number: 1, 2, 3 …' })),
  runtime: z.enum(LAMBDA_RUNTIMES).default('nodejs22.x'),
  handler: nonEmpty(128).pipe(z.string().regex(/^[\w./-]+\.[A-Za-z_$][\w$]*$/, { error: "must be FILE.EXPORT, e.g. 'index.handler'" })).default('index.handler'),
  comment: maxLength(MAX_COMMENT_LENGTH).default(''),
  // Where the code is: a directory (the handler's file inside it) or one file. Relative to the config file.
  dir: nonEmpty().optional(),
  file: nonEmpty().optional(),
  // Lambda's settings; Lambda@Edge caps them per event type (checks-lambda.ts).
  memorySize: wholeNumber(128, 10240, 'MB').default(128),
  timeout: wholeNumber(1, 30, 'seconds').default(5),
});
// Exactly one of dir or file: checked with the references (checks-lambda.ts), so it is
// reported beside the fields' own problems.

export type LambdaFunctionAssociation = z.output<typeof lambdaFunctionAssociationSchema>;
export type LambdaFunction = z.output<typeof lambdaFunctionSchema>;
