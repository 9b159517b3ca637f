import { readFile, stat } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import {
  MAX_FUNCTION_CODE_BYTES,
  MAX_KVS_BYTES,
  MAX_KVS_KEY_BYTES,
  MAX_KVS_VALUE_BYTES,
  parseConfigText,
  type CachefrontConfig,
  type Issue,
  type ParseResult,
} from '@cachefront/config';

/** Reads and validates a config file (JSON by extension, otherwise YAML), then reads the
 * files it names (function code, key value store data) relative to it. */
export async function loadConfigFile(path: string): Promise<ParseResult<CachefrontConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { issues: [{ path: '(file)', message: `cannot read ${path}: ${(err as Error).message}` }] };
  }
  const parsed = parseConfigText(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
  if (parsed.issues) return parsed;
  const issues = await inlineFiles(parsed.value, dirname(path));
  return issues.length > 0 ? { issues } : parsed;
}

/** `functions[].file` -> code, `keyValueStores[].file` -> data (JSON object of strings), with CloudFront's limits. */
async function inlineFiles(config: CachefrontConfig, dir: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const [i, f] of config.functions.entries()) {
    if (f.file === undefined) continue;
    try {
      const code = await readFile(resolve(dir, f.file), 'utf8');
      if (Buffer.byteLength(code) > MAX_FUNCTION_CODE_BYTES) issues.push({ path: `functions[${i}].file`, message: `${f.file} is ${Buffer.byteLength(code)} bytes; function code is limited to ${MAX_FUNCTION_CODE_BYTES}` });
      else f.code = code;
    } catch (err) {
      issues.push({ path: `functions[${i}].file`, message: `cannot read ${f.file}: ${(err as Error).message}` });
    }
  }
  // Lambda@Edge code: its directory or file, relative to the config file, must be there.
  for (const [i, f] of config.lambdaFunctions.entries()) {
    const key = f.dir === undefined ? 'file' : 'dir';
    const where = resolve(dir, (f.dir ?? f.file)!);
    try {
      const st = await stat(where);
      if (key === 'dir' ? !st.isDirectory() : !st.isFile()) issues.push({ path: `lambdaFunctions[${i}].${key}`, message: `${where} is not a ${key === 'dir' ? 'directory' : 'file'}` });
      else if (key === 'dir') f.dir = where;
      else f.file = where;
    } catch (err) {
      issues.push({ path: `lambdaFunctions[${i}].${key}`, message: `cannot read ${where}: ${(err as Error).message}` });
    }
  }
  // The edge runs Lambda@Edge on the origin events; until it runs the viewer events (and
  // request bodies), a config that asks for them is refused, not served as if the function
  // were not there.
  config.distributions.forEach((d, di) => {
    [d.defaultCacheBehavior, ...d.cacheBehaviors].forEach((b, bi) => {
      const at = bi === 0 ? `distributions[${di}].defaultCacheBehavior` : `distributions[${di}].cacheBehaviors[${bi - 1}]`;
      b.lambdaFunctionAssociations.forEach((a, ai) => {
        if (a.eventType.startsWith('viewer-')) issues.push({ path: `${at}.lambdaFunctionAssociations[${ai}].eventType`, message: `this edge runs Lambda@Edge on origin-request and origin-response only, not yet on ${a.eventType}` });
        else if (a.includeBody) issues.push({ path: `${at}.lambdaFunctionAssociations[${ai}].includeBody`, message: 'this edge does not give Lambda@Edge functions the request body yet' });
      });
    });
  });
  for (const [i, s] of config.keyValueStores.entries()) {
    if (s.file === undefined) continue;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(resolve(dir, s.file), 'utf8'));
    } catch (err) {
      issues.push({ path: `keyValueStores[${i}].file`, message: `cannot read ${s.file} as JSON: ${(err as Error).message}` });
      continue;
    }
    const problem = kvsProblem(data);
    if (problem) issues.push({ path: `keyValueStores[${i}].file`, message: `${s.file}: ${problem}` });
    else s.data = data as Record<string, string>;
  }
  return issues;
}

function kvsProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'must be a JSON object of key -> string value';
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') return `the value of '${k}' must be a string`;
    if (Buffer.byteLength(k) > MAX_KVS_KEY_BYTES) return `key '${k.slice(0, 40)}…' is over ${MAX_KVS_KEY_BYTES} bytes`;
    if (Buffer.byteLength(v) > MAX_KVS_VALUE_BYTES) return `the value of '${k}' is over ${MAX_KVS_VALUE_BYTES} bytes`;
    total += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  return total > MAX_KVS_BYTES ? `the store is ${total} bytes; the limit is ${MAX_KVS_BYTES}` : undefined;
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
