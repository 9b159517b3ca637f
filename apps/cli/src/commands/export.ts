import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { distributionToAws, formatIssues, parseConfigText, type Distribution } from '@cachefront/config';
import { api, apiTarget, ApiError } from '../api.ts';
import { API_FLAGS, apiFlagsHelp, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront export DISTRIBUTION_ID [--config FILE | options]

Prints a distribution as \`aws cloudfront get-distribution-config\` does:
{"ETag": ..., "DistributionConfig": {...}} in CloudFront's API shape (PascalCase,
{Quantity, Items} lists), with the fields cachefront keeps but does not act on
(WebACLId, Logging.Bucket, ...) as they were given. From the control plane (with its
ETag, for an update), or from a config file (no ETag). docs/import-export.md.

  --config FILE             read the distribution from this config file
${apiFlagsHelp('read')}
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, { config: { type: 'string' }, ...API_FLAGS });
  if (!flags) return;
  const { values, positionals } = flags;
  const [id] = positionals;
  if (id === undefined || positionals.length > 1) throw new UsageError(`one DISTRIBUTION_ID is required\n\n${help}`);
  if (values.config !== undefined && (values['control-plane'] !== undefined || values.token !== undefined)) throw new UsageError('give either --config or --control-plane/--token, not both');
  const out = values.config === undefined ? await fromControlPlane(id, values) : { DistributionConfig: distributionToAws(fromFile(id, values.config)) };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

function fromFile(id: string, path: string): Distribution {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const parsed = parseConfigText(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
  if (parsed.issues) throw new UsageError(`${path} is not a valid config:\n${formatIssues(parsed.issues)}`);
  const d = parsed.value.distributions.find((x) => x.id === id);
  if (d === undefined) {
    const ids = parsed.value.distributions.map((x) => x.id).filter((x) => x !== undefined);
    throw new UsageError(`no distribution '${id}' in ${path}${ids.length === 0 ? ' (its distributions have no ids)' : ` (ids: ${ids.join(', ')})`}`);
  }
  return d;
}

async function fromControlPlane(id: string, flags: { 'control-plane'?: string | undefined; token?: string | undefined }) {
  try {
    const r = await api<{ distributionConfig: Distribution }>(apiTarget(flags), 'GET', `/v1/distributions/${encodeURIComponent(id)}`);
    return { ...(r.etag === undefined ? {} : { ETag: r.etag }), DistributionConfig: distributionToAws(r.body.distributionConfig) };
  } catch (err) {
    if (err instanceof ApiError) throw new UsageError(err.message);
    throw err;
  }
}
