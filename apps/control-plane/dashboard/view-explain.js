// The Explain view: what an edge would do with a request (POST /v1/explain), as a verdict,
// the steps taken and every detail the API returns (unknown fields shown as JSON).

import { api } from './api.js';
import { $, badge, el, kvTable, showError, STATUS_KIND } from './dom.js';
import { parseCookieLines, parseHeaderLines } from './parsers.js';
import { loadDistributionList, loadEdgeList, markLoaded } from './router.js';

export function explainView() {
  const KNOWN = ['request', 'edge', 'verdict', 'steps', 'distribution', 'behavior', 'viewerLocation', 'cacheKey', 'ttl', 'originRequest', 'functions', 'cache', 'warnings'];

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
    const warnings = Array.isArray(x.warnings) ? x.warnings : [];
    if (warnings.length > 0) more.push(section('Warnings', 'explain-warnings', warnings.map((w) => el('p', { class: 'note', 'data-testid': 'explain-warning', text: String(w) }))));
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
