// The origin's listening socket, opened, refused or blackholed as the fault table says.
import type { Server } from 'node:http';
import { startBlackhole, type Blackhole } from './blackhole.ts';
import type { ListenerMode } from './rules.ts';

export type ListenerState = ListenerMode | 'open';

export class ListenerGate {
  readonly #server: Server;
  readonly #port: number;
  readonly #host: string;
  #state: ListenerState = 'open';
  #blackhole: Blackhole | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  /** `server` is already listening on `host:port` (a fixed port: re-opening binds the same one). */
  constructor(server: Server, port: number, host: string) {
    this.#server = server;
    this.#port = port;
    this.#host = host;
  }

  get state(): ListenerState {
    return this.#state;
  }

  /** Moves to `target`, one change at a time; rejects when the port cannot be bound again. */
  set(target: ListenerState): Promise<void> {
    const run = this.#queue.then(() => this.#apply(target));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** No more changes; closes a blackhole. Closing the http server is the caller's job. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    await this.#blackhole?.close();
    this.#blackhole = undefined;
  }

  async #apply(target: ListenerState): Promise<void> {
    if (this.#closed || target === this.#state) return;
    if (this.#state === 'open') {
      // New connects now get ECONNREFUSED; node:http's close() also drops idle keep-alive
      // connections, and busy ones close after their response (see server.ts).
      this.#server.close();
      this.#state = 'refuse';
    }
    if (this.#blackhole) {
      await this.#blackhole.close();
      this.#blackhole = undefined;
      this.#state = 'refuse';
    }
    if (target === 'blackhole') {
      this.#blackhole = await startBlackhole(this.#port, this.#host);
      this.#state = 'blackhole';
    } else if (target === 'open') {
      await listen(this.#server, this.#port, this.#host);
      this.#state = 'open';
    }
  }
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** server.close() that also works while the port is refused (it then only waits for connections to end). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((err) => (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
