import { resolve } from 'node:path';
import { ACCESS_KEY_SCOPES, createAccessKey, type AccessKeyScope } from '@cachefront/control-plane';
import { api, apiTarget } from '../api.ts';
import { API_FLAGS, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront access-key create --scope read|write [options]

Creates an access key for the control plane's CloudFront REST API (AWS Signature Version 4,
service cloudfront, region us-east-1) and prints exactly two lines, ready for \`eval\` or an
env file:
  AWS_ACCESS_KEY_ID=<id>
  AWS_SECRET_ACCESS_KEY=<secret>
The secret is shown only now. A read key may call the operations that change nothing (GET).

  --scope SCOPE              read | write
  --data FILE                write the key into this control plane database (default
                             ./data/control-plane.db); its secret is sealed with the file
                             access-key-secret beside it
  --control-plane URL        or ask a running control plane (POST /v1/access-keys) ...
  --token T                  ... with a write-scoped token (default $CACHEFRONT_TOKEN)
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, { scope: { type: 'string' }, data: { type: 'string' }, ...API_FLAGS });
  if (!flags) return;
  const [sub, ...extra] = flags.positionals;
  if (sub !== 'create') throw new UsageError(`${sub === undefined ? 'a subcommand is required' : `unknown subcommand '${sub}'`}\n\n${help}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'\n\n${help}`);
  const { values } = flags;
  const scope = values.scope;
  if (scope === undefined) throw new UsageError(`--scope is required (${ACCESS_KEY_SCOPES.join(', ')})\n\n${help}`);
  if (!(ACCESS_KEY_SCOPES as readonly string[]).includes(scope)) throw new UsageError(`unknown scope '${scope}' (scopes: ${ACCESS_KEY_SCOPES.join(', ')})`);
  let id: string;
  let secret: string;
  if (values['control-plane'] !== undefined) {
    if (values.data !== undefined) throw new UsageError('give either --data or --control-plane, not both');
    const res = await api<{ accessKeyId: string; secretAccessKey: string }>(apiTarget(values), 'POST', '/v1/access-keys', { scope });
    ({ accessKeyId: id, secretAccessKey: secret } = res.body);
  } else {
    try {
      ({ id, secret } = createAccessKey(resolve(values.data ?? 'data/control-plane.db'), scope as AccessKeyScope));
    } catch (err) {
      throw new UsageError(`cannot create the access key: ${(err as Error).message}`);
    }
  }
  process.stdout.write(`AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n`);
}
