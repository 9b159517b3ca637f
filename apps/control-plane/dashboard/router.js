// The router and the state views share. Each view has enter() and leave(); `reset()` forgets
// its data at sign-out. The hash (#edges) names the view shown.

import { api } from './api.js';
import { $, el } from './dom.js';

export const views = {};
let current = '';

export function showView(name) {
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

/** Leaves and resets every view and hides them all (at sign-out). */
export function resetViews() {
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
}

/** The distributions list, shared by the views that pick a distribution. */
export const shared = { distributions: [], edges: [] };

export async function loadDistributionList() {
  const list = await api('GET', '/v1/distributions');
  shared.distributions = Array.isArray(list?.items) ? list.items : [];
  return shared.distributions;
}

export async function loadEdgeList() {
  const list = await api('GET', '/v1/edges');
  shared.edges = Array.isArray(list?.items) ? list.items : [];
  return shared.edges;
}

function distributionLabel(d) {
  const name = d.comment || (Array.isArray(d.aliases) && d.aliases[0]) || d.domainName || '';
  return name ? `${d.id} · ${name}` : String(d.id);
}

/** Refills a <select> of distributions, keeping the selection when it still exists. */
export function fillDistributionSelect(select, items, firstOption) {
  const keep = select.value;
  const options = items.map((d) => el('option', { value: d.id, text: distributionLabel(d) }));
  select.replaceChildren(...(firstOption ? [firstOption] : []), ...options);
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

export function markLoaded(name) {
  $(`view-${name}`).dataset.loaded = 'true';
}

/** Runs `fn` every `ms` while started, one run at a time, skipping runs while the tab is hidden. */
export function poller(fn, ms) {
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
