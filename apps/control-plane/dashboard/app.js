// The control plane's browser dashboard (docs/control-plane.md is the API it reads).
// Plain ES module, no framework, nothing loaded from elsewhere. Every value from the API
// reaches the page as text (textContent, text nodes) or through the checked attribute
// setter `el()`; nothing is ever parsed as HTML. The token lives in memory and in this
// tab's sessionStorage only, and travels as `Authorization: Bearer` on each API call.

// ---------------------------------------------------------------------------------------
// Pure helpers (exported: apps/control-plane/src/dashboard.test.ts runs them under Node).

/**
 * A server-sent events parser (WHATWG HTML, "Parsing an event stream") for fetch() bodies:
 * `push()` text as it arrives; `onEvent({event, data, id})` runs per dispatched event.
 */
export function createSseParser(onEvent) {
  let buffer = '';
  let started = false;
  let event = '';
  let data = [];
  let hasData = false;
  let lastId = '';
  let retry;

  const line = (l) => {
    if (l === '') {
      if (hasData) onEvent({ event: event || 'message', data: data.join('\n'), id: lastId });
      event = '';
      data = [];
      hasData = false;
      return;
    }
    if (l.startsWith(':')) return; // a comment
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk) {
      buffer += chunk;
      if (!started && buffer.length > 0) {
        started = true;
        if (buffer.startsWith('\uFEFF')) buffer = buffer.slice(1);
      }
      for (;;) {
        const i = buffer.search(/[\r\n]/);
        if (i < 0) return;
        // A CR at the end of what arrived may be the first half of a CRLF: wait for more.
        if (buffer[i] === '\r' && i === buffer.length - 1) return;
        const end = buffer[i] === '\r' && buffer[i + 1] === '\n' ? i + 2 : i + 1;
        const l = buffer.slice(0, i);
        buffer = buffer.slice(end);
        line(l);
      }
    },
    /** The stream ended: a lone trailing CR still ends its line; an unterminated event is dropped (as the spec says). */
    end() {
      if (buffer.endsWith('\r')) line(buffer.slice(0, -1));
      buffer = '';
    },
    get retry() {
      return retry;
    },
  };
}

/** `Name: value` lines -> `{value: {name: value}}` or `{error}`; blank lines are skipped, repeats joined with ", ". */
export function parseHeaderLines(text) {
  const value = {};
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    if (l === '') continue;
    const colon = l.indexOf(':');
    const name = colon < 0 ? '' : l.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { error: `header line ${n + 1} is not "Name: value": ${l}` };
    const v = l.slice(colon + 1).trim();
    const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    value[key] = key in value ? `${value[key]}, ${v}` : v;
  }
  return { value };
}

/** `name=value` lines -> `{value: {name: value}}` or `{error}`. */
export function parseCookieLines(text) {
  const value = {};
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    if (l === '') continue;
    const eq = l.indexOf('=');
    const name = eq < 0 ? '' : l.slice(0, eq).trim();
    if (name === '' || /[\s;,=]/.test(name)) return { error: `cookie line ${n + 1} is not "name=value": ${l}` };
    value[name] = l.slice(eq + 1).trim();
  }
  return { value };
}

/** The URL if it is an absolute http: or https: URL, else undefined (no javascript:, data:, relative...). */
export function safeHttpUrl(s) {
  if (typeof s !== 'string') return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A hit ratio (0-1) as a percentage; never shows 100% unless every request hit. */
export function formatPercent(ratio) {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '–';
  const pct = Math.round(ratio * 100);
  return `${ratio < 1 ? Math.min(pct, 99) : pct}%`;
}

export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function formatCount(n) {
  return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en-US') : '–';
}

/** "4s ago", "3m ago", "2h ago"; an unparsable time as given. */
export function relativeTime(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso ?? '–');
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** The claims of a JWT, unverified (display only: the control plane checks the token). */
export function decodeJwtClaims(token) {
  const part = String(token).split('.')[1];
  if (part === undefined) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
    return typeof claims === 'object' && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** A real-time log event's `fields`/`values` as one record (CloudFront field names). */
export function logRecord(fields, values) {
  const r = {};
  if (!Array.isArray(fields) || !Array.isArray(values)) return r;
  fields.forEach((f, i) => {
    if (typeof f === 'string') r[f] = values[i] === undefined || values[i] === null ? '' : String(values[i]);
  });
  return r;
}

/** A real-time log `timestamp` (epoch seconds with milliseconds) as local HH:MM:SS.mmm. */
export function formatLogTime(ts) {
  const n = Number(ts);
  if (ts === undefined || ts === '' || !Number.isFinite(n)) return ts === undefined ? '' : String(ts);
  const d = new Date(n * 1000);
  const p = (x, w = 2) => String(x).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Equirectangular: x = (lon + 180) * k, y = (90 - lat) * k (as scripts/build-world-map.ts). */
export function project(lon, lat, k) {
  return { x: (lon + 180) * k, y: (90 - lat) * k };
}

/** Hex of n random bytes (crypto.getRandomValues also works outside secure contexts). */
export function randomHex(n = 8) {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------
// DOM helpers. Attributes go through one checked setter: no event handlers, no style, no
// URLs except http(s) and in-page ones.

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

function setAttr(node, name, value) {
  if (value === undefined || value === null || value === false) return;
  const n = name.toLowerCase();
  if (n.startsWith('on') || n === 'style' || n === 'srcdoc') throw new Error(`refusing to set the attribute ${name}`);
  let v = value === true ? '' : String(value);
  if (URL_ATTRIBUTES.has(n)) {
    const safe = v.startsWith('#') ? v : safeHttpUrl(v);
    if (safe === undefined) throw new Error(`refusing a non-http(s) URL in ${name}`);
    v = safe;
  }
  node.setAttribute(name, v);
}

/** `el('td', {class: 'num', text: value})`; children: nodes or strings (as text nodes). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v === undefined || v === null ? '' : String(v);
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = String(dv);
    else setAttr(node, k === 'className' ? 'class' : k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svgEl(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = String(v);
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = String(dv);
    else setAttr(node, k, v);
  }
  for (const c of children.flat(Infinity)) if (c) node.append(c);
  return node;
}

const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
};

function badge(text, kind, testid) {
  return el('span', { class: `badge ${kind}`, text, 'data-testid': testid });
}

const STATUS_KIND = { Deployed: 'ok', Completed: 'ok', InProgress: 'warn', live: 'ok', down: 'bad', pass: 'ok', stop: 'bad', skip: 'muted' };

/** Shows an error (an ApiError's code, message and issues, verbatim) in `box`, or hides it. */
function showError(box, err) {
  box.replaceChildren();
  box.hidden = err === undefined || err === null;
  if (box.hidden) return;
  if (err instanceof ApiError) {
    box.append(el('strong', { text: err.code ? `${err.code}: ` : `HTTP ${err.status}: ` }), err.message);
    if (err.issues.length > 0) {
      box.append(el('ul', {}, err.issues.map((i) => el('li', {}, el('code', { text: i.path ?? '' }), ` ${i.message ?? ''}`))));
    }
  } else box.append(String(err instanceof Error ? err.message : err));
}

/** A key/value table of an object; nested objects appear as indented JSON text. */
function kvTable(obj, testid) {
  const rows = Object.entries(obj ?? {}).map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', {}, valueNode(v))));
  return el('table', { class: 'kv', 'data-testid': testid }, el('tbody', {}, rows));
}

function valueNode(v) {
  if (v === null || v === undefined) return el('span', { class: 'muted', text: String(v) });
  if (typeof v === 'object') return el('pre', { class: 'json', text: JSON.stringify(v, null, 2) });
  if (typeof v === 'boolean') return el('span', { class: v ? 'yes' : 'no', text: String(v) });
  return String(v);
}

// ---------------------------------------------------------------------------------------
// Session and API.

const TOKEN_KEY = 'cachefront.dashboard.token';
/** The API root: the dashboard is served at `<root>/dashboard/`. */
const API_ROOT = typeof location === 'undefined' ? '' : new URL('../', location.href).href;

const session = { token: '', gen: 0, scopes: new Set() };

export class ApiError extends Error {
  constructor(status, code, message, issues = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = Array.isArray(issues) ? issues : [];
  }
}

async function errorFrom(res) {
  const text = await res.text().catch(() => '');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const e = body && typeof body === 'object' ? body.error : undefined;
  if (e && typeof e === 'object') return new ApiError(res.status, String(e.code ?? ''), String(e.message ?? ''), e.issues);
  return new ApiError(res.status, '', text.trim().slice(0, 500) || res.statusText || 'request failed');
}

/**
 * The token is no good for this dashboard (a 401, or a 403 on a read): back to the sign-in
 * form with the API's message. A 403 on a change (a read-only token creating an
 * invalidation) is shown where the change was asked for instead, so a read token can still
 * look around.
 */
function authFailed(err, gen) {
  if (gen === session.gen && session.token) signOut(`${err.code || `HTTP ${err.status}`}: ${err.message}`);
}

async function api(method, path, body) {
  const gen = session.gen;
  if (!session.token) throw new ApiError(0, 'NotSignedIn', 'not signed in');
  const headers = { authorization: `Bearer ${session.token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(new URL(path.replace(/^\//, ''), API_ROOT), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', `cannot reach the control plane: ${err.message}`);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 || (res.status === 403 && (method === 'GET' || method === 'HEAD'))) authFailed(err, gen);
    throw err;
  }
  if (gen !== session.gen) throw new ApiError(0, 'SignedOut', 'signed out');
  const text = await res.text();
  return text === '' ? undefined : JSON.parse(text);
}

/** Runs `fn` every `ms` while started, one run at a time, skipping runs while the tab is hidden. */
function poller(fn, ms) {
  let timer;
  let active = false;
  const tick = async () => {
    timer = undefined;
    if (!active) return;
    if (!document.hidden) {
      try {
        await fn();
      } catch {
        // fn shows its own errors
      }
    }
    if (active) timer = setTimeout(tick, ms);
  };
  return {
    start() {
      if (active) return;
      active = true;
      void tick();
    },
    stop() {
      active = false;
      clearTimeout(timer);
    },
    /** Runs now (restarting the period) if started. */
    now() {
      if (!active || timer === undefined) return;
      clearTimeout(timer);
      void tick();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Views. Each has enter() and leave(); `reset()` forgets its data at sign-out.

const views = {};
let current = '';

function showView(name) {
  const next = views[name] ? name : 'distributions';
  if (current && current !== next) views[current].leave();
  for (const section of document.querySelectorAll('section.view')) section.hidden = section.dataset.view !== next;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === next) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current !== next || !views[next].entered) {
    current = next;
    views[next].entered = true;
    views[next].enter();
  }
}

/** The distributions list, shared by the views that pick a distribution. */
const shared = { distributions: [], edges: [] };

async function loadDistributionList() {
  const list = await api('GET', '/v1/distributions');
  shared.distributions = Array.isArray(list?.items) ? list.items : [];
  return shared.distributions;
}

async function loadEdgeList() {
  const list = await api('GET', '/v1/edges');
  shared.edges = Array.isArray(list?.items) ? list.items : [];
  return shared.edges;
}

function distributionLabel(d) {
  const name = d.comment || (Array.isArray(d.aliases) && d.aliases[0]) || d.domainName || '';
  return name ? `${d.id} · ${name}` : String(d.id);
}

/** Refills a <select> of distributions, keeping the selection when it still exists. */
function fillDistributionSelect(select, items, firstOption) {
  const keep = select.value;
  const options = items.map((d) => el('option', { value: d.id, text: distributionLabel(d) }));
  select.replaceChildren(...(firstOption ? [firstOption] : []), ...options);
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

function markLoaded(name) {
  $(`view-${name}`).dataset.loaded = 'true';
}

// ---- Distributions --------------------------------------------------------------------

function distributionsView() {
  const cards = new Map(); // id -> {json, node}
  const refresh = async () => {
    try {
      const items = await loadDistributionList();
      const details = await Promise.all(items.map((d) => api('GET', `/v1/distributions/${encodeURIComponent(d.id)}`).catch((err) => ({ failed: err, summary: d }))));
      render(items, details);
      showError($('dist-error'), undefined);
      $('dist-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
      markLoaded('distributions');
    } catch (err) {
      showError($('dist-error'), err);
    }
  };
  const timer = poller(refresh, 2000);

  function render(items, details) {
    const list = $('dist-list');
    const seen = new Set();
    const nodes = details.map((d, i) => {
      const id = items[i].id;
      seen.add(id);
      const json = JSON.stringify(d.failed ? { failed: d.failed.message, s: d.summary } : d);
      const old = cards.get(id);
      if (old && old.json === json) return old.node;
      const node = d.failed ? failedCard(d.summary, d.failed) : distributionCard(d);
      cards.set(id, { json, node });
      return node;
    });
    for (const id of cards.keys()) if (!seen.has(id)) cards.delete(id);
    // Re-append in order only when something changed, so a steady list is left alone.
    if (nodes.length !== list.children.length || nodes.some((n, i) => list.children[i] !== n)) list.replaceChildren(...nodes);
    $('dist-empty').hidden = items.length > 0;
    const deployed = items.filter((d) => d.status === 'Deployed').length;
    $('dist-summary').textContent = items.length === 0 ? '' : `${items.length} total · ${deployed} Deployed · ${items.length - deployed} InProgress`;
  }

  function failedCard(summary, err) {
    const box = el('div', { class: 'error' });
    showError(box, err);
    return el('article', { class: 'card', 'data-testid': 'distribution', dataset: { id: summary.id } }, el('header', { class: 'card-head' }, el('h3', { class: 'mono', text: summary.id })), box);
  }

  function distributionCard(d) {
    const cfg = d.distributionConfig ?? {};
    const aliases = Array.isArray(cfg.aliases) ? cfg.aliases : [];
    const head = el(
      'header',
      { class: 'card-head' },
      el('h3', { class: 'mono', text: d.id, 'data-testid': 'distribution-id' }),
      badge(d.status, STATUS_KIND[d.status] ?? 'muted', 'distribution-status'),
      cfg.enabled === false ? badge('Disabled', 'muted', 'distribution-enabled') : null,
      el('span', { class: 'comment', text: cfg.comment ?? '', 'data-testid': 'distribution-comment' }),
      el('span', { class: 'right muted', text: d.lastModifiedTime ? `modified ${relativeTime(d.lastModifiedTime)}` : '', title: d.lastModifiedTime ?? '' }),
    );
    const meta = el(
      'dl',
      { class: 'meta' },
      el('dt', { text: 'Domain' }),
      el('dd', { class: 'mono', text: d.domainName, 'data-testid': 'distribution-domain' }),
      el('dt', { text: 'Aliases' }),
      el('dd', { 'data-testid': 'distribution-aliases' }, aliases.length === 0 ? el('span', { class: 'muted', text: 'none' }) : aliases.map((a) => el('span', { class: 'chip mono', text: a }))),
      el('dt', { text: 'Price class' }),
      el('dd', { text: cfg.priceClass ?? '–' }),
      cfg.defaultRootObject ? [el('dt', { text: 'Root object' }), el('dd', { class: 'mono', text: cfg.defaultRootObject })] : null,
    );
    return el('article', { class: 'card', 'data-testid': 'distribution', dataset: { id: d.id, status: d.status } }, head, meta, originsTable(cfg), behaviorsTable(cfg));
  }

  function originsTable(cfg) {
    const origins = Array.isArray(cfg.origins) ? cfg.origins : [];
    const groups = Array.isArray(cfg.originGroups) ? cfg.originGroups : [];
    const rows = origins.map((o) => {
      const c = o.customOriginConfig ?? {};
      const proto = c.originProtocolPolicy ?? '';
      const port = proto === 'https-only' ? c.httpsPort : c.httpPort;
      const headers = Object.keys(o.customHeaders ?? {});
      return el(
        'tr',
        {},
        el('td', { class: 'mono', text: o.id }),
        el('td', { class: 'mono', text: `${o.domainName}${port ? `:${port}` : ''}${o.originPath ?? ''}` }),
        el('td', { text: proto }),
        el('td', { class: 'muted', text: headers.length ? `custom headers: ${headers.join(', ')}` : '' }),
      );
    });
    const groupRows = groups.map((g) =>
      el(
        'tr',
        {},
        el('td', { class: 'mono', text: g.id }),
        el('td', { class: 'mono', text: (g.members ?? []).map((m) => m.originId).join(' → ') }),
        el('td', { text: 'origin group' }),
        el('td', { class: 'muted', text: `failover on ${(g.failoverCriteria?.statusCodes ?? []).join(', ')}` }),
      ),
    );
    return el(
      'table',
      { class: 'grid compact', 'data-testid': 'distribution-origins' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Origin' }), el('th', { text: 'Address' }), el('th', { text: 'Protocol' }), el('th', { text: '' }))),
      el('tbody', {}, rows, groupRows),
    );
  }

  function behaviorsTable(cfg) {
    const all = [...(Array.isArray(cfg.cacheBehaviors) ? cfg.cacheBehaviors : []), ...(cfg.defaultCacheBehavior ? [{ ...cfg.defaultCacheBehavior, isDefault: true }] : [])];
    const rows = all.map((b) => {
      const fns = Array.isArray(b.functionAssociations) ? b.functionAssociations : [];
      const keyGroups = Array.isArray(b.trustedKeyGroups) ? b.trustedKeyGroups : [];
      return el(
        'tr',
        { 'data-testid': 'behavior', dataset: { pathPattern: b.isDefault ? '*' : (b.pathPattern ?? '') } },
        el('td', { class: 'mono' }, b.isDefault ? [el('span', { text: '* ' }), el('span', { class: 'chip', text: 'default' })] : b.pathPattern, keyGroups.length ? el('span', { class: 'chip warn', text: 'signed', title: `trusted key groups: ${keyGroups.join(', ')}` }) : null, b.realtimeLogConfigName ? el('span', { class: 'chip info', text: 'logs', title: `real-time log config: ${b.realtimeLogConfigName}` }) : null),
        el('td', { class: 'mono', text: b.targetOriginId }),
        el('td', { class: 'mono', text: b.cachePolicyId ?? '' }),
        el('td', { class: 'mono', text: b.originRequestPolicyId ?? '–' }),
        el('td', {}, fns.length === 0 ? el('span', { class: 'muted', text: '–' }) : fns.map((f) => el('div', { class: 'mono', text: `${f.eventType}: ${f.functionName ?? f.functionARN ?? ''}` }))),
        el('td', { text: b.viewerProtocolPolicy ?? '' }),
        el('td', { class: 'muted methods', text: Array.isArray(b.allowedMethods) ? b.allowedMethods.join(', ') : '' }),
      );
    });
    return el(
      'table',
      { class: 'grid compact behaviors', 'data-testid': 'distribution-behaviors' },
      el(
        'thead',
        {},
        el('tr', {}, ['Path pattern', 'Origin', 'Cache policy', 'Origin request policy', 'Functions', 'Viewer protocol', 'Methods'].map((h) => el('th', { text: h }))),
      ),
      el('tbody', {}, rows),
    );
  }

  return {
    enter: () => timer.start(),
    leave: () => timer.stop(),
    reset() {
      timer.stop();
      cards.clear();
      $('dist-list').replaceChildren();
      $('dist-summary').textContent = '';
    },
  };
}

// ---- Edges ----------------------------------------------------------------------------

function edgesView() {
  let map; // {k, markers: SVGGElement}
  let mapLoading;

  async function loadMap() {
    const svg = $('edge-map');
    const res = await fetch(new URL('world.json', location.href), { cache: 'no-cache' });
    if (!res.ok) throw new Error(`world.json: HTTP ${res.status}`);
    const world = await res.json();
    const [minX = 0, minY = 0, width = 360] = String(world.viewBox).split(/\s+/).map(Number);
    const k = width / 360;
    // Shown from 84°N to 58°S: no POP is further north or south, and Antarctica would be
    // a fifth of the picture.
    svg.setAttribute('viewBox', `${minX} ${minY + 6 * k} ${width} ${142 * k}`);
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    const grid = svgEl('g', { class: 'graticule' });
    for (let lon = -150; lon <= 150; lon += 30) grid.append(svgEl('line', { x1: (lon + 180) * k, x2: (lon + 180) * k, y1: 0, y2: 180 * k }));
    for (let lat = -60; lat <= 60; lat += 30) grid.append(svgEl('line', { x1: 0, x2: 360 * k, y1: (90 - lat) * k, y2: (90 - lat) * k }));
    const markers = svgEl('g', { class: 'markers', 'data-testid': 'edge-markers' });
    svg.replaceChildren(svgEl('rect', { class: 'ocean', x: minX, y: minY, width, height: 180 * k }), grid, svgEl('path', { class: 'land', d: String(world.land), 'fill-rule': 'evenodd' }), markers);
    map = { k, markers };
  }

  const hasCoordinates = (e) => typeof e.latitude === 'number' && typeof e.longitude === 'number' && Number.isFinite(e.latitude) && Number.isFinite(e.longitude);

  function renderMarkers(edges) {
    if (!map) return;
    const { k, markers } = map;
    const taken = new Map(); // "x,y" -> labels already there, to stack labels of co-located edges
    const groups = edges.filter(hasCoordinates).map((e) => {
      const { x, y } = project(e.longitude, e.latitude, k);
      const key = `${Math.round(x)},${Math.round(y)}`;
      const n = taken.get(key) ?? 0;
      taken.set(key, n + 1);
      const ratio = e.stats && typeof e.stats === 'object' ? e.stats.hitRatio : undefined;
      const label = `${e.pop} ${formatPercent(ratio)}`;
      const status = e.status === 'live' ? 'live' : 'down';
      const tip = `${e.pop} (${e.id}) ${status}${e.pricingRegion ? ` · ${e.pricingRegion}` : ''} · hit ratio ${formatPercent(ratio)} · ${formatCount(e.stats?.requests)} requests in 5 min`;
      return svgEl(
        'g',
        { class: `marker ${status}`, 'data-testid': 'edge-marker', dataset: { edgeId: e.id, pop: e.pop, status } },
        svgEl('title', { text: tip }),
        svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 5.5 }),
        // Labels right of the dot, or left of it near the map's east edge.
        x > 300 * k
          ? svgEl('text', { x: (x - 8.5).toFixed(1), y: (y + 4.5 + n * 15).toFixed(1), 'text-anchor': 'end', text: label, 'data-testid': 'edge-marker-label' })
          : svgEl('text', { x: (x + 8.5).toFixed(1), y: (y + 4.5 + n * 15).toFixed(1), text: label, 'data-testid': 'edge-marker-label' }),
      );
    });
    markers.replaceChildren(...groups);
  }

  function renderTable(edges) {
    const rows = edges.map((e) => {
      const s = e.stats && typeof e.stats === 'object' ? e.stats : {};
      const status = e.status === 'live' ? 'live' : 'down';
      const where = hasCoordinates(e) ? `${e.latitude.toFixed(2)}, ${e.longitude.toFixed(2)}` : 'no coordinates';
      return el(
        'tr',
        { 'data-testid': 'edge-row', dataset: { edgeId: e.id, pop: e.pop, status } },
        el('td', {}, el('div', { class: 'mono strong', text: e.pop }), el('div', { class: 'muted small mono edge-id', text: e.id, title: `${e.pricingRegion ?? ''} ${where}`.trim() })),
        el('td', {}, badge(String(e.status), STATUS_KIND[status], 'edge-status'), el('div', { class: 'muted small', text: e.lastSeen ? `seen ${relativeTime(e.lastSeen)}` : '', title: e.lastSeen ?? '' })),
        el('td', { class: 'num', text: formatPercent(s.hitRatio), 'data-testid': 'edge-hit-ratio' }),
        el('td', { class: 'num', text: formatCount(s.requests), title: `hits ${formatCount(s.hits)} · misses ${formatCount(s.misses)}` }),
        el('td', { class: 'num', text: formatCount(s.errors) }),
        el('td', { class: 'num', text: formatBytes(s.bytesOut) }),
        el('td', { class: 'num mono', text: e.appliedSeq ?? '–' }),
      );
    });
    $('edge-rows').replaceChildren(...rows);
    $('edge-empty').hidden = edges.length > 0;
  }

  function renderSummary(edges) {
    const live = edges.filter((e) => e.status === 'live').length;
    let requests = 0;
    let hits = 0;
    let bytes = 0;
    let withStats = false;
    for (const e of edges) {
      if (!e.stats || typeof e.stats !== 'object') continue;
      withStats = true;
      requests += Number(e.stats.requests) || 0;
      hits += Number(e.stats.hits) || 0;
      bytes += Number(e.stats.bytesOut) || 0;
    }
    const parts = [`${live} live`, `${edges.length - live} down`];
    if (withStats) parts.push(`${formatCount(requests)} requests in 5 min`, `hit ratio ${requests ? formatPercent(hits / requests) : '–'}`, `${formatBytes(bytes)} out`);
    $('edge-summary').textContent = parts.join(' · ');
  }

  const refresh = async () => {
    try {
      const edges = await loadEdgeList();
      edges.sort((a, b) => String(a.pop).localeCompare(String(b.pop)) || String(a.id).localeCompare(String(b.id)));
      mapLoading ??= loadMap().catch((err) => {
        mapLoading = undefined;
        throw err;
      });
      try {
        await mapLoading;
      } catch (err) {
        showError($('edge-error'), `The world map did not load: ${err.message}`);
      }
      renderMarkers(edges);
      renderTable(edges);
      renderSummary(edges);
      if (map) showError($('edge-error'), undefined);
      $('edge-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
      markLoaded('edges');
    } catch (err) {
      showError($('edge-error'), err);
    }
  };
  const timer = poller(refresh, 2000);
  return {
    enter: () => timer.start(),
    leave: () => timer.stop(),
    reset() {
      timer.stop();
      $('edge-rows').replaceChildren();
      map?.markers.replaceChildren();
    },
  };
}

// ---- Invalidations --------------------------------------------------------------------

function invalidationsView() {
  let selected = ''; // invalidation id shown in the detail panel
  const details = new Map(); // invalidation id -> last GET body (InProgress ones are polled)

  const distId = () => $('inv-dist').value;
  const path = (id, iid) => `/v1/distributions/${encodeURIComponent(id)}/invalidations${iid ? `/${encodeURIComponent(iid)}` : ''}`;

  function progressNode(inv) {
    const p = inv?.progress;
    if (!p || typeof p !== 'object' || typeof p.total !== 'number') return el('span', { class: 'muted', text: inv?.status === 'Completed' ? 'done' : '–' });
    const acked = Number(p.acked) || 0;
    return el(
      'span',
      { class: 'progress', 'data-testid': 'invalidation-progress' },
      el('progress', { max: Math.max(p.total, 1), value: p.total === 0 ? 1 : acked }),
      el('span', { class: 'small', text: `${acked}/${p.total} edges` }),
    );
  }

  function renderList(items) {
    const rows = items.map((i) => {
      const d = details.get(i.id);
      const status = d?.status ?? i.status;
      const select = el('button', { type: 'button', class: 'link mono', text: i.id, 'data-testid': 'invalidation-open' });
      select.addEventListener('click', () => {
        selected = i.id;
        void showDetail();
      });
      return el(
        'tr',
        { 'data-testid': 'invalidation-row', dataset: { id: i.id, status }, class: i.id === selected ? 'selected' : '' },
        el('td', {}, select),
        el('td', {}, badge(status, STATUS_KIND[status] ?? 'muted', 'invalidation-status')),
        el('td', { class: 'muted', text: i.createTime ? new Date(i.createTime).toLocaleString() : '', title: i.createTime ?? '' }),
        el('td', {}, progressNode(d ?? i)),
      );
    });
    $('inv-rows').replaceChildren(...rows);
    $('inv-empty').hidden = items.length > 0;
  }

  async function showDetail() {
    const box = $('inv-detail');
    const id = distId();
    if (!selected || !id) {
      box.hidden = true;
      return;
    }
    let inv = details.get(selected);
    if (!inv) {
      try {
        inv = await api('GET', path(id, selected));
        details.set(selected, inv);
      } catch (err) {
        box.hidden = false;
        box.replaceChildren(el('div', { class: 'error' }));
        showError(box.firstChild, err);
        return;
      }
    }
    const paths = Array.isArray(inv.invalidationBatch?.paths) ? inv.invalidationBatch.paths : [];
    // Fields beyond the documented ones are shown too, as they come.
    const extra = Object.fromEntries(Object.entries(inv).filter(([k]) => !['id', 'status', 'createTime', 'invalidationBatch', 'progress'].includes(k)));
    box.hidden = false;
    box.replaceChildren(
      el('div', { class: 'card-head' }, el('h3', { class: 'mono', text: inv.id }), badge(inv.status, STATUS_KIND[inv.status] ?? 'muted', 'invalidation-detail-status'), progressNode(inv)),
      kvTable({ created: inv.createTime, callerReference: inv.invalidationBatch?.callerReference, ...extra }),
      el('h4', { text: `Paths (${paths.length})` }),
      el('ul', { class: 'paths mono' }, paths.map((p) => el('li', { text: p }))),
    );
  }

  const refresh = async () => {
    const id = distId();
    if (!id) return;
    try {
      const list = await api('GET', path(id));
      const items = Array.isArray(list?.items) ? list.items : [];
      // Poll the ones still in progress (a few at a time) for their status and progress; a
      // Completed one is fetched once more when it completes, then left alone.
      const open = items.filter((i) => i.status === 'InProgress' || (details.has(i.id) && details.get(i.id).status !== 'Completed')).slice(0, 10);
      await Promise.all(open.map(async (i) => details.set(i.id, await api('GET', path(id, i.id)))));
      if (id !== distId()) return;
      renderList(items);
      showError($('inv-error'), undefined);
      if (selected) await showDetail();
      markLoaded('invalidations');
    } catch (err) {
      showError($('inv-error'), err);
    }
  };
  const timer = poller(refresh, 1000);

  $('inv-dist').addEventListener('change', () => {
    selected = '';
    $('inv-detail').hidden = true;
    $('inv-rows').replaceChildren();
    timer.now();
  });

  $('inv-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = $('inv-form');
    const errBox = $('inv-form-error');
    const id = distId();
    const paths = $('inv-paths')
      .value.split(/\r?\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (!id) return showError(errBox, 'Pick a distribution first.');
    if (paths.length === 0) return showError(errBox, 'Enter at least one path, one per line, e.g. /index.html or /images/*.');
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const inv = await api('POST', path(id), { callerReference: `dashboard-${Date.now()}-${randomHex(6)}`, paths });
      showError(errBox, undefined);
      $('inv-paths').value = '';
      details.set(inv.id, inv);
      selected = inv.id;
      timer.now();
    } catch (err) {
      showError(errBox, err);
    } finally {
      button.disabled = false;
    }
  });

  return {
    async enter() {
      $('inv-readonly').hidden = session.scopes.size === 0 || session.scopes.has('write');
      try {
        fillDistributionSelect($('inv-dist'), await loadDistributionList());
        if (!distId() && shared.distributions[0]) $('inv-dist').value = shared.distributions[0].id;
      } catch (err) {
        showError($('inv-error'), err);
      }
      timer.start();
    },
    leave: () => timer.stop(),
    reset() {
      timer.stop();
      selected = '';
      details.clear();
      $('inv-rows').replaceChildren();
      $('inv-dist').replaceChildren();
      $('inv-detail').hidden = true;
    },
  };
}

// ---- Live tail ------------------------------------------------------------------------

function tailView() {
  const MAX_LINES = 200;
  const rows = []; // newest first: {tr, details?}
  let pending = []; // events received while paused, newest last
  let paused = false;
  let stream; // {stop()}

  function setStatus(state, text) {
    const s = $('tail-status');
    s.dataset.state = state;
    s.textContent = text;
  }

  function renderLine(ev) {
    const r = logRecord(ev.fields, ev.values);
    const status = r['sc-status'] ?? '';
    const result = r['x-edge-result-type'] ?? '';
    const all = Array.isArray(ev.fields) ? ev.fields.map((f) => `${f}: ${r[f]}`).join('\n') : '';
    const tr = el(
      'tr',
      { 'data-testid': 'tail-row', class: 'clickable', title: all, dataset: { distributionId: ev.distributionId ?? '', status } },
      el('td', { class: 'mono', text: formatLogTime(r.timestamp) || new Date().toLocaleTimeString() }),
      el('td', { class: 'mono', text: ev.pop ?? r['x-edge-location'] ?? '' }),
      el('td', { class: 'mono', text: r['c-ip'] ?? '' }),
      el('td', { class: 'mono', text: r['cs-method'] ?? '' }),
      el('td', { class: 'mono path', text: r['cs-uri-stem'] ?? '', 'data-testid': 'tail-path' }),
      el('td', { class: `num mono status-${String(status).charAt(0)}xx`, text: status }),
      el('td', {}, result ? el('span', { class: `result result-${/hit/i.test(result) ? 'hit' : /error/i.test(result) ? 'error' : 'other'}`, text: result }) : ''),
      el('td', { class: 'num mono', text: r['time-taken'] ?? '' }),
      el('td', { class: 'mono muted', text: ev.distributionId ?? '' }),
    );
    const line = { tr, ev, record: r };
    tr.addEventListener('click', () => toggleDetails(line));
    return line;
  }

  function toggleDetails(line) {
    if (line.details) {
      line.details.remove();
      line.details = undefined;
      return;
    }
    const fields = Array.isArray(line.ev.fields) ? line.ev.fields : [];
    const meta = { edgeId: line.ev.edgeId, configName: line.ev.configName };
    line.details = el(
      'tr',
      { class: 'details', 'data-testid': 'tail-details' },
      el(
        'td',
        { colspan: 9 },
        el('dl', { class: 'fields' }, [...Object.entries(meta), ...fields.map((f) => [f, line.record[f]])].map(([k, v]) => [el('dt', { text: k }), el('dd', { class: 'mono', text: v ?? '' })])),
      ),
    );
    line.tr.after(line.details);
  }

  function add(events) {
    const body = $('tail-rows');
    const fresh = events.slice(-MAX_LINES).map(renderLine);
    // Newest first.
    const frag = document.createDocumentFragment();
    for (let i = fresh.length - 1; i >= 0; i--) frag.append(fresh[i].tr);
    body.prepend(frag);
    rows.unshift(...fresh.reverse());
    while (rows.length > MAX_LINES) {
      const old = rows.pop();
      old.tr.remove();
      old.details?.remove();
    }
    $('tail-empty').hidden = rows.length > 0;
  }

  function onLog(ev) {
    if (paused) {
      pending.push(ev);
      if (pending.length > MAX_LINES) pending = pending.slice(-MAX_LINES);
      $('tail-pause').textContent = `Resume (${pending.length} new)`;
    } else add([ev]);
  }

  /** fetch() + a reader (EventSource cannot send the bearer header), reconnecting with backoff. */
  function connect(distributionId) {
    const gen = session.gen;
    let active = true;
    let ctrl;
    let wake;
    const url = new URL('v1/realtime-logs/stream', API_ROOT);
    if (distributionId) url.searchParams.set('distributionId', distributionId);

    const run = async () => {
      let attempt = 0;
      while (active && gen === session.gen) {
        ctrl = new AbortController();
        setStatus('connecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
        let retryHint;
        try {
          const res = await fetch(url, { headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store', credentials: 'omit' });
          if (!res.ok) {
            const err = await errorFrom(res);
            if (res.status === 401 || res.status === 403) return authFailed(err, gen);
            throw err;
          }
          if (!res.body) throw new Error('the stream has no body');
          setStatus('connected', 'connected');
          showError($('tail-error'), undefined);
          const parser = createSseParser((e) => {
            attempt = 0;
            if (e.event === 'log') {
              try {
                onLog(JSON.parse(e.data));
              } catch {
                // a line that is not JSON is skipped
              }
            } else if (e.event === 'ping') setStatus('connected', `connected · ${new Date().toLocaleTimeString()}`);
          });
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.push(decoder.decode(value, { stream: true }));
          }
          parser.push(decoder.decode());
          parser.end();
          retryHint = parser.retry;
        } catch (err) {
          if (!active || gen !== session.gen) return;
          showError($('tail-error'), err);
        }
        if (!active || gen !== session.gen) return;
        const delay = Math.min(15_000, (retryHint ?? 500) * 2 ** Math.min(attempt, 5)) * (0.8 + Math.random() * 0.4);
        attempt++;
        setStatus('waiting', `disconnected · retrying in ${Math.ceil(delay / 1000)}s`);
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay);
        });
      }
    };
    void run();
    return {
      stop() {
        active = false;
        ctrl?.abort();
        wake?.();
        setStatus('idle', 'stopped');
      },
    };
  }

  function restart() {
    stream?.stop();
    stream = connect($('tail-dist').value);
  }

  $('tail-dist').addEventListener('change', () => {
    clear();
    restart();
  });
  $('tail-pause').addEventListener('click', () => {
    paused = !paused;
    $('tail-pause').textContent = paused ? 'Resume' : 'Pause';
    $('tail-pause').setAttribute('aria-pressed', String(paused));
    if (!paused && pending.length > 0) {
      add(pending);
      pending = [];
    }
  });
  function clear() {
    for (const r of rows) {
      r.tr.remove();
      r.details?.remove();
    }
    rows.length = 0;
    pending = [];
    if (paused) $('tail-pause').textContent = 'Resume';
    $('tail-empty').hidden = false;
  }
  $('tail-clear').addEventListener('click', clear);

  return {
    async enter() {
      try {
        fillDistributionSelect($('tail-dist'), await loadDistributionList(), el('option', { value: '', text: 'All distributions' }));
      } catch (err) {
        showError($('tail-error'), err);
      }
      // The tail keeps running when another view is shown, so lines keep arriving.
      if (!stream) restart();
      markLoaded('tail');
    },
    leave() {},
    reset() {
      stream?.stop();
      stream = undefined;
      clear();
      paused = false;
      $('tail-pause').textContent = 'Pause';
      setStatus('idle', 'idle');
    },
  };
}

// ---- Explain --------------------------------------------------------------------------

function explainView() {
  const KNOWN = ['request', 'edge', 'verdict', 'steps', 'distribution', 'behavior', 'viewerLocation', 'cacheKey', 'ttl', 'originRequest', 'functions', 'cache'];

  function section(title, testid, ...content) {
    return el('section', { class: 'panel explain-section', 'data-testid': testid }, el('h3', { text: title }), ...content);
  }

  function statusClass(status) {
    const n = Number(status);
    return !(n > 0) ? 'info' : n >= 500 ? 'bad' : n >= 400 ? 'warn' : n >= 300 ? 'info' : 'ok';
  }

  function render(x) {
    const out = [];
    const v = x && typeof x.verdict === 'object' && x.verdict ? x.verdict : {};
    out.push(
      el(
        'div',
        { class: `verdict ${statusClass(v.status)}`, 'data-testid': 'explain-verdict' },
        // A miss has no status yet (0): the origin's answer decides it.
        el('div', { class: 'verdict-status', text: Number(v.status) > 0 ? v.status : 'Origin', title: Number(v.status) > 0 ? '' : 'the status is the origin’s', 'data-testid': 'explain-status', dataset: { status: v.status ?? '' } }),
        el('div', {}, el('div', { class: 'verdict-xcache mono', text: v.xCache ?? '', 'data-testid': 'explain-xcache' }), el('div', { class: 'verdict-summary', text: v.summary ?? '', 'data-testid': 'explain-summary' })),
      ),
    );
    const where = [];
    if (x.request) where.push(section('Request', 'explain-request', kvTable(x.request)));
    if (x.edge) where.push(section('Edge', 'explain-edge', kvTable(x.edge)));
    if (x.distribution) where.push(section('Distribution', 'explain-distribution', kvTable(x.distribution)));
    if (x.behavior) where.push(section('Matched behavior', 'explain-behavior', kvTable(x.behavior)));
    if (x.viewerLocation) where.push(section('Viewer location', 'explain-viewer-location', kvTable(x.viewerLocation)));
    if (where.length) out.push(el('div', { class: 'explain-grid' }, where));

    if (Array.isArray(x.steps)) {
      out.push(
        section(
          'Steps',
          'explain-steps-section',
          el(
            'ol',
            { class: 'steps', 'data-testid': 'explain-steps' },
            x.steps.map((s) =>
              el(
                'li',
                { 'data-testid': 'explain-step', dataset: { outcome: s?.outcome ?? '' } },
                badge(String(s?.outcome ?? ''), STATUS_KIND[s?.outcome] ?? 'muted', 'explain-step-outcome'),
                el('span', { class: 'step-name', text: s?.name ?? '' }),
                el('span', { class: 'step-detail', text: s?.detail ?? '' }),
              ),
            ),
          ),
        ),
      );
    }

    const more = [];
    if (x.cacheKey !== undefined) more.push(section('Cache key', 'explain-cache-key', el('pre', { class: 'json', text: typeof x.cacheKey === 'string' ? x.cacheKey : JSON.stringify(x.cacheKey, null, 2) })));
    if (x.cache) {
      const { workers, ...c } = x.cache;
      const w = workers && typeof workers === 'object' ? { workers: `${workers.cached ?? '?'} of ${workers.total ?? '?'} cached` } : {};
      more.push(section('Cache', 'explain-cache', kvTable({ ...c, ...w })));
    }
    if (x.ttl) {
      const { stored, ...t } = x.ttl;
      more.push(section('TTL', 'explain-ttl', kvTable(t), stored ? [el('h4', { text: 'Stored object' }), kvTable(stored)] : null));
    }
    if (x.originRequest) {
      const { headers, ...o } = x.originRequest;
      more.push(
        section(
          'Origin request',
          'explain-origin-request',
          kvTable(o),
          headers && typeof headers === 'object'
            ? [
                el('h4', { text: 'Headers sent to the origin' }),
                el(
                  'table',
                  { class: 'grid compact', 'data-testid': 'explain-origin-headers' },
                  el('thead', {}, el('tr', {}, el('th', { text: 'Header' }), el('th', { text: 'Value' }))),
                  el('tbody', {}, Object.entries(headers).map(([k, val]) => el('tr', {}, el('td', { class: 'mono', text: k }), el('td', { class: 'mono', text: typeof val === 'string' ? val : JSON.stringify(val) })))),
                ),
              ]
            : null,
        ),
      );
    }
    if (Array.isArray(x.functions) && x.functions.length > 0) {
      more.push(
        section(
          'Functions',
          'explain-functions',
          el(
            'table',
            { class: 'grid compact' },
            el('thead', {}, el('tr', {}, ['Function', 'Event', 'Outcome', 'Compute', 'Error'].map((h) => el('th', { text: h })))),
            el(
              'tbody',
              {},
              x.functions.map((f) =>
                el(
                  'tr',
                  {},
                  el('td', { class: 'mono', text: f?.name ?? '' }),
                  el('td', { text: f?.eventType ?? '' }),
                  el('td', { text: f?.outcome ?? '' }),
                  el('td', { class: 'num', text: f?.computeUtilization ?? '' }),
                  el('td', { class: 'error-text', text: f?.error ?? '' }),
                ),
              ),
            ),
          ),
        ),
      );
    }
    if (more.length) out.push(el('div', { class: 'explain-grid' }, more));

    const extra = Object.fromEntries(Object.entries(x ?? {}).filter(([k]) => !KNOWN.includes(k)));
    if (Object.keys(extra).length > 0) out.push(section('Other fields', 'explain-extra', el('pre', { class: 'json', text: JSON.stringify(extra, null, 2) })));
    return out;
  }

  $('explain-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const result = $('explain-result');
    const error = (e) => {
      const box = el('div', { class: 'error', role: 'alert', 'data-testid': 'explain-error' });
      showError(box, e);
      result.replaceChildren(box);
    };
    const headers = parseHeaderLines($('explain-headers').value);
    if (headers.error) return error(headers.error);
    const cookies = parseCookieLines($('explain-cookies').value);
    if (cookies.error) return error(cookies.error);
    const viewer = $('explain-viewer').value.trim();
    const pop = $('explain-pop').value;
    const body = { url: $('explain-url').value.trim(), method: $('explain-method').value, headers: headers.value, cookies: cookies.value };
    if (viewer) body.viewerAddress = viewer;
    if (pop) body.pop = pop;
    const button = $('explain-form').querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Explaining…';
    try {
      const x = await api('POST', '/v1/explain', body);
      result.replaceChildren(...render(x && typeof x === 'object' ? x : {}));
    } catch (err) {
      error(err);
    } finally {
      button.disabled = false;
      button.textContent = 'Explain';
    }
  });

  return {
    async enter() {
      try {
        const [edges, dists] = await Promise.all([loadEdgeList(), loadDistributionList()]);
        const pops = [...new Set(edges.map((e) => e.pop))].sort();
        const select = $('explain-pop');
        const keep = select.value;
        select.replaceChildren(
          el('option', { value: '', text: 'Any live edge' }),
          ...pops.map((p) => {
            const live = edges.some((e) => e.pop === p && e.status === 'live');
            return el('option', { value: p, text: live ? p : `${p} (down)` });
          }),
        );
        if (pops.includes(keep)) select.value = keep;
        const urls = dists.flatMap((d) => [...(Array.isArray(d.aliases) ? d.aliases : []), d.domainName].filter(Boolean).map((h) => `http://${h}/`));
        $('explain-urls').replaceChildren(...urls.map((u) => el('option', { value: u })));
      } catch {
        // the form works without the suggestions
      }
      markLoaded('explain');
    },
    leave() {},
    reset() {
      $('explain-result').replaceChildren(el('p', { class: 'empty', text: 'Enter a URL served by one of your distributions and press Explain.' }));
    },
  };
}

// ---- Links ----------------------------------------------------------------------------

function linksView() {
  return {
    async enter() {
      const list = $('links-list');
      try {
        const info = await api('GET', '/v1/dashboard-info');
        const links = Array.isArray(info?.links) ? info.links : [];
        list.replaceChildren(
          ...links.map((l) => {
            const href = safeHttpUrl(l?.url);
            const title = String(l?.title ?? l?.url ?? '');
            return href
              ? el('li', { 'data-testid': 'link' }, el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: title }), el('div', { class: 'muted mono small', text: href }))
              : el('li', { 'data-testid': 'link-refused' }, el('span', { text: title }), el('div', { class: 'muted small', text: `not shown: not an http(s) URL (${String(l?.url)})` }));
          }),
        );
        $('links-empty').hidden = links.length > 0;
        showError($('links-error'), undefined);
      } catch (err) {
        showError($('links-error'), err);
      }
      markLoaded('links');
    },
    leave() {},
    reset() {
      $('links-list').replaceChildren();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Sign in and out.

function showSignedIn() {
  const claims = decodeJwtClaims(session.token) ?? {};
  const scopes = typeof claims.scope === 'string' ? claims.scope : '';
  session.scopes = new Set(scopes.split(/\s+/).filter(Boolean));
  const exp = typeof claims.exp === 'number' ? ` · expires ${new Date(claims.exp * 1000).toLocaleString()}` : '';
  $('session-subject').textContent = `${claims.sub ?? 'signed in'}${scopes ? ` · ${scopes}` : ''}`;
  $('session-subject').title = `scopes: ${scopes || '?'}${exp}`;
  $('signin').hidden = true;
  $('nav').hidden = false;
  $('session').hidden = false;
  showView(location.hash.slice(1));
}

function signOut(message) {
  session.gen++;
  session.token = '';
  session.scopes = new Set();
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled
  }
  for (const v of Object.values(views)) {
    v.leave();
    v.reset();
    v.entered = false;
  }
  for (const s of document.querySelectorAll('section.view')) {
    s.hidden = true;
    delete s.dataset.loaded;
  }
  current = '';
  $('nav').hidden = true;
  $('session').hidden = true;
  $('signin').hidden = false;
  showError($('signin-error'), message);
  $('token-input').value = '';
  $('token-input').focus();
}

async function signIn(token) {
  session.gen++;
  session.token = token;
  const button = $('signin-form').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await api('GET', '/v1/distributions'); // a 401/403 signs out with the message
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // storage disabled: the token stays in memory for this page only
    }
    showError($('signin-error'), undefined);
    showSignedIn();
  } catch (err) {
    if (err.status !== 401 && err.status !== 403) {
      session.token = '';
      showError($('signin-error'), err);
    }
  } finally {
    button.disabled = false;
  }
}

function boot() {
  Object.assign(views, {
    distributions: distributionsView(),
    edges: edgesView(),
    invalidations: invalidationsView(),
    tail: tailView(),
    explain: explainView(),
    links: linksView(),
  });
  $('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = $('token-input')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    $('token-input').value = '';
    if (token === '') return showError($('signin-error'), 'Paste a token first.');
    void signIn(token);
  });
  $('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => {
    if (session.token) showView(location.hash.slice(1));
  });

  let saved = '';
  try {
    saved = sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    saved = '';
  }
  if (saved) {
    session.token = saved;
    session.gen++;
    showSignedIn();
  } else signOut();
}

if (typeof document !== 'undefined') boot();
