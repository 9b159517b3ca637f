import { resolve } from 'node:path';
import { startControlPlane, StartupError, DEFAULT_EDGE_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS } from '@cachefront/control-plane';
import { commandFlags, stringFlags, portFlag, UsageError } from '../usage.ts';

export const help = `usage: cachefront control-plane [--port 8787] [--data FILE] [options]

The control plane: the /v1 API (distributions, policies, invalidations, edges), durable
in one SQLite file, pushing config and invalidations to edges over server-sent events.
Every /v1 call needs a JWT: mint one with \`cachefront token --scope write\`.

  --port P                  listen port (default 8787; 0 = any free port)
  --host H                  address (default 127.0.0.1)
  --data FILE               database (default ./data/control-plane.db)
  --jwt-secret-file FILE    HS256 secret (default: $CACHEFRONT_JWT_SECRET, else FILE's
                            folder/jwt-secret, generated on first start)
  --jwt-public-key-file F   verify RS256 tokens with this PEM public key instead
  --heartbeat-ms N          ping edges this often (default ${DEFAULT_HEARTBEAT_MS})
  --edge-timeout-ms N       an edge silent this long is down (default ${DEFAULT_EDGE_TIMEOUT_MS})
  --log-level LEVEL         trace|debug|info|warn|error (default info)
  --pops FILE               POP catalog (JSON list of {code, city, country, latitude,
                            longitude, pricingRegion, awsRegion?}; default: 25 CloudFront-
                            like POPs). awsRegion: a --tier shield edge there is that
                            Region's Origin Shield
  --dashboard-link 'T=URL'  a link the dashboard (/dashboard/) shows (repeatable)
  --price-table FILE        prices for \`cachefront usage\` (JSON like the built-in,
                            illustrative apps/control-plane/src/usage/price-table.default.json)
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    ...stringFlags('port', 'host', 'data', 'jwt-secret-file', 'jwt-public-key-file', 'heartbeat-ms', 'edge-timeout-ms', 'log-level', 'price-table', 'pops'),
    'dashboard-link': { type: 'string', multiple: true },
  }, { positionals: false });
  if (!flags) return;
  const { values } = flags;
  const heartbeatMs = msFlag('heartbeat-ms', values['heartbeat-ms'], DEFAULT_HEARTBEAT_MS);
  const edgeTimeoutMs = msFlag('edge-timeout-ms', values['edge-timeout-ms'], DEFAULT_EDGE_TIMEOUT_MS);
  if (edgeTimeoutMs <= heartbeatMs) throw new UsageError('--edge-timeout-ms must be longer than --heartbeat-ms (edges ack once per heartbeat)');
  const dashboardLinks = (values['dashboard-link'] ?? []).map((l) => {
    const eq = l.indexOf('=');
    const url = l.slice(eq + 1);
    if (eq <= 0 || !/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--dashboard-link takes 'Title=http(s)://...', got '${l}'`);
    return { title: l.slice(0, eq), url };
  });
  let cp;
  try {
    cp = await startControlPlane({
      port: portFlag('port', values.port, 8787),
      host: values.host ?? '127.0.0.1',
      dataPath: resolve(values.data ?? 'data/control-plane.db'),
      jwtSecretFile: values['jwt-secret-file'] === undefined ? undefined : resolve(values['jwt-secret-file']),
      jwtPublicKeyFile: values['jwt-public-key-file'] === undefined ? undefined : resolve(values['jwt-public-key-file']),
      logLevel: values['log-level'] ?? 'info',
      heartbeatMs,
      edgeTimeoutMs,
      priceTableFile: values['price-table'] === undefined ? undefined : resolve(values['price-table']),
      popsFile: values.pops === undefined ? undefined : resolve(values.pops),
      dashboardLinks,
    });
  } catch (err) {
    if (err instanceof StartupError) throw new UsageError(err.message);
    throw err;
  }
  const stop = () => void cp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function msFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 3_600_000) throw new UsageError(`--${name} must be milliseconds 10-3600000, got '${value}'`);
  return n;
}
