// Pure parsers of the dashboard (no DOM; src/http/dashboard.test.ts runs them under Node): the
// server-sent events stream of the live tail, and the explain form's header and cookie lines.

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

/**
 * The non-blank lines of `text`, each split at its first `separator` into a name and a value:
 * `{value}` built by `add(value, name, v)`, or `{error}` naming the first line whose name
 * `validName` refuses (`<kind> line N is not "<shape>"`; a line without the separator has
 * the name '').
 */
function parseLines(text, { separator, validName, kind, shape, add }) {
  const value = {};
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    if (l === '') continue;
    const at = l.indexOf(separator);
    const name = at < 0 ? '' : l.slice(0, at).trim();
    if (!validName(name)) return { error: `${kind} line ${n + 1} is not "${shape}": ${l}` };
    add(value, name, l.slice(at + 1).trim());
  }
  return { value };
}

/** `Name: value` lines -> `{value: {name: value}}` or `{error}`; blank lines are skipped, repeats joined with ", ". */
export function parseHeaderLines(text) {
  return parseLines(text, {
    separator: ':',
    validName: (name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name),
    kind: 'header',
    shape: 'Name: value',
    add(value, name, v) {
      const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
      value[key] = key in value ? `${value[key]}, ${v}` : v;
    },
  });
}

/** `name=value` lines -> `{value: {name: value}}` or `{error}`. */
export function parseCookieLines(text) {
  return parseLines(text, {
    separator: '=',
    validName: (name) => name !== '' && !/[\s;,=]/.test(name),
    kind: 'cookie',
    shape: 'name=value',
    add(value, name, v) {
      value[name] = v;
    },
  });
}
