// The wrk suite's tables, for the terminal and for markdown: rows of cells under a head,
// numeric columns right-aligned. A row shorter than the head is a failure (target, size,
// reason) and prints as it is.

export interface TableSpec {
  head: readonly string[];
  /** Whether column i holds numbers (right-aligned). */
  numeric: (i: number) => boolean;
}

/** Fixed-width columns; widths come from the full rows only, so a long failure reason does not widen them. */
export function renderText(spec: TableSpec, rows: readonly string[][]): string {
  const { head, numeric } = spec;
  const full = rows.filter((r) => r.length === head.length);
  const widths = head.map((h, i) => Math.max(h.length, ...full.map((r) => r[i]?.length ?? 0)));
  const line = (cols: readonly string[]) =>
    cols.map((c, i) => (numeric(i) && cols.length === head.length ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A GitHub markdown table; short rows are padded with empty cells. */
export function renderMarkdown(spec: TableSpec, rows: readonly string[][]): string {
  const { head, numeric } = spec;
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (numeric(i) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const r of rows) out.push(`| ${[...r, ...Array<string>(Math.max(0, head.length - r.length)).fill('')].map(esc).join(' | ')} |`);
  return out.join('\n');
}

export const ratioCell = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(2)}x`);
export const msCell = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
export const countCell = (n: number) => Math.round(n).toLocaleString('en-US');
