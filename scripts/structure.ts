// The structure rules of docs/architecture.md, checked by test/structure.test.ts:
// no runtime import cycles under apps/ and packages/, no non-test source file over 400
// lines, and no app importing another app's source (apps talk over HTTP; the CLI starts
// apps through their packages' public entry points).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const MAX_SOURCE_LINES = 400;
const SOURCE = /\.(ts|js)$/;

/** Every source file under `dirs` (node_modules skipped), absolute paths. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

export const isTest = (file: string): boolean => /\.test\.ts$|test-fixtures\.ts$|test-support\.ts$|test-helpers\.ts$/.test(file);

/**
 * Runtime imports of a file: `import … from 'x'`, `export … from 'x'` and `import('x')`,
 * without type-only ones (`import type`, `export type`), which type stripping erases.
 */
export function runtimeImports(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) {
    if (m[4] !== undefined) {
      if (m[2] !== undefined) continue; // import type / export type
      const clause = m[3] ?? '';
      // `import { type A, type B } from` is erased too.
      const braces = /^\{([^}]*)\}$/.exec(clause.trim());
      if (braces && braces[1]!.split(',').every((part) => part.trim() === '' || /^type\s/.test(part.trim()))) continue;
      out.push(m[4]);
    } else out.push((m[5] ?? m[6])!);
  }
  return out;
}

/** Import cycles among relative runtime imports, each as the list of files around it. */
export function importCycles(root: string, files: readonly string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = runtimeImports(readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(f), s));
    graph.set(f, deps);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'active');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'active') cycles.push(stack.slice(stack.indexOf(d)).map((p) => relative(root, p)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

/** Non-test source files over MAX_SOURCE_LINES lines, with their counts. */
export function longFiles(root: string, files: readonly string[]): { file: string; lines: number }[] {
  return files
    .filter((f) => !isTest(f))
    .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((x) => x.lines > MAX_SOURCE_LINES);
}

/** Imports of one app's source from another app (relative paths reaching into apps/<other>). */
export function crossAppImports(root: string, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const rel = relative(root, f);
    const app = /^apps\/([^/]+)\//.exec(rel)?.[1];
    if (app === undefined) continue;
    for (const s of runtimeImports(readFileSync(f, 'utf8'))) {
      const target = s.startsWith('.') ? relative(root, resolve(dirname(f), s)) : '';
      const other = /^apps\/([^/]+)\//.exec(target)?.[1];
      if (other !== undefined && other !== app) out.push(`${rel} -> ${target}`);
    }
  }
  return out;
}
