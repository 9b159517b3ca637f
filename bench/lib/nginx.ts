// nginx config from bench/nginx.conf.tmpl, and the command line that runs it in the
// foreground (daemon off) with every file it writes under `prefix`.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATE = new URL('../nginx.conf.tmpl', import.meta.url);

export interface NginxSetup {
  /** Directory for the config, pid, error log and temp files. */
  prefix: string;
  /** proxy_cache_path (tmpfs: /dev/shm/...). */
  cacheDir: string;
  port: number;
  originPort: number;
}

export function renderNginxConfig(s: NginxSetup): string {
  const values: Record<string, string> = {
    prefix: s.prefix,
    cacheDir: s.cacheDir,
    port: String(s.port),
    originPort: String(s.originPort),
  };
  return readFileSync(TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`nginx.conf.tmpl: unknown placeholder ${whole}`);
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
