import { ApiError } from './api.js';
import { safeHttpUrl } from './format.js';

// DOM helpers. Every value reaches the page as text (textContent, text nodes) or through the
// checked attribute setter `el()`; nothing is ever parsed as HTML. Attributes go through one checked setter: no event handlers, no style, no
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
export function el(tag, props = {}, ...children) {
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
export function svgEl(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = String(v);
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = String(dv);
    else setAttr(node, k, v);
  }
  for (const c of children.flat(Infinity)) if (c) node.append(c);
  return node;
}

export const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
};

export function badge(text, kind, testid) {
  return el('span', { class: `badge ${kind}`, text, 'data-testid': testid });
}

export const STATUS_KIND = { Deployed: 'ok', Completed: 'ok', InProgress: 'warn', live: 'ok', down: 'bad', pass: 'ok', stop: 'bad', skip: 'muted' };

/** Shows an error (an ApiError's code, message and issues, verbatim) in `box`, or hides it. */
export function showError(box, err) {
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
export function kvTable(obj, testid) {
  const rows = Object.entries(obj ?? {}).map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', {}, valueNode(v))));
  return el('table', { class: 'kv', 'data-testid': testid }, el('tbody', {}, rows));
}

function valueNode(v) {
  if (v === null || v === undefined) return el('span', { class: 'muted', text: String(v) });
  if (typeof v === 'object') return el('pre', { class: 'json', text: JSON.stringify(v, null, 2) });
  if (typeof v === 'boolean') return el('span', { class: v ? 'yes' : 'no', text: String(v) });
  return String(v);
}
