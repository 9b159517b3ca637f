// Types for the parts of the http-cache-tests package (BSD-3-Clause, Mark Nottingham) that
// the conformance harness uses. The package ships plain .mjs files without declarations;
// these describe what its client, test definitions and server handlers export (0.4.5).

declare module 'http-cache-tests/tests/index.mjs' {
  import type { CacheTestSuite } from 'http-cache-tests/types';
  const suites: CacheTestSuite[];
  export default suites;
}

declare module 'http-cache-tests/tests/surrogate-control.mjs' {
  import type { CacheTestSuite } from 'http-cache-tests/types';
  const suite: CacheTestSuite;
  export default suite;
}

declare module 'http-cache-tests/types' {
  /** One test: a sequence of requests, their configured responses and expectations. */
  export interface CacheTest {
    id: string;
    name: string;
    /** Absent means required. */
    kind?: 'required' | 'optimal' | 'check';
    browser_only?: boolean;
    browser_skip?: boolean;
    depends_on?: string[];
    requests: object[];
  }
  export interface CacheTestSuite {
    id: string;
    name: string;
    description?: string;
    tests: CacheTest[];
  }
  /** What the client hands its fetch function: header pairs, as the Fetch API takes them. */
  export interface SuiteRequestInit {
    method?: string;
    headers: [string, string][];
    body?: string;
    cache?: string;
  }
  export type SuiteFetch = (url: string, init?: SuiteRequestInit) => Promise<unknown>;
}

declare module 'http-cache-tests/client/config.mjs' {
  import type { SuiteFetch } from 'http-cache-tests/types';
  export function setFetch(fetch: SuiteFetch): void;
  export function setBaseUrl(url: string): void;
  export function setUseBrowserCache(browserCache: boolean): void;
}

declare module 'http-cache-tests/client/test.mjs' {
  import type { CacheTest } from 'http-cache-tests/types';
  /** Resolves (never rejects) once the test has run; its outcome is then in testResults. */
  export function makeCacheTest(test: CacheTest): Promise<void>;
  /** true, or [error name ('Assertion', 'Setup', ...), message]. */
  export const testResults: Record<string, true | [string, string]>;
}

declare module 'http-cache-tests/server/*.mjs' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function handle(pathSegs: string[], request: IncomingMessage, response: ServerResponse): void;
}

declare module 'http-cache-tests/server/handle-file.mjs' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function handleFile(url: URL, request: IncomingMessage, response: ServerResponse): void;
}

declare module 'node-fetch' {
  import type { SuiteRequestInit } from 'http-cache-tests/types';
  /** node-fetch 2: the Fetch API plus `timeout` (ms, covering the body too). */
  export default function fetch(url: string, init?: SuiteRequestInit & { timeout?: number }): Promise<unknown>;
}
