// `cachefront origin --port P [--host H] [--dir D] [--admin-port P]` — the demo/test origin.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startOrigin } from '@cachefront/origin';
import { commandFlags, stringFlags, portFlag, UsageError } from '../usage.ts';

const usage = `usage: cachefront origin [--port P] [--host H] [--dir D] [--admin-port P] [--signed-demo-key FILE --signed-demo-key-pair-id ID]

  --port P                     port to listen on (default 9000; 0 = any free port)
  --host H                     address to bind (default 127.0.0.1)
  --admin-port P               also serve /_origin/* (stats, faults) on this port, which the
                               refuse/blackhole faults never close (0 = any free port)
  --dir D                      directory served under / (default: the bundled demo site)
  --signed-demo-key FILE       enable the signed-URL demo page (/signed-demo/) signing with
                               this PEM private key ...
  --signed-demo-key-pair-id ID ... whose public key has this id in the edge's config
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, usage, stringFlags('port', 'host', 'dir', 'admin-port', 'signed-demo-key', 'signed-demo-key-pair-id'), { positionals: false });
  if (!flags) return;
  const { values } = flags;
  const port = portFlag('port', values.port, 9000);
  const adminPort = values['admin-port'] === undefined ? undefined : portFlag('admin-port', values['admin-port'], 0);
  if (adminPort !== undefined && adminPort !== 0 && adminPort === port) throw new UsageError('--admin-port must differ from --port');
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
    origin = await startOrigin({ port, host, dir, signedDemo, adminPort }); // logs "origin listening on <url>" (and adminUrl)
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(adminPort === undefined ? `--port ${port}: address ${host}:${port} is already in use` : `--port ${port} or --admin-port ${adminPort}: already in use on ${host}`);
    }
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
