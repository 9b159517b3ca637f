// The Edges view: every edge on a world map (world.json) and in a table, with its hit ratio
// and traffic over the last 5 minutes, polled every 2 s.

import { $, badge, el, showError, STATUS_KIND, svgEl } from './dom.js';
import { formatBytes, formatCount, formatPercent, project, relativeTime } from './format.js';
import { loadEdgeList, markLoaded, poller } from './router.js';

export function edgesView() {
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
