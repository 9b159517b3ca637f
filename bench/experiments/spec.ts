// The experiment file (experiments/<name>.yaml): its model and its check. Like the config
// check, parsing returns `{value}` or `{issues}` listing every problem with its path
// (`workload.requests`, `variants[1].shield.pop`, `variants[2].config.cachePolicies[0].minTTL`).
// Pure: no I/O. The format is documented in experiments/README.md.
import { parseDocument } from 'yaml';
import { parseConfig } from '@cachefront/config';
import { DEFAULT_POPS, PRICE_CLASSES, priceClassIncludes, type PriceClass } from '@cachefront/geo';
import { VIEWER_ADDRESSES, type WorkloadOptions } from '../workload/workload.ts';
import { fillOrigins, isObject, variantConfig, type JsonObject, type VariantChanges } from './merge.ts';

export interface Issue {
  path: string;
  message: string;
}

export type Parsed<T> = { value: T; issues?: undefined } | { value?: undefined; issues: Issue[] };

export interface WorkloadSpec extends WorkloadOptions {
  /** Requests in flight at once. */
  concurrency: number;
}

export interface ShieldSpec {
  /** The shield edge's POP code (default IAD): it must be in every price class's catalog to get the distribution. */
  pop: string;
}

/** Each edge process's `--workers` and `--cache-size`. */
export interface EdgeOptions {
  workers: number;
  cacheSize: string;
}

export interface VariantSpec {
  name: string;
  description: string;
  /** POP edges viewers are sent to. */
  edges: string[];
  shield: ShieldSpec | undefined;
  /** The experiment's edgeOptions with the variant's own merged over them. */
  edgeOptions: EdgeOptions;
  changes: VariantChanges;
  /** The effective config (base + changes); the origin is filled in by the runner. */
  config: JsonObject;
}

export interface Experiment {
  name: string;
  description: string;
  workload: WorkloadSpec;
  edges: string[];
  /** Added to every origin response (a global slow-headers fault): the origin's distance. */
  origin: { latencyMs: number };
  /** The default of every variant (a variant may set its own, merged over these). */
  edgeOptions: EdgeOptions;
  /** Timeline buckets (hit ratio over the replay). */
  buckets: number;
  base: JsonObject;
  variants: VariantSpec[];
}

export const DEFAULTS = {
  concurrency: 16,
  buckets: 20,
  workers: 1,
  cacheSize: '256MB',
  shieldPop: 'IAD',
  originLatencyMs: 0,
} as const;
const DEFAULT_EDGE_OPTIONS: EdgeOptions = { workers: DEFAULTS.workers, cacheSize: DEFAULTS.cacheSize };

const LIMITS = { requests: 1_000_000, objects: 1_000_000, concurrency: 256, edges: 8, variants: 10, workers: 4, buckets: 200, latencyMs: 10_000 };
const TOP_KEYS = ['name', 'description', 'workload', 'base', 'edges', 'origin', 'edgeOptions', 'buckets', 'variants'];
const WORKLOAD_KEYS = ['seed', 'requests', 'objects', 'zipf', 'trackingQueryShare', 'versionedShare', 'cookieShare', 'viewers', 'countries', 'concurrency'];
const VARIANT_KEYS = ['name', 'description', 'patch', 'cachePolicies', 'priceClass', 'cachePolicy', 'shield', 'edges', 'edgeOptions'];
/** What the runner creates through the control plane; anything else in `base` is refused. */
const CONFIG_KEYS = ['distributions', 'cachePolicies', 'originRequestPolicies'];
const POP_CODES = new Set(DEFAULT_POPS.map((p) => p.code));
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SIZE = /^\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?$/i; // as the edge's --cache-size reads it
/** Any free port stands in for the origin's while checking (the runner fills the real one). */
const CHECK_PORT = 9000;

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `'${v}'` : typeof v === 'object' ? 'an object' : String(v);

/** Collects issues under a path prefix. */
class Sink {
  readonly issues: Issue[];
  readonly prefix: string;

  constructor(issues: Issue[] = [], prefix = '') {
    this.issues = issues;
    this.prefix = prefix;
  }

  at(key: string | number): Sink {
    return new Sink(this.issues, join(this.prefix, key));
  }

  add(message: string): void {
    this.issues.push({ path: this.prefix, message });
  }
}

function join(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  if (key.startsWith('[')) return `${prefix}${key}`;
  return prefix === '' ? key : `${prefix}.${key}`;
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], sink: Sink): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) sink.at(key).add(`unknown key (allowed: ${allowed.join(', ')})`);
  }
}

function int(v: unknown, sink: Sink, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    sink.add(`must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function num(v: unknown, sink: Sink, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    sink.add(`must be a number from ${min} to ${max}, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function text(v: unknown, sink: Sink, pattern?: RegExp, what?: string): string | undefined {
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) {
    sink.add(`must be ${what ?? 'a string'}, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function pops(v: unknown, sink: Sink): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.edges) {
    sink.add(`must be a list of 1 to ${LIMITS.edges} POP codes, e.g. [FRA, IAD, NRT], got ${describe(v)}`);
    return undefined;
  }
  let ok = true;
  const seen = new Set<string>();
  v.forEach((code, i) => {
    if (typeof code !== 'string' || !POP_CODES.has(code)) {
      sink.at(i).add(`must be a POP code of the catalog (${[...POP_CODES].join(', ')}), got ${describe(code)}`);
      ok = false;
    } else if (seen.has(code)) {
      sink.at(i).add(`${code} is listed twice (one edge per POP)`);
      ok = false;
    }
    seen.add(String(code));
  });
  return ok ? (v as string[]) : undefined;
}

function workloadSpec(v: unknown, sink: Sink): WorkloadSpec | undefined {
  if (!isObject(v)) {
    sink.add(`must be an object with seed, requests, objects and the other workload options, got ${describe(v)}`);
    return undefined;
  }
  onlyKeys(v, WORKLOAD_KEYS, sink);
  const before = sink.issues.length;
  const need = (key: string, check: (x: unknown, s: Sink) => number | undefined) => {
    if (v[key] === undefined) sink.at(key).add('is required');
    else return check(v[key], sink.at(key));
    return undefined;
  };
  const optional = (key: string, check: (x: unknown, s: Sink) => number | undefined) => (v[key] === undefined ? undefined : check(v[key], sink.at(key)));
  const share = (x: unknown, s: Sink) => num(x, s, 0, 1);
  const w: WorkloadSpec = {
    seed: need('seed', (x, s) => int(x, s, 0, 2 ** 32 - 1)) ?? 0,
    requests: need('requests', (x, s) => int(x, s, 1, LIMITS.requests)) ?? 0,
    objects: need('objects', (x, s) => int(x, s, 1, LIMITS.objects)) ?? 0,
    concurrency: optional('concurrency', (x, s) => int(x, s, 1, LIMITS.concurrency)) ?? DEFAULTS.concurrency,
  };
  const zipf = optional('zipf', (x, s) => num(x, s, 0, 5));
  if (zipf !== undefined) w.zipf = zipf;
  for (const key of ['trackingQueryShare', 'versionedShare', 'cookieShare'] as const) {
    const x = optional(key, share);
    if (x !== undefined) w[key] = x;
  }
  const viewers = optional('viewers', (x, s) => int(x, s, 1, LIMITS.requests));
  if (viewers !== undefined) w.viewers = viewers;
  if (v.countries !== undefined) {
    const s = sink.at('countries');
    const c = v.countries;
    if (!isObject(c) || Object.keys(c).length === 0) s.add(`must map country codes to weights, e.g. {US: 35, DE: 12}, got ${describe(c)}`);
    else {
      for (const [code, weight] of Object.entries(c)) {
        if (VIEWER_ADDRESSES[code] === undefined) s.at(code).add(`no viewer address for this country (known: ${Object.keys(VIEWER_ADDRESSES).join(', ')})`);
        else if (typeof weight !== 'number' || !(weight > 0)) s.at(code).add(`the weight must be a number > 0, got ${describe(weight)}`);
      }
      w.countries = c as Record<string, number>;
    }
  }
  return sink.issues.length === before ? w : undefined;
}

function shieldSpec(v: unknown, sink: Sink): ShieldSpec | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return { pop: DEFAULTS.shieldPop };
  if (isObject(v)) {
    onlyKeys(v, ['pop'], sink);
    if (v.pop === undefined) return { pop: DEFAULTS.shieldPop };
    if (typeof v.pop === 'string' && POP_CODES.has(v.pop)) return { pop: v.pop };
    sink.at('pop').add(`must be a POP code of the catalog, e.g. IAD, got ${describe(v.pop)}`);
    return undefined;
  }
  sink.add(`must be true, false or {pop: CODE}, got ${describe(v)}`);
  return undefined;
}

/**
 * `edgeOptions` ({workers, cacheSize}, both optional) merged over `over`: the defaults for
 * the experiment's, the experiment's for a variant's. Undefined when it has a problem.
 */
function edgeOptionsSpec(v: unknown, sink: Sink, over: EdgeOptions): EdgeOptions | undefined {
  if (v === undefined) return over;
  if (!isObject(v)) {
    sink.add(`must be an object like {workers: 1, cacheSize: 256MB}, got ${describe(v)}`);
    return undefined;
  }
  const before = sink.issues.length;
  onlyKeys(v, ['workers', 'cacheSize'], sink);
  const workers = v.workers === undefined ? over.workers : int(v.workers, sink.at('workers'), 1, LIMITS.workers);
  const cacheSize = v.cacheSize === undefined ? over.cacheSize : text(String(v.cacheSize), sink.at('cacheSize'), SIZE, 'a size like 64MB or 1GB');
  return sink.issues.length === before && workers !== undefined && cacheSize !== undefined ? { workers, cacheSize } : undefined;
}

function changes(v: JsonObject, sink: Sink): VariantChanges {
  const c: VariantChanges = {};
  if (v.patch !== undefined) {
    if (isObject(v.patch)) {
      onlyKeys(v.patch, CONFIG_KEYS, sink.at('patch'));
      c.patch = v.patch;
    } else sink.at('patch').add(`must be an object merged into base (objects merge, lists replace, null removes), got ${describe(v.patch)}`);
  }
  if (v.cachePolicies !== undefined) {
    const s = sink.at('cachePolicies');
    if (!Array.isArray(v.cachePolicies)) s.add(`must be a list of cache policies (merged into base's by id), got ${describe(v.cachePolicies)}`);
    else {
      v.cachePolicies.forEach((p, i) => {
        if (!isObject(p) || typeof p.id !== 'string') s.at(i).add(`must be a cache policy with an id, got ${describe(p)}`);
      });
      c.cachePolicies = v.cachePolicies.filter(isObject);
    }
  }
  if (v.priceClass !== undefined) {
    const pc = text(v.priceClass, sink.at('priceClass'), new RegExp(`^(${PRICE_CLASSES.join('|')})$`), `one of ${PRICE_CLASSES.join(', ')}`);
    if (pc !== undefined) c.priceClass = pc;
  }
  if (v.cachePolicy !== undefined) {
    const cp = text(v.cachePolicy, sink.at('cachePolicy'), /\S/, 'a cache policy id or managed name, e.g. Managed-CachingDisabled');
    if (cp !== undefined) c.cachePolicy = cp;
  }
  return c;
}

/** The config check of @cachefront/config on `config` with a stand-in origin; paths relative to the config. */
function configIssues(config: JsonObject): Issue[] {
  const d = config.distributions;
  if (!Array.isArray(d) || d.length === 0) return [{ path: 'distributions', message: 'must list at least one distribution (distributions[0] is the one measured)' }];
  return parseConfig(fillOrigins(config, CHECK_PORT)).issues ?? [];
}

/**
 * The control plane deploys only to edges in the distribution's price class: at least one
 * POP edge must be in it (viewers elsewhere go to the nearest in-class one), and the
 * shield must be, or it never gets the distribution.
 */
function checkPriceClass(config: JsonObject, edges: string[] | undefined, shield: ShieldSpec | undefined, edgesPath: string, sink: Sink): void {
  const d = Array.isArray(config.distributions) ? config.distributions[0] : undefined;
  const pc = (isObject(d) && typeof d.priceClass === 'string' ? d.priceClass : 'PriceClass_All') as PriceClass;
  if (!(PRICE_CLASSES as readonly string[]).includes(pc)) return; // the config check reports it
  const inClass = (code: string) => {
    const pop = DEFAULT_POPS.find((p) => p.code === code);
    return pop !== undefined && priceClassIncludes(pc, pop.pricingRegion);
  };
  if (edges && edges.length > 0 && !edges.some(inClass)) {
    sink.add(`none of the POP edges (${edges.join(', ')}, from ${edgesPath}) is in ${pc}: the distribution would be deployed to no edge viewers reach`);
  }
  if (shield && !inClass(shield.pop)) sink.at('shield').add(`the shield's POP ${shield.pop} is not in ${pc}: it would never get the distribution`);
}

const under = (prefix: string, path: string) => (path === '' ? prefix : join(prefix, path));

/** Checks an experiment (the YAML's value); every problem is reported with its path. */
export function parseExperiment(input: unknown): Parsed<Experiment> {
  const sink = new Sink();
  if (!isObject(input)) return { issues: [{ path: '', message: `an experiment file is an object with name, workload, base, edges and variants, got ${describe(input)}` }] };
  onlyKeys(input, TOP_KEYS, sink);
  const need = (key: string) => {
    if (input[key] === undefined) sink.at(key).add('is required');
    return input[key];
  };
  const name = need('name') === undefined ? undefined : text(input.name, sink.at('name'), NAME, 'lower-case letters, digits and dashes (it names the report directory)');
  const description = input.description === undefined ? '' : text(input.description, sink.at('description'));
  const workload = need('workload') === undefined ? undefined : workloadSpec(input.workload, sink.at('workload'));
  const edges = need('edges') === undefined ? undefined : pops(input.edges, sink.at('edges'));
  const buckets = input.buckets === undefined ? DEFAULTS.buckets : int(input.buckets, sink.at('buckets'), 2, LIMITS.buckets);

  let originLatencyMs: number | undefined = DEFAULTS.originLatencyMs;
  if (input.origin !== undefined) {
    const s = sink.at('origin');
    if (!isObject(input.origin)) s.add(`must be an object like {latencyMs: 20}, got ${describe(input.origin)}`);
    else {
      onlyKeys(input.origin, ['latencyMs'], s);
      if (input.origin.latencyMs !== undefined) originLatencyMs = int(input.origin.latencyMs, s.at('latencyMs'), 0, LIMITS.latencyMs);
    }
  }
  const edgeOptions = edgeOptionsSpec(input.edgeOptions, sink.at('edgeOptions'), DEFAULT_EDGE_OPTIONS);

  let base: JsonObject | undefined;
  const rawBase = need('base');
  if (rawBase !== undefined) {
    if (!isObject(rawBase)) sink.at('base').add(`must be a config object with distributions (and cachePolicies, originRequestPolicies), got ${describe(rawBase)}`);
    else {
      onlyKeys(rawBase, CONFIG_KEYS, sink.at('base'));
      base = rawBase;
    }
  }
  const baseIssues = base ? configIssues(base) : [];
  for (const i of baseIssues) sink.issues.push({ path: under('base', i.path), message: i.message });
  const reported = new Set(baseIssues.map((i) => `${i.path}\u0000${i.message}`));

  const variants: VariantSpec[] = [];
  const rawVariants = need('variants');
  if (rawVariants !== undefined) {
    const s = sink.at('variants');
    if (!Array.isArray(rawVariants) || rawVariants.length === 0 || rawVariants.length > LIMITS.variants) {
      s.add(`must be a list of 1 to ${LIMITS.variants} variants, got ${describe(rawVariants)}`);
    } else {
      const names = new Set<string>();
      rawVariants.forEach((raw, i) => {
        const vs = s.at(i);
        if (!isObject(raw)) return vs.add(`must be an object with a name (and patch, cachePolicies, priceClass, cachePolicy, shield, edges, edgeOptions), got ${describe(raw)}`);
        onlyKeys(raw, VARIANT_KEYS, vs);
        const vName = raw.name === undefined ? (vs.at('name').add('is required'), undefined) : text(raw.name, vs.at('name'), VARIANT_NAME, 'letters, digits, dots, dashes or underscores (up to 64)');
        if (vName !== undefined && names.has(vName)) vs.at('name').add(`'${vName}' names another variant too`);
        if (vName !== undefined) names.add(vName);
        const vDescription = raw.description === undefined ? '' : text(raw.description, vs.at('description'));
        const shield = shieldSpec(raw.shield, vs.at('shield'));
        const vEdges = raw.edges === undefined ? edges : pops(raw.edges, vs.at('edges'));
        // Merged over the experiment's (or the defaults, when those have a problem: reported at edgeOptions).
        const vEdgeOptions = edgeOptionsSpec(raw.edgeOptions, vs.at('edgeOptions'), edgeOptions ?? DEFAULT_EDGE_OPTIONS);
        const c = changes(raw, vs);
        if (base === undefined) return;
        const config = variantConfig(base, c);
        // Problems the base already has are reported once, at base.
        for (const issue of configIssues(config)) {
          if (!reported.has(`${issue.path}\u0000${issue.message}`)) sink.issues.push({ path: under(`${vs.prefix}.config`, issue.path), message: issue.message });
        }
        checkPriceClass(config, vEdges, shield, raw.edges === undefined ? 'edges' : `${vs.prefix}.edges`, vs);
        variants.push({ name: vName ?? '', description: vDescription ?? '', edges: vEdges ?? [], shield, edgeOptions: vEdgeOptions ?? DEFAULT_EDGE_OPTIONS, changes: c, config });
      });
    }
  }

  if (sink.issues.length > 0 || !name || !workload || !edges || !base || buckets === undefined || originLatencyMs === undefined || !edgeOptions) {
    return { issues: sink.issues.length > 0 ? sink.issues : [{ path: '', message: 'the experiment is incomplete' }] };
  }
  return { value: { name, description: description ?? '', workload, edges, origin: { latencyMs: originLatencyMs }, edgeOptions, buckets, base, variants } };
}

/** Parses and checks an experiment file's YAML (or JSON) text. */
export function parseExperimentText(source: string): Parsed<Experiment> {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { path: '', message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { issues: [{ path: '', message: `YAML could not be read: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  return parseExperiment(data);
}

/** One issue per line, `path: message`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('\n');
}
