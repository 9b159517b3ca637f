// Config files as text: YAML (the default; a superset of JSON) or strict JSON. Syntax
// errors become issues whose message carries the line and column.

import { parseDocument } from 'yaml';
import { parseConfig } from './parse.ts';
import type { CachefrontConfig, Issue, ParseResult } from './types.ts';

export type ConfigFormat = 'yaml' | 'json';

/** Parses and validates a config file's text. An empty YAML file is an empty config. */
export function parseConfigText(text: string, format: ConfigFormat = 'yaml'): ParseResult<CachefrontConfig> {
  const read = format === 'json' ? readJson(text) : readYaml(text);
  return 'issues' in read ? { issues: read.issues } : parseConfig(read.data);
}

type Read = { data: unknown } | { issues: Issue[] };

function readYaml(text: string): Read {
  // YAML 1.2 core schema: `yes`/`on` stay strings; duplicate keys are errors.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
        const what = e.code === 'MULTIPLE_DOCS' ? "a config file holds one YAML document, but '---' starts another" : firstLine(e.message);
        return { path: '', message: `YAML syntax error${where}: ${what}` };
      }),
    };
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    return { data: data === null || data === undefined ? {} : data };
  } catch (err) {
    // yaml refuses alias bombs ("Excessive alias count ...") while building the value.
    return { issues: [{ path: '', message: `YAML could not be read: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

function readJson(text: string): Read {
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = lineCol(text, jsonErrorOffset(message, text));
    const short = message.replace(/ in JSON at position.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
    return { issues: [{ path: '', message: `JSON syntax error at line ${pos.line}, column ${pos.col}: ${short}` }] };
  }
}

/**
 * Where JSON.parse gave up. V8 usually says "at position N"; when it does not ("Unexpected
 * token ..."), find the shortest prefix of the text that already fails for a reason other
 * than ending too early.
 */
function jsonErrorOffset(message: string, text: string): number {
  const p = /at position (\d+)/.exec(message);
  if (p) return Number(p[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  let ok = 0;
  let bad = text.length;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (failsBeforeEnd(text.slice(0, mid))) bad = mid;
    else ok = mid;
  }
  return bad - 1;
}

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/Unexpected end of JSON input/.test(message)) return false;
    const p = /at position (\d+)/.exec(message);
    return p === null || Number(p[1]) < prefix.length;
  }
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** yaml's pretty messages end with " at line L, column C:" and a code frame; keep the sentence. */
function firstLine(message: string): string {
  const head = message.split('\n')[0] ?? message;
  return head.replace(/ at line \d+, column \d+:?$/, '');
}
