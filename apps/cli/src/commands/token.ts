import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadJwtKeys, mintToken, SCOPES } from '@cachefront/control-plane';
import { commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront token --scope SCOPE [--scope SCOPE] [options]

Mints a JWT for the control plane and prints only the token (so \`export
CACHEFRONT_TOKEN=$(cachefront token --scope write)\` works). Scopes: read (GETs),
write (everything read may, plus changes), edge (what an edge needs: the stream and acks).

  --scope SCOPE              read | write | edge (repeatable; or comma-separated)
  --expires-in DURATION      e.g. 3600, 12h, 30d (default 30d)
  --subject NAME             the token's sub claim (default cachefront)
  --data FILE                the control plane's database: its secret is FILE's
                             folder/jwt-secret (default ./data/control-plane.db)
  --jwt-secret-file FILE     sign with this HS256 secret instead
  --jwt-private-key-file F   sign RS256 with this PEM private key (for a control plane
                             started with --jwt-public-key-file)
$CACHEFRONT_JWT_SECRET, when set, is the secret (as for the control plane).
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    scope: { type: 'string', multiple: true },
    'expires-in': { type: 'string' },
    subject: { type: 'string' },
    data: { type: 'string' },
    'jwt-secret-file': { type: 'string' },
    'jwt-private-key-file': { type: 'string' },
  }, { positionals: false });
  if (!flags) return;
  const { values } = flags;
  const scope = (values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (scope.length === 0) throw new UsageError(`--scope is required (${SCOPES.join(', ')})\n\n${help}`);
  const unknown = scope.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`unknown scope '${unknown.join("', '")}' (scopes: ${SCOPES.join(', ')})`);
  const expiresIn = values['expires-in'] ?? '30d';
  if (!/^\d+$|^\d+(\.\d+)?\s*(ms|s|m|h|d|w|y)$/.test(expiresIn)) throw new UsageError(`--expires-in must be seconds or a duration like 12h or 30d, got '${expiresIn}'`);

  let key: string;
  try {
    if (values['jwt-private-key-file'] !== undefined) {
      if (values['jwt-secret-file'] !== undefined) throw new Error('give either --jwt-secret-file or --jwt-private-key-file, not both');
      key = readFileSync(resolve(values['jwt-private-key-file']), 'utf8');
    } else {
      const keys = loadJwtKeys({
        dataPath: resolve(values.data ?? 'data/control-plane.db'),
        secretFile: values['jwt-secret-file'] === undefined ? undefined : resolve(values['jwt-secret-file']),
        env: process.env,
      });
      if (keys.algorithm !== 'HS256') throw new Error('RS256 tokens are signed with --jwt-private-key-file');
      key = keys.secret;
    }
    process.stdout.write(`${mintToken({ scope, subject: values.subject, expiresIn: /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn, key })}\n`);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
