// `cachefront origin --port P [--host H] [--dir D] [--admin-port P] [--bucket NAME=DIR ...]` — the demo/test origin.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bucketNameProblem, startOrigin, type BucketOptions } from '@cachefront/origin';
import { commandFlags, stringFlags, portFlag, UsageError } from '../usage.ts';

const usage = `usage: cachefront origin [--port P] [--host H] [--dir D] [--admin-port P] [--signed-demo-key FILE --signed-demo-key-pair-id ID]
                        [--bucket NAME=DIR ... [--private NAME ...] [--signers-may-list NAME ...] [--allow-signer ACCESS_KEY_ID=SECRET_FILE ...]]

  --port P                     port to listen on (default 9000; 0 = any free port)
  --host H                     address to bind (default 127.0.0.1)
  --admin-port P               also serve /_origin/* (stats, faults) on this port, which the
                               refuse/blackhole faults never close (0 = any free port)
  --dir D                      directory served under / (default: the bundled demo site)
  --signed-demo-key FILE       enable the signed-URL demo page (/signed-demo/) signing with
                               this PEM private key ...
  --signed-demo-key-pair-id ID ... whose public key has this id in the edge's config

S3 mode (GET/HEAD of objects, S3's headers and XML errors; see apps/origin/README.md):
  --bucket NAME=DIR            serve DIR as the S3 bucket NAME (repeatable): virtual-hosted at
                               Host NAME.s3.localhost[:P] (or NAME.s3[.REGION].amazonaws.com),
                               path style at /NAME/KEY on any other Host; public unless --private
  --private NAME               bucket NAME answers only requests SigV4-signed (Authorization
                               header or presigned URL) by an --allow-signer key (repeatable)
  --signers-may-list NAME      the signers may also list private bucket NAME (s3:ListBucket), so
                               a missing key is NoSuchKey 404 to them; by default they may only
                               get objects, as CloudFront's origin access control bucket policy
                               grants, and a missing key is AccessDenied 403 (repeatable)
  --allow-signer ACCESS_KEY_ID=SECRET_FILE
                               a signer allowed to read private buckets; its secret access key
                               is the content of SECRET_FILE, never a command-line argument
                               (repeatable)
`;

const LIST = { type: 'string', multiple: true } as const;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(
    argv,
    usage,
    { ...stringFlags('port', 'host', 'dir', 'admin-port', 'signed-demo-key', 'signed-demo-key-pair-id'), bucket: LIST, private: LIST, 'signers-may-list': LIST, 'allow-signer': LIST },
    { positionals: false },
  );
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

  const buckets = bucketFlags(values.bucket ?? [], values.private ?? [], values['signers-may-list'] ?? []);
  const signers = signerFlags(values['allow-signer'] ?? []);
  if (buckets.length === 0 && Object.keys(signers).length > 0) throw new UsageError('--allow-signer needs at least one --bucket NAME=DIR');
  const locked = buckets.find((b) => b.private);
  if (locked && Object.keys(signers).length === 0) {
    throw new UsageError(`--private ${locked.name}: add --allow-signer ACCESS_KEY_ID=SECRET_FILE, or nothing can read it`);
  }

  let origin;
  try {
    // Logs "origin listening on <url>" (and adminUrl, buckets).
    origin = await startOrigin({ port, host, dir, signedDemo, adminPort, ...(buckets.length > 0 ? { buckets, signers } : {}) });
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

/** `--bucket NAME=DIR`, `--private NAME` and `--signers-may-list NAME`, checked flag by flag so the message names the flag. */
function bucketFlags(specs: string[], privateNames: string[], listNames: string[]): BucketOptions[] {
  const buckets: BucketOptions[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--bucket '${spec}' must be NAME=DIR`);
    const name = spec.slice(0, eq);
    const problem = bucketNameProblem(name);
    if (problem !== undefined) throw new UsageError(`--bucket ${spec}: the bucket name ${problem}`);
    if (buckets.some((b) => b.name === name)) throw new UsageError(`--bucket ${name} is given twice`);
    const dir = resolve(spec.slice(eq + 1));
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--bucket ${spec}: '${spec.slice(eq + 1)}' is not a directory`);
    buckets.push({ name, dir, private: false });
  }
  for (const name of privateNames) {
    const bucket = buckets.find((b) => b.name === name);
    if (!bucket) throw new UsageError(`--private ${name}: there is no --bucket ${name}=DIR`);
    bucket.private = true;
  }
  for (const name of listNames) {
    const bucket = buckets.find((b) => b.name === name);
    if (!bucket?.private) throw new UsageError(`--signers-may-list ${name}: there is no --private ${name} (anyone may list a public bucket)`);
    bucket.signersMayList = true;
  }
  return buckets;
}

/** `--allow-signer ACCESS_KEY_ID=SECRET_FILE`: the secret is read from the file (argv is visible to every user in ps). */
function signerFlags(specs: string[]): Record<string, string> {
  const signers: Record<string, string> = Object.create(null); // `__proto__` is a valid key id
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const id = spec.slice(0, eq);
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--allow-signer '${spec}' must be ACCESS_KEY_ID=SECRET_FILE`);
    if (!/^\w{1,128}$/.test(id)) throw new UsageError(`--allow-signer ${spec}: an access key id is 1-128 letters, digits or underscores`);
    if (Object.hasOwn(signers, id)) throw new UsageError(`--allow-signer ${id} is given twice`);
    const file = spec.slice(eq + 1);
    let secret: string;
    try {
      secret = readFileSync(resolve(file), 'utf8').trim(); // a trailing newline is not part of the key
    } catch (err) {
      throw new UsageError(`cannot read --allow-signer ${id}'s secret file ${file}: ${(err as Error).message}`);
    }
    if (!/^[\x21-\x7e]+$/.test(secret)) throw new UsageError(`--allow-signer ${id}: ${file} must hold the secret access key alone (printable ASCII, no spaces)`);
    signers[id] = secret;
  }
  return signers;
}
