// Free loopback ports: bind port 0, read what the kernel chose, close. Another process can
// take the port before the process we start binds it: under load it happens (a connection's
// ephemeral source port is taken from the same range), so a start that fails with
// EADDRINUSE is retried on new ports (retryOnPortClash).
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the bound port'));
      });
    });
  });
}

/** `n` distinct free ports. */
export async function freePorts(n: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort(host));
  return [...ports];
}

/**
 * `start` with new free ports when the process it starts could not bind the ones it was
 * given (its failure names EADDRINUSE), up to `tries` times; any other failure is thrown.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= tries || !String(err instanceof Error ? err.message : err).includes('EADDRINUSE')) throw err;
    }
  }
}
