// Pure formatting and value helpers of the dashboard (no DOM; src/http/dashboard.test.ts runs them
// under Node).

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
