// Problems found while parsing: collecting them with structured paths, turning zod's
// issues into human messages, ordering them as they appear in the file, and rendering.

import type { Issue } from './types.ts';
import { field, isRec } from './raw.ts';

export type PathSegment = string | number;

/** An issue whose path is still a list of keys and indexes. */
export interface RawIssue {
  path: PathSegment[];
  message: string;
}

/** Collects issues; `at(prefix)` gives a reporter whose paths are relative to `prefix`. */
export class IssueSink {
  readonly list: RawIssue[] = [];
  private readonly prefix: PathSegment[];

  constructor(list?: RawIssue[], prefix: PathSegment[] = []) {
    if (list) this.list = list;
    this.prefix = prefix;
  }

  add(path: PathSegment[], message: string): void {
    this.list.push({ path: [...this.prefix, ...path], message });
  }

  at(...path: PathSegment[]): IssueSink {
    return new IssueSink(this.list, [...this.prefix, ...path]);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `distributions[0].cacheBehaviors[2].pathPattern`; odd keys as `customHeaders["x-a"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** One issue per line, `path: message`; an issue about the whole input shows as `(root)`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('\n');
}

/**
 * Sorts issues into the order their locations appear in `input` (keys in the order the
 * file has them, list items by index, parents before children), drops duplicates, and
 * renders the paths. The sort is stable, so issues at one path keep their order.
 */
export function finishIssues(raw: readonly RawIssue[], input: unknown, prefix: PathSegment[] = []): Issue[] {
  const sorted = [...raw].sort((a, b) => comparePaths(a.path, b.path, input));
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const r of sorted) {
    const issue = { path: formatPath([...prefix, ...r.path]), message: r.message };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[], root: unknown): number {
  let node = root;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as PathSegment;
    const y = b[i] as PathSegment;
    if (x !== y) return rank(node, x) - rank(node, y) || String(x).localeCompare(String(y));
    node = typeof x === 'number' ? (Array.isArray(node) ? node[x] : undefined) : field(node, x);
  }
  return a.length - b.length;
}

/** Where a key or index sits in its parent; keys absent from the input sort last. */
function rank(node: unknown, seg: PathSegment): number {
  if (typeof seg === 'number') return seg;
  if (!isRec(node)) return Number.MAX_SAFE_INTEGER;
  const i = Object.keys(node).indexOf(seg);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
}
