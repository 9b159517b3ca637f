// The Live tail view: the real-time log stream (server-sent events over fetch), newest line
// first, with pause, clear and a row's every field on click.

import { API_ROOT, authFailed, errorFrom, session } from './api.js';
import { $, el, showError } from './dom.js';
import { formatLogTime, logRecord } from './format.js';
import { createSseParser } from './parsers.js';
import { fillDistributionSelect, loadDistributionList, markLoaded } from './router.js';

export function tailView() {
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
