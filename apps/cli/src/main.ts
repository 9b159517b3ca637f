// `cachefront` — one command, subcommands in ./commands/<name>.ts, each exporting
// `run(argv: string[]): Promise<void>`. Bad flags exit 2 with a clear message.
import { UsageError } from './usage.ts';

const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<void> }>> = {
  origin: () => import('./commands/origin.ts'),
  edge: () => import('./commands/edge.ts'),
  dev: () => import('./commands/dev.ts'),
  'control-plane': () => import('./commands/control-plane.ts'),
  token: () => import('./commands/token.ts'),
  'access-key': () => import('./commands/access-key.ts'),
  invalidate: () => import('./commands/invalidate.ts'),
  usage: () => import('./commands/usage.ts'),
  'sign-url': () => import('./commands/sign-url.ts'),
  'sign-cookies': () => import('./commands/sign-cookies.ts'),
  function: () => import('./commands/function.ts'),
  lambda: () => import('./commands/lambda.ts'),
  logs: () => import('./commands/logs.ts'),
  explain: () => import('./commands/explain.ts'),
  import: () => import('./commands/import.ts'),
  export: () => import('./commands/export.ts'),
};

const usage = `usage: cachefront <command> [options]

commands:
  origin --port P [--dir D]      the demo/test origin
  edge --config FILE [--port P]  an edge serving a config file (reloads on change)
  edge --control-plane URL --pop CODE --token T
                                 an edge following a control plane
  control-plane [--port 8787] [--data FILE]
                                 the API, storage and propagation to edges
  token --scope read|write|edge  mint a JWT for the control plane (prints only the token)
  access-key create --scope read|write
                                 an AWS access key for the CloudFront REST API (SigV4)
  invalidate DIST PATH... [--wait]
                                 invalidate paths on every edge (CreateInvalidation)
  usage DIST [--month YYYY-MM]   traffic per POP and region, estimated bill, price classes
  sign-url URL --key-pair-id K --private-key FILE [--expires +1h] [--ip CIDR]
                                 a CloudFront signed URL (canned or custom policy)
  sign-cookies --url URL --key-pair-id K --private-key FILE
                                 CloudFront signed cookies, as a Cookie header for curl
  function test FILE --event EVENT.json [--event-type viewer-request|viewer-response]
                                 run a CloudFront Function locally (TestFunction's output)
  lambda test DIR --event EVENT.json [--event-type origin-request]
                                 run a Lambda@Edge function once (the Lambda console's test)
  logs --follow [--distribution ID]
                                 stream sampled requests from every edge (real-time logs)
  explain URL [-H 'N: v'] [--viewer-address IP]
                                 what an edge would do with a request, step by step
  import FILE [--out FILE]       a config file from get-distribution-config JSON, a
                                 CloudFormation/CDK template or terraform show -json
  export DIST [--config FILE]    a distribution as get-distribution-config prints it
  dev [--port P]                 origin + control plane + 3 edges, demo config (npm start)

\`cachefront <command> --help\` for a command's options.
`;

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command '${name}'\n\n${usage}`);
  const mod = await load();
  await mod.run(rest);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`cachefront: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`cachefront: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
