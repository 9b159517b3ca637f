import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { formatIssues } from '@cachefront/config';
import { configFileText, importText } from '../import/index.ts';
import { commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront import FILE [--out FILE] [--id DISTRIBUTION_ID]

Converts what describes your CloudFront setup today into a cachefront config file
(docs/import-export.md). FILE is one of (told apart by its content; - reads stdin):

  - the JSON of \`aws cloudfront get-distribution-config\` (with or without its ETag)
    or of \`aws cloudfront get-distribution\`
  - a CloudFormation template, JSON or YAML, hand-written or synthesized by CDK
    (\`cdk synth\`): its AWS::CloudFront::Distribution, CachePolicy,
    OriginRequestPolicy, ResponseHeadersPolicy, Function, KeyGroup, PublicKey and
    OriginAccessControl resources; Ref / Fn::GetAtt between them are resolved
  - \`terraform show -json\` of a state or a saved plan: its aws_cloudfront_* resources

A behavior's legacy cache settings (ForwardedValues, MinTTL/DefaultTTL/MaxTTL) become a
local cache policy and origin request policy, as CloudFront applies them.

Every setting that cannot be honored locally, every reference to something the input
does not define, and every intrinsic function that cannot be evaluated is a warning on
stderr, one per line, 'path: message'. Exit 0 with the config; exit 1, writing nothing,
when the result is not a valid config (each problem listed by its path).

  --out FILE               write the config here (YAML; JSON when FILE ends in .json)
                           instead of printing it as YAML
  --id DISTRIBUTION_ID     the distribution's id, for get-distribution-config (which
                           has none; the default is derived from its CallerReference)
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, { out: { type: 'string' }, id: { type: 'string' } });
  if (!flags) return;
  const { values, positionals } = flags;
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw new UsageError(`one input FILE is required\n\n${help}`);
  if (values.id !== undefined && !/^E[A-Z0-9]{11,13}$/.test(values.id)) throw new UsageError(`--id must look like a CloudFront distribution id ('E' then 11 to 13 upper-case letters or digits), got '${values.id}'`);
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const r = importText(text, { id: values.id });
  if (r.warnings.length > 0) process.stderr.write(`${formatIssues(r.warnings)}\n`);
  if (r.issues) {
    process.stderr.write(`cachefront: ${file} does not import as a valid config:\n${formatIssues(r.issues)}\n`);
    process.exitCode = 1;
    return;
  }
  const out = values.out;
  const body = configFileText(r.config, out !== undefined && extname(out).toLowerCase() === '.json' ? 'json' : 'yaml');
  if (out === undefined) process.stdout.write(body);
  else writeFileSync(resolve(out), body);
}
