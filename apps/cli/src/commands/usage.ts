import { api, apiTarget, ApiError } from '../api.ts';
import { API_FLAGS, apiFlagsHelp, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront usage DISTRIBUTION_ID [--month YYYY-MM] [options]

A distribution's traffic for a month (UTC) per POP and pricing region, as its edges
reported it, and an estimated bill from the control plane's price table (illustrative
CloudFront-style prices unless it was started with --price-table), with what the same
traffic would cost under each price class. GET /v1/distributions/ID/usage.

  --month YYYY-MM           the month (default: the current one, UTC)
  --json                    print the answer as JSON
${apiFlagsHelp('read')}
`;

interface Counters {
  requests: number;
  bytesOut: number;
  hits: number;
  misses: number;
  errors: number;
  hitRatio: number | null;
}

interface Cost {
  dataTransfer: number;
  requests: number;
  total: number;
}

/** The answer of GET /v1/distributions/:id/usage (docs/control-plane.md, "Usage and cost"). */
export interface UsageAnswer {
  distributionId: string;
  month: string;
  priceClass: string;
  deleted: boolean;
  totals: Counters;
  byPop: (Counters & { pop: string; pricingRegion: string })[];
  byRegion: { pricingRegion: string; billedAs: string; requests: number; bytesOut: number; cost: Cost }[];
  invalidations: { paths: number; accountPaths: number; freePaths: number; billablePaths: number; cost: number };
  estimate: { currency: string; dataTransfer: number; requests: number; invalidations: number; total: number; illustrative: boolean; priceTable: string };
  whatIf: Record<string, { total: number; reroutedRequests: number; reroutedBytes: number }>;
}

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    month: { type: 'string' },
    json: { type: 'boolean' },
    ...API_FLAGS,
  });
  if (!flags) return;
  const { values, positionals } = flags;
  const [dist, ...extra] = positionals;
  if (!dist) throw new UsageError(`a distribution id is required\n\n${help}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'\n\n${help}`);
  if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError(`--month must be YYYY-MM, got '${values.month}'`);
  const target = apiTarget(values);
  const query = values.month === undefined ? '' : `?month=${values.month}`;
  let answer: UsageAnswer;
  try {
    answer = (await api<UsageAnswer>(target, 'GET', `/v1/distributions/${encodeURIComponent(dist)}/usage${query}`)).body;
  } catch (err) {
    if (err instanceof ApiError) throw new UsageError(err.message);
    throw err;
  }
  process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : formatUsage(answer));
}

/** The answer as tables: per POP, per region with its cost, invalidations, the estimate, the price classes. */
export function formatUsage(u: UsageAnswer): string {
  const e = u.estimate;
  // One precision per answer, so amounts line up: local bills are often fractions of a cent.
  const digits = e.total >= 100 ? 2 : e.total >= 1 ? 4 : 6;
  const $ = (n: number) => money(n, e.currency, digits);
  const out: string[] = [`${u.distributionId}${u.deleted ? ' (deleted)' : ''}  ${u.month} (UTC)  ${u.priceClass}`, ''];
  out.push(
    ...table(
      'llrrrrrr',
      ['POP', 'REGION', 'REQUESTS', 'BYTES OUT', 'HITS', 'MISSES', 'ERRORS', 'HIT RATIO'],
      [
        ...u.byPop.map((p) => [p.pop, p.pricingRegion, int(p.requests), bytes(p.bytesOut), int(p.hits), int(p.misses), int(p.errors), ratio(p.hitRatio)]),
        ['total', '', int(u.totals.requests), bytes(u.totals.bytesOut), int(u.totals.hits), int(u.totals.misses), int(u.totals.errors), ratio(u.totals.hitRatio)],
      ],
    ),
    '',
  );
  if (u.byRegion.length > 0) {
    const repriced = u.byRegion.filter((r) => r.billedAs !== r.pricingRegion);
    out.push(
      ...table(
        'lrrrrr',
        ['REGION', 'REQUESTS', 'BYTES OUT', 'DATA TRANSFER', 'REQUEST FEES', 'COST'],
        u.byRegion.map((r) => [
          `${r.pricingRegion}${r.billedAs === r.pricingRegion ? '' : ' *'}`,
          int(r.requests),
          bytes(r.bytesOut),
          $(r.cost.dataTransfer),
          $(r.cost.requests),
          $(r.cost.total),
        ]),
      ),
      ...repriced.map((r) =>
        r.pricingRegion === 'unknown'
          ? `* unknown: POPs not in the catalog, priced as ${r.billedAs}`
          : `* ${r.pricingRegion}: outside ${u.priceClass}, billed at ${r.billedAs} rates (the class's least-expensive region)`,
      ),
      '',
    );
  }
  const inv = u.invalidations;
  out.push(`invalidation paths: ${int(inv.paths)} (account this month: ${int(inv.accountPaths)}, first ${int(inv.freePaths)} free), ${int(inv.billablePaths)} billable: ${$(inv.cost)}`, '');
  out.push(
    `estimated bill (${e.priceTable === 'built-in' ? "built-in illustrative prices, not AWS's current ones" : "prices from the control plane's --price-table"}):`,
    ...table('lr', undefined, [
      ['data transfer', $(e.dataTransfer)],
      ['requests', $(e.requests)],
      ['invalidations', $(e.invalidations)],
      ['total', $(e.total)],
    ]).map((l) => `  ${l}`),
    '',
  );
  const classes = Object.entries(u.whatIf);
  if (classes.length > 0) {
    out.push(
      'if only a price class had served this traffic (out-of-class POPs re-priced at the nearest in-class POP):',
      ...table(
        'lrl',
        undefined,
        classes.map(([pc, w]) => [
          pc,
          $(w.total),
          [pc === u.priceClass ? 'this distribution' : '', w.reroutedRequests > 0 ? `${int(w.reroutedRequests)} requests (${bytes(w.reroutedBytes)}) re-priced` : '']
            .filter(Boolean)
            .join('; '),
        ]),
      ).map((l) => `  ${l}`),
    );
  }
  return `${out.join('\n')}\n`;
}

/** Columns two spaces apart; `align` has an `l` or `r` per column. */
function table(align: string, header: string[] | undefined, rows: string[][]): string[] {
  const all = header === undefined ? rows : [header, ...rows];
  const widths = (all[0] ?? []).map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

function ratio(r: number | null): string {
  return r === null ? '-' : `${(r * 100).toFixed(1)}%`;
}

/** Binary units: AWS bills GB of 2^30 bytes. */
function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

function money(n: number, currency: string, digits: number): string {
  return `${currency === 'USD' ? '$' : `${currency} `}${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
