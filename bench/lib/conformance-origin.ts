// The http-cache-tests origin server, on a loopback port the kernel picks: the package's
// own request handlers (/config, /test, /state, files), dispatched as its server/server.mjs
// does. That script listens on every interface on a fixed port and writes a pid file, so
// it is not run as is. Prints one JSON line with its `url` once it listens.
//
// Run with the package directory as the working directory: its file handler serves from
// there (the harness reads /style.css to see that the edge reaches this origin).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import handleConfig from 'http-cache-tests/server/handle-config.mjs';
import handleFile from 'http-cache-tests/server/handle-file.mjs';
import handleState from 'http-cache-tests/server/handle-state.mjs';
import handleTest from 'http-cache-tests/server/handle-test.mjs';

const handlers: Record<string, (segs: string[], req: IncomingMessage, res: ServerResponse) => void> = {
  config: handleConfig,
  test: handleTest,
  state: handleState,
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://origin.invalid/');
  const segs = url.pathname.split('/').slice(1);
  const handler = handlers[segs[0] ?? ''];
  if (handler) handler(segs.slice(1), req, res);
  else handleFile(url, req, res);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  console.log(JSON.stringify({ msg: 'http-cache-tests origin listening', url: `http://127.0.0.1:${address.port}` }));
});

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
