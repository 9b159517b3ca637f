import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { parseConfigText, type CachefrontConfig, type ParseResult } from '@cachefront/config';

/** Reads and validates a config file (JSON by extension, otherwise YAML). */
export async function loadConfigFile(path: string): Promise<ParseResult<CachefrontConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { issues: [{ path: '(file)', message: `cannot read ${path}: ${(err as Error).message}` }] };
  }
  return parseConfigText(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
}

/**
 * Calls `onChange` after the file changes. Watches the directory, not the file, so
 * editors that save by rename (vim, most IDEs) are seen too; bursts are debounced.
 */
export function watchConfigFile(path: string, onChange: () => void, debounceMs = 50): FSWatcher {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.unref();
  return watcher;
}
