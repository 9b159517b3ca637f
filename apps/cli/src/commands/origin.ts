// `cachefront origin --port P [--host H] [--dir D]` — the demo/test origin.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startOrigin } from '@cachefront/origin';
import { parseFlags, portFlag, UsageError } from '../usage.ts';

const usage = `usage: cachefront origin [--port P] [--host H] [--dir D] [--signed-demo-key FILE --signed-demo-key-pair-id ID]

  --port P                     port to listen on (default 9000; 0 = any free port)
  --host H                     address to bind (default 127.0.0.1)
  --dir D                      directory served under / (default: the bundled demo site)
  --signed-demo-key FILE       enable the signed-URL demo page (/signed-demo/) signing with
                               this PEM private key ...
  --signed-demo-key-pair-id ID ... whose public key has this id in the edge's config
`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
    'signed-demo-key': { type: 'string' },
    'signed-demo-key-pair-id': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${usage}`);
  const port = portFlag('port', values.port, 9000);
  const host = values.host ?? '127.0.0.1';
  if (host === '') throw new UsageError('--host must not be empty');
  const dir = values.dir === undefined ? undefined : resolve(values.dir);
  if (dir !== undefined && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--dir '${values.dir}' is not a directory`);
  }

  const demoKey = values['signed-demo-key'];
  const demoId = values['signed-demo-key-pair-id'];
  if ((demoKey === undefined) !== (demoId === undefined)) throw new UsageError('--signed-demo-key and --signed-demo-key-pair-id go together');
  let signedDemo;
  if (demoKey !== undefined && demoId !== undefined) {
    try {
      signedDemo = { keyPairId: demoId, privateKey: readFileSync(resolve(demoKey), 'utf8') };
    } catch (err) {
      throw new UsageError(`cannot read --signed-demo-key ${demoKey}: ${(err as Error).message}`);
    }
  }

  let origin;
  try {
    origin = await startOrigin({ port, host, dir, signedDemo }); // logs "origin listening on <url>"
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${port}: address ${host}:${port} is already in use`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host '${host}' is not an address of this machine`);
    throw err;
  }

  // First SIGINT/SIGTERM: drain in-flight requests and exit 0. A second one: exit now.
  await new Promise<never>(() => {
    let stopping = false;
    const stop = () => {
      if (stopping) process.exit(1);
      stopping = true;
      origin.close().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`cachefront: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
