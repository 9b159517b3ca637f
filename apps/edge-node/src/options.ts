/** What `cachefront edge` passes from the primary to each worker (JSON in the environment). */
export interface EdgeOptions {
  port: number;
  host: string;
  workers: number;
  /** Bytes of cache per worker. */
  cacheSize: number;
  /** Responses larger than this are streamed, not stored. */
  maxObjectSize: number;
  pop: string;
  /** Stable node name used in Via. */
  nodeName: string;
  logLevel: string;
}

export const WORKER_ENV = 'CACHEFRONT_EDGE_WORKER';
