// `cachefront import`'s work, without I/O: the input's text -> a validated cachefront config
// and the warnings (what could not be honored locally, each with its path), or the issues
// that keep the result from being a valid config.

import { parseConfig, type Issue } from '@cachefront/config';
import { stringify } from 'yaml';
import { importAwsCli } from './aws-cli.ts';
import { importCloudFormation } from './cloudformation.ts';
import { detectFormat, readDocument, type InputFormat } from './document.ts';
import type { Raw, RawConfig } from './model.ts';
import { completeReferences } from './references.ts';
import { importTerraform } from './terraform.ts';

export type ImportResult =
  | { format: InputFormat; config: Partial<RawConfig>; warnings: Issue[]; issues?: undefined }
  | { format?: InputFormat; config?: Partial<RawConfig>; warnings: Issue[]; issues: Issue[] };

export interface ImportOptions {
  /** The distribution's id when the input has none (get-distribution-config). */
  id?: string | undefined;
}

export function importText(text: string, opts: ImportOptions = {}): ImportResult {
  const read = readDocument(text);
  if ('issues' in read) return { warnings: [], issues: read.issues };
  const format = detectFormat(read.data);
  if (format === undefined) {
    return {
      warnings: [],
      issues: [{ path: '', message: 'not a known input: expected the JSON of `aws cloudfront get-distribution-config` / `get-distribution`, a CloudFormation template (Resources), or `terraform show -json` output' }],
    };
  }
  const data = read.data as Raw;
  const imported = format === 'aws' ? importAwsCli(data, opts) : format === 'cloudformation' ? importCloudFormation(data) : importTerraform(data);
  completeReferences(imported);
  // Only the lists that have entries: the file stays what the input had.
  const config = Object.fromEntries(Object.entries(imported.config).filter(([, list]) => (list as unknown[]).length > 0)) as Partial<RawConfig>;
  if (config.distributions === undefined && config.cachePolicies === undefined && config.functions === undefined) {
    imported.warnings.push({ path: '', message: 'the input has no CloudFront resources to import' });
  }
  const parsed = parseConfig(config);
  return parsed.issues ? { format, config, warnings: imported.warnings, issues: parsed.issues } : { format, config, warnings: imported.warnings };
}

/** The config as a file: YAML, or JSON for a `.json` name. */
export function configFileText(config: Partial<RawConfig>, format: 'yaml' | 'json'): string {
  // A distribution's id first: it is what `cachefront export` and the API name it by.
  if (config.distributions) config = { ...config, distributions: config.distributions.map(({ id, ...d }) => ({ id, ...d })) };
  return format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : stringify(config, { lineWidth: 0 });
}
