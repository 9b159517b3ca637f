// Maps a raw URL path to a file path inside the served directory, refusing anything that
// could escape it (RFC 3986 §5.2.4 dot-segments, encoded separators, NUL).
import { join, sep } from 'node:path';

/**
 * Returns the file path for `urlPath` under `root`, or undefined when the path is not a
 * plain descent into `root`. A trailing slash maps to the directory itself.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  if (!urlPath.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of urlPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // Reject dot-segments and anything that decodes to a separator (`..%2f`, `%5c`).
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    if (segment !== '') segments.push(segment);
  }
  const file = join(root, ...segments);
  return isInside(root, file) ? file : undefined;
}

/** Whether `file` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
