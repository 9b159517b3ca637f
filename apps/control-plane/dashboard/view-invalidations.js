// The Invalidations view: a distribution's invalidations with their progress across edges,
// one invalidation's paths, and the form that creates one.

import { api, session } from './api.js';
import { $, badge, el, kvTable, showError, STATUS_KIND } from './dom.js';
import { randomHex } from './format.js';
import { fillDistributionSelect, loadDistributionList, markLoaded, poller, shared } from './router.js';

export function invalidationsView() {
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
