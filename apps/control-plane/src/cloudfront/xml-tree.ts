// A request body as an element tree, read safely. fast-xml-parser runs with entity
// processing off, and any DTD is refused before it sees the text, so neither a billion-laughs
// expansion nor an external entity (XXE) can happen; the five predefined entities and
// character references, which every client uses (`&amp;` in a path), are decoded here.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CloudFrontError } from './errors.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (character data and CDATA), decoded. */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
});

/** XML 1.0 §4.6: the predefined entities; nothing else is defined without a DTD. */
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function malformed(message: string): CloudFrontError {
  return new CloudFrontError('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema: ${message}`);
}

/** Decodes `&lt;`, `&#38;`, `&#x26;` ...; an undefined entity or a stray `&` is malformed XML. */
export function decodeText(raw: string): string {
  return raw.replace(/&([^;&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw malformed("'&' must start an entity reference such as &amp;");
    if (ref.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
      if (!Number.isInteger(code) || code > 0x10ffff || code === 0) throw malformed(`invalid character reference &${ref};`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw malformed(`undefined entity &${ref}; (documents may not declare entities)`);
    return value;
  });
}

type Node = Record<string, unknown>;

function toElement(node: Node): XmlElement | string {
  const name = Object.keys(node).find((k) => k !== ':@') as string;
  const value = node[name];
  if (name === '#text') return decodeText(String(value));
  if (name === '#cdata') return ((value as Node[])[0]?.['#text'] as string | undefined) ?? '';
  const children: XmlElement[] = [];
  let text = '';
  for (const child of value as Node[]) {
    const c = toElement(child);
    if (typeof c === 'string') text += c;
    else children.push(c);
  }
  return { name: localName(name), children, text };
}

/** `cf:DistributionConfig` and `DistributionConfig` are the same element (namespaces are not checked). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** The document's root element; malformed XML, a DTD or an entity declaration is `MalformedXML`. */
export function parseXml(text: string): XmlElement {
  // No DTD at all: it is where entities (and external ones) would be declared.
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i.test(text)) throw malformed('a DOCTYPE or entity declaration is not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const nodes = parser.parse(text) as Node[];
  const roots = nodes.map(toElement).filter((n): n is XmlElement => typeof n !== 'string');
  if (roots.length !== 1) throw malformed('a document has exactly one root element');
  return roots[0] as XmlElement;
}
