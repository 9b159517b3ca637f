// Object keys -> files under a bucket's directory, refusing anything that could leave it.
// Pure; the symlink half of the check (realpath) is in object-file.ts.
import { join } from 'node:path';
import { isInside } from '../static-path.ts';

/** Metadata sidecars (`<key>.s3meta.json`) sit beside their object and are never objects themselves. */
export const SIDECAR_SUFFIX = '.s3meta.json';

/** S3 keys are at most 1024 bytes of UTF-8 (S3 User Guide, "Naming Amazon S3 objects"). */
export const MAX_KEY_BYTES = 1024;

/** Decodes a key as it came on the wire (`+` stays `+` in a path); undefined when the escapes are broken. */
export function decodeKey(rawKey: string): string | undefined {
  try {
    return decodeURIComponent(rawKey);
  } catch {
    return undefined;
  }
}

/**
 * The file that holds `key` under `root` (absolute, normalized), or undefined when no file can
 * (S3 then answers NoSuchKey): an empty segment (`a//b`, a leading or trailing `/`), a `.` or
 * `..` segment, NUL or a backslash (a separator on Windows), or a sidecar's name.
 */
export function keyFile(root: string, key: string): string | undefined {
  if (key === '' || key.endsWith(SIDECAR_SUFFIX)) return undefined;
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s))) return undefined;
  const file = join(root, ...segments);
  // Belt and braces: after the checks above join() cannot climb, but say so in code.
  return isInside(root, file) && file !== root ? file : undefined;
}
