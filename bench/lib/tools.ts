// wrk and nginx: find them, install them (Debian/Ubuntu, as root) when missing, and
// describe the machine for the results file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Tools {
  wrk: string;
  nginx: string;
}

const PACKAGES: Record<keyof Tools, string> = { wrk: 'wrk', nginx: 'nginx' };
// Debian keeps nginx in /usr/sbin, which is not on a normal user's PATH.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];

/** The command's path: on PATH, or in one of EXTRA_DIRS; undefined when neither has it. */
export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  if (found) return found;
  return EXTRA_DIRS.map((d) => `${d}/${cmd}`).find((p) => existsSync(p));
}

function find(): Partial<Tools> {
  const found: Partial<Tools> = {};
  for (const name of Object.keys(PACKAGES) as (keyof Tools)[]) {
    const path = which(name);
    if (path) found[name] = path;
  }
  return found;
}

/** Finds wrk and nginx, installing missing ones with apt-get as root; exits 1 otherwise. */
export function ensureTools(): Tools {
  let found = find();
  const missing = () => (Object.keys(PACKAGES) as (keyof Tools)[]).filter((n) => !found[n]).map((n) => PACKAGES[n]);
  if (missing().length > 0) {
    const command = `apt-get install -y ${missing().join(' ')}`;
    if (process.getuid?.() !== 0 || !which('apt-get')) {
      process.stderr.write(`bench: needs ${missing().join(' and ')}; install with:\n  sudo ${command}\n`);
      process.exit(1);
    }
    process.stdout.write(`bench: installing ${missing().join(', ')} (${command})\n`);
    aptInstall(missing());
    found = find();
    if (missing().length > 0) {
      process.stderr.write(`bench: ${missing().join(', ')} still missing after apt-get; install by hand:\n  ${command}\n`);
      process.exit(1);
    }
  }
  return found as Tools;
}

// Debian's nginx package starts a system nginx on port 80 when installed; a policy-rc.d
// that answers 101 ("action forbidden") stops that for the length of the install only.
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) writeFileSync(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
    if (install().status !== 0) {
      // Usually a stale or empty package list.
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      install();
    }
  } finally {
    if (ownPolicy) rmSync(POLICY_RC_D, { force: true });
  }
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** Versions of the tools the run used (the wrk suite; absent for propagation only). */
  nginx?: string;
  wrk?: string;
  commit: string;
  /** 1-minute load average when the run started: other work on the machine skews results. */
  loadAverage: number;
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.signal) return 'unknown';
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n')[0]?.trim() || 'unknown';
}

export function machineInfo(tools: Tools | undefined, repoRoot: string): MachineInfo {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const rev = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const commit = rev.status === 0 ? rev.stdout.trim() : 'unknown';
  const dirty = rev.status === 0 && spawnSync('git', ['-C', repoRoot, 'status', '--porcelain'], { encoding: 'utf8' }).stdout?.trim();
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: /^PRETTY_NAME="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? process.platform,
    node: process.version,
    // `nginx -v` prints "nginx version: nginx/1.22.1"
    nginx: tools && firstLine(tools.nginx, ['-v']).replace(/^nginx version:\s*/, ''),
    // `wrk -v` prints "wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer"
    wrk: tools && firstLine(tools.wrk, ['-v']).replace(/\s*Copyright.*$/, ''),
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** How busy the machine's cores are over `ms`, in cores (0 to cores()): other work skews results. */
export async function busyCores(ms = 1000): Promise<number> {
  const total = () => cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, all: acc.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
  const before = total();
  await new Promise((r) => setTimeout(r, ms));
  const after = total();
  const all = after.all - before.all;
  return all > 0 ? Math.round((cpus().length * (all - (after.idle - before.idle))) / all * 100) / 100 : 0;
}
