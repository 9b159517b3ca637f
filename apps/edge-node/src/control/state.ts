import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig, type CachefrontConfig } from '@cachefront/config';

/**
 * What an edge keeps on disk in control-plane mode (`--state-dir`): its identity, the
 * last config it applied and that config's sequence number. With it, an edge restarts
 * and serves while the control plane is down ("static stability"), and reconnects
 * asking only for what it has not seen.
 */
export interface EdgeState {
  edgeId: string;
  pop: string;
  seq: number;
  config: CachefrontConfig | undefined;
}

const FILE = 'edge-state.json';
const LOCK = 'edge.lock';

export async function loadState(dir: string, pop: string): Promise<EdgeState> {
  let raw: string;
  try {
    raw = await readFile(join(dir, FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return { edgeId: newEdgeId(pop), pop, seq: 0, config: undefined };
  }
  const data = JSON.parse(raw) as Partial<EdgeState>;
  const parsed = data.config === undefined ? undefined : parseConfig(data.config);
  if (parsed?.issues) throw new Error(`${join(dir, FILE)} holds a config this version cannot read; move the file away to start clean`);
  const seq = typeof data.seq === 'number' && Number.isInteger(data.seq) && data.seq >= 0 ? data.seq : 0;
  const edgeId = typeof data.edgeId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(data.edgeId) ? data.edgeId : newEdgeId(pop);
  // A POP change makes this a different edge to the control plane.
  return { edgeId: data.pop === pop ? edgeId : newEdgeId(pop), pop, seq: parsed ? seq : 0, config: parsed?.value };
}

/** Atomic: write a temp file, then rename over the old one (a crash leaves one or the other). */
export async function saveState(dir: string, state: EdgeState): Promise<void> {
  const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, join(dir, FILE));
}

/**
 * One edge per state dir: two edges sharing one would share an identity. The lock is a
 * file holding the owner's pid; a lock whose process is gone is taken over.
 */
export async function lockStateDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => unlink(path).catch(() => undefined);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`state dir ${dir} is in use by another edge (pid ${pid}); give each edge its own --state-dir`);
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not lock state dir ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function newEdgeId(pop: string): string {
  return `${pop.toLowerCase()}-${randomBytes(6).toString('hex')}`;
}
