// The Distributions view: a card per distribution (status, domain, aliases, origins,
// behaviors), polled every 2 s; a card is rebuilt only when its distribution changed.

import { api } from './api.js';
import { $, badge, el, showError, STATUS_KIND } from './dom.js';
import { relativeTime } from './format.js';
import { loadDistributionList, markLoaded, poller } from './router.js';

export function distributionsView() {
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
    // Valid but risky settings the control plane warns about (e.g. cache poisoning).
    const warnings = (Array.isArray(d.warnings) ? d.warnings : []).map((w) => el('p', { class: 'note', 'data-testid': 'distribution-warning', text: `${w?.path ?? ''}: ${w?.message ?? ''}` }));
    return el('article', { class: 'card', 'data-testid': 'distribution', dataset: { id: d.id, status: d.status } }, head, meta, warnings, originsTable(cfg), behaviorsTable(cfg));
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
