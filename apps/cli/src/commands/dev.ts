import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startOrigin } from '@cachefront/origin';
import { startEdge } from '@cachefront/edge-node';
import { demoConfig, demoCurls } from '../demo-config.ts';
import { parseFlags, portFlag, UsageError } from '../usage.ts';

export const help = `usage: cachefront dev [--port 8080] [--origin-port 9000] [--workers N] [--dir DIR]

The whole local stack with the demo config: the demo origin and an edge in front of it.
The config is written to DIR/cdn.yaml (default ./data/dev); edit it and the edge reloads.
One edge worker by default, so one cache and a plain Miss -> Hit; each worker of
\`--workers N\` has its own cache, as each server in a CloudFront POP does.
`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    'origin-port': { type: 'string' },
    workers: { type: 'string' },
    dir: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void process.stdout.write(help);
  const port = portFlag('port', values.port, 8080);
  const originPort = portFlag('origin-port', values['origin-port'], 9000);
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be a positive integer, got '${values.workers}'`);

  const origin = await startOrigin({ port: originPort, host: '127.0.0.1' }).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new UsageError(`origin port ${originPort} is in use; pick another with --origin-port`) : err;
  });
  const dir = resolve(values.dir ?? 'data/dev');
  await mkdir(dir, { recursive: true });
  const configPath = resolve(dir, 'cdn.yaml');
  await writeFile(configPath, demoConfig(origin.port));
  const edge = await startEdge({ configPath, port, workers }).catch(async (err: Error) => {
    await origin.close();
    throw /EADDRINUSE/.test(String(err.message)) ? new UsageError(`edge port ${port} is in use; pick another with --port`) : err;
  });
  process.stdout.write(`${demoCurls(edge.url)}\n  config: ${configPath} (edit it: the edge reloads)\n  health: ${edge.adminUrl}/healthz\n\n`);

  const stop = async () => {
    await edge.close();
    await origin.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
