// nginx configs from bench/nginx.conf.tmpl (proxy_cache, optionally with open_file_cache)
// and bench/nginx-pass.conf.tmpl (proxy_pass, no cache), and the command line that runs one
// in the foreground (daemon off) with every file it writes under `prefix`.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATES = {
  cache: new URL('../nginx.conf.tmpl', import.meta.url),
  pass: new URL('../nginx-pass.conf.tmpl', import.meta.url),
};

/**
 * nginx's file-descriptor cache (ngx_http_core_module), as its docs tune it for many
 * files: proxy_cache opens its cache files through it too (ngx_http_file_cache_open), so a
 * hit reuses an open descriptor instead of open() + fstat() + close() on every request.
 */
export const OPEN_FILE_CACHE = [
  'open_file_cache max=10000 inactive=60s;',
  'open_file_cache_valid 60s;',
  'open_file_cache_min_uses 1;',
  'open_file_cache_errors on;',
];

export interface NginxSetup {
  /** cache: proxy_cache (the hit-path reference); pass: proxy_pass to the origin, nothing cached (the miss-path one). Default cache. */
  kind?: 'cache' | 'pass';
  /** cache only: add OPEN_FILE_CACHE. */
  openFileCache?: boolean;
  /** Directory for the config, pid, error log and temp files. */
  prefix: string;
  /** proxy_cache_path (tmpfs: /dev/shm/...); unused by `pass`. */
  cacheDir: string;
  port: number;
  originPort: number;
  /** cache only: nginx's gzip filter on text/plain answers of 1,000 bytes and more (each response compressed as it is sent). */
  gzip?: boolean;
  /** cache only: serve TLS (HTTP/1.1) with this PEM certificate (chain) and key. */
  tls?: { certFile: string; keyFile: string };
}

export function renderNginxConfig(s: NginxSetup): string {
  const kind = s.kind ?? 'cache';
  const values: Record<string, string> = {
    prefix: s.prefix,
    cacheDir: s.cacheDir,
    port: String(s.port),
    originPort: String(s.originPort),
    openFileCache: s.openFileCache ? OPEN_FILE_CACHE.join('\n    ') : '# open_file_cache: off (nginx\'s default)',
    // gzip_comp_level 1 is nginx's default; the edge stores gzip at zlib's default level (6).
    gzip: s.gzip ? 'gzip on;\n    gzip_types text/plain;\n    gzip_min_length 1000;\n    gzip_proxied any;\n    gzip_vary on;' : '# gzip: off (nginx\'s default)',
    listen: `listen 127.0.0.1:${s.port}${s.tls ? ' ssl' : ''};`,
    // The same protocols as the edge's TLS port (TLS 1.2 and 1.3; wrk negotiates 1.3).
    tls: s.tls ? `ssl_certificate ${s.tls.certFile};\n        ssl_certificate_key ${s.tls.keyFile};\n        ssl_protocols TLSv1.2 TLSv1.3;` : '# plain HTTP',
  };
  return readFileSync(TEMPLATES[kind], 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${TEMPLATES[kind].pathname.split('/').pop()}: unknown placeholder ${whole}`);
    return v;
  });
}

/** Writes the config; returns the arguments for `nginx`. */
export function prepareNginx(s: NginxSetup): string[] {
  mkdirSync(s.prefix, { recursive: true });
  mkdirSync(s.cacheDir, { recursive: true });
  // Started as root, nginx's workers run as `nobody` and must reach these directories
  // (and their parents: see run.ts).
  chmodSync(s.prefix, 0o755);
  chmodSync(s.cacheDir, 0o755);
  const conf = join(s.prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConfig(s));
  // -e: the error log nginx opens before it has read the config (not /var/log/nginx).
  return ['-p', s.prefix, '-c', conf, '-e', join(s.prefix, 'error.log')];
}
