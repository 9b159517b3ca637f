// Just enough DOM to run the demo page's script under node:test (not a test file itself):
// the page's elements are read from its HTML as a flat list (no tree), elements the script
// creates form a real tree, and text only ever becomes Text nodes: there is no HTML parser,
// so markup in data can only ever show up as text.

export class FakeText {
  readonly data: string;
  constructor(data: string) {
    this.data = data;
  }
  get textContent(): string {
    return this.data;
  }
}

type Listener = (event: { preventDefault(): void; target: FakeElement }) => unknown;

export class FakeElement {
  readonly tagName: string;
  id = '';
  className = '';
  hidden = false;
  value = '';
  checked = false;
  disabled = false;
  readonly attributes = new Map<string, string>();
  childNodes: (FakeElement | FakeText)[] = [];
  readonly #listeners = new Map<string, Listener[]>();

  constructor(tag: string) {
    this.tagName = tag.toUpperCase();
  }
  get children(): FakeElement[] {
    return this.childNodes.filter((n): n is FakeElement => n instanceof FakeElement);
  }
  append(...nodes: unknown[]): void {
    for (const n of nodes) {
      if (typeof n === 'string') this.childNodes.push(new FakeText(n));
      else if (n instanceof FakeElement || n instanceof FakeText) this.childNodes.push(n);
      else throw new TypeError(`append() got ${typeof n}: ${String(n)}`);
    }
  }
  replaceChildren(...nodes: unknown[]): void {
    this.childNodes = [];
    this.append(...nodes);
  }
  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }
  set textContent(text: string) {
    this.childNodes = [new FakeText(String(text))];
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
    if (name === 'id') this.id = String(value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  /** Calls the listeners; resolves once the promises they return (async handlers) settle. */
  async dispatch(type: string): Promise<void> {
    const event = { preventDefault() {}, target: this };
    await Promise.all((this.#listeners.get(type) ?? []).map((l) => l(event)));
  }
  focus(): void {}
  select(): void {}
  querySelector(selector: string): FakeElement | null {
    return this.ownerDocument?.querySelector(selector) ?? null;
  }
  ownerDocument: FakeDocument | undefined;
  /** Every element in this subtree (created elements only), depth first. */
  *descendants(): Generator<FakeElement> {
    for (const child of this.children) {
      yield child;
      yield* child.descendants();
    }
  }
}

/** `tag`, `#id`, `[attr]`, `[attr=value]` and combinations such as `input[name=x][value=y]`. */
function matches(el: FakeElement, selector: string): boolean {
  const m = /^([a-z]*)((?:#[\w-]+)?)((?:\[[\w-]+(?:=[\w-]+)?\])*)$/.exec(selector);
  if (!m) throw new Error(`unsupported selector ${selector}`);
  if (m[1] && el.tagName !== m[1].toUpperCase()) return false;
  if (m[2] && el.id !== m[2].slice(1)) return false;
  for (const [, name, value] of (m[3] ?? '').matchAll(/\[([\w-]+)(?:=([\w-]+))?\]/g)) {
    const actual = el.getAttribute(name ?? '');
    if (actual === null || (value !== undefined && actual !== value)) return false;
  }
  return true;
}

export class FakeDocument {
  /** The page's own elements, from its HTML. */
  readonly elements: FakeElement[] = [];

  constructor(html: string) {
    const body = html.slice(html.indexOf('<body'), html.indexOf('<script>'));
    for (const [, tag, attrs] of body.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/g)) {
      const el = this.createElement(tag ?? '');
      for (const [, name, , value] of (attrs ?? '').matchAll(/([\w-]+)(="([^"]*)")?/g)) el.setAttribute(name ?? '', value ?? '');
      el.hidden = el.attributes.has('hidden');
      el.checked = el.attributes.has('checked');
      el.value = el.getAttribute('value') ?? '';
      this.elements.push(el);
    }
    // A <select>'s value is its selected option's.
    for (const [, id, options] of html.matchAll(/<select id="([\w-]+)">([\s\S]*?)<\/select>/g)) {
      const selected = /<option value="([^"]*)" selected>/.exec(options ?? '');
      const select = this.getElementById(id ?? '');
      if (select && selected) select.value = selected[1] ?? '';
    }
  }
  createElement(tag: string): FakeElement {
    const el = new FakeElement(tag);
    el.ownerDocument = this;
    return el;
  }
  getElementById(id: string): FakeElement | null {
    return this.elements.find((e) => e.id === id) ?? null;
  }
  querySelector(selector: string): FakeElement | null {
    return this.elements.find((e) => matches(e, selector)) ?? null;
  }
  querySelectorAll(selector: string): FakeElement[] {
    return this.elements.filter((e) => matches(e, selector));
  }
}

/** DOMParser for CloudFront's XML error body: `Error > Code` and `Error > Message` only. */
export class FakeDOMParser {
  parseFromString(text: string): { querySelector(selector: string): { textContent: string } | null } {
    // Chromium parses a body that is no XML document (an empty string, say) into a
    // <parsererror> with a style attribute, which the page's CSP blocks: fail loudly instead.
    if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<[A-Za-z]/.test(text)) throw new Error(`DOMParser got no XML document: ${JSON.stringify(text.slice(0, 40))}`);
    return {
      querySelector(selector: string) {
        const name = /^Error > (Code|Message)$/.exec(selector)?.[1];
        if (!name) throw new Error(`unsupported selector ${selector}`);
        const m = new RegExp(`<Error>[\\s\\S]*<${name}>([^<]*)</${name}>`).exec(text);
        return m ? { textContent: (m[1] ?? '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&') } : null;
      },
    };
  }
}
