// The filesystem half of a bucket: the file behind a key, and its sidecar, with the symlink
// check that key-path.ts cannot do without I/O: whatever a path resolves to must still be
// inside the bucket's directory.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isInside } from '../static-path.ts';
import { S3Error } from './errors.ts';
import { keyFile, SIDECAR_SUFFIX } from './key-path.ts';
import { parseSidecar } from './sidecar.ts';

export interface ObjectFile {
  /** Resolved (real) path, inside the bucket directory. */
  path: string;
  size: number;
  mtimeMs: number;
}

/** Sidecars are a few fields; a bigger one is a mistake, not metadata. */
const MAX_SIDECAR_BYTES = 64 * 1024;

/**
 * The regular file holding `key` under `root` (a realpath), or undefined when there is none:
 * missing, a directory (directories are not objects), a name no key maps to, or a symlink
 * that leads out of the bucket.
 */
export async function findObject(root: string, key: string): Promise<ObjectFile | undefined> {
  const file = keyFile(root, key);
  if (file === undefined) return undefined;
  const real = await insideRealpath(root, file);
  if (real === undefined) return undefined;
  const info = await stat(real).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { path: real, size: info.size, mtimeMs: info.mtimeMs };
}

/**
 * The response headers stored in `<key>.s3meta.json`, {} when there is none. An invalid sidecar
 * is the operator's mistake, reported as S3's InternalError with every problem, since serving
 * the object without its metadata would hide it.
 */
export async function readSidecar(root: string, key: string): Promise<Record<string, string>> {
  const file = keyFile(root, key);
  const real = file === undefined ? undefined : await insideRealpath(root, file + SIDECAR_SUFFIX);
  if (real === undefined) return {};
  const info = await stat(real).catch(() => undefined);
  if (!info?.isFile()) return {};
  const name = `${key}${SIDECAR_SUFFIX}`;
  if (info.size > MAX_SIDECAR_BYTES) throw sidecarError(name, `larger than ${MAX_SIDECAR_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(real, 'utf8'));
  } catch (err) {
    throw sidecarError(name, err instanceof Error ? err.message : String(err));
  }
  const parsed = parseSidecar(json);
  if ('issues' in parsed) throw sidecarError(name, parsed.issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; '));
  return parsed.value;
}

/** realpath(file) when it exists and is inside root (no symlink escape), else undefined. */
async function insideRealpath(root: string, file: string): Promise<string | undefined> {
  const real = await realpath(file).catch(() => undefined);
  return real !== undefined && isInside(root, real) && real !== root ? real : undefined;
}

const sidecarError = (name: string, problem: string) => new S3Error('InternalError', {}, `invalid metadata sidecar ${name}: ${problem}`);
