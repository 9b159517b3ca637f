// An element tree (xml-tree.ts) to a value by the model's shapes, strictly: an element the
// shape does not have, a repeated member, a text where a structure belongs, a number or
// boolean that is not one, a value outside the shape's enum, a missing required member, and a
// `Quantity` that is not the number of `Items` are each refused with the element's path, so
// nothing CloudFront would refuse is half-understood. The value has the model's member
// names (PascalCase), lists as arrays: the object the AWS converters take.

import { CloudFrontError } from './errors.ts';
import { elementName, shapeOf, type ServiceModel, type Shape } from './model.ts';
import type { XmlElement } from './xml-tree.ts';

function malformed(path: string, message: string): CloudFrontError {
  return new CloudFrontError('MalformedInput', `${path}: ${message}`);
}

function invalid(path: string, message: string): CloudFrontError {
  return new CloudFrontError('InvalidArgument', `${path}: ${message}`);
}

export function readShape(model: ServiceModel, shapeName: string, el: XmlElement, path: string): unknown {
  const shape = shapeOf(model, shapeName);
  if (shape.type === 'structure') return readStructure(model, shape, el, path);
  if (shape.type === 'list') {
    if (el.text.trim() !== '') throw malformed(path, 'expected list items, found text');
    const ref = shape.member as NonNullable<Shape['member']>;
    const itemName = ref.locationName ?? 'member';
    return el.children.map((child, i) => {
      if (child.name !== itemName) throw malformed(`${path}[${i}]`, `unexpected element <${child.name}>; list items are <${itemName}>`);
      return readShape(model, ref.shape, child, `${path}[${i}]`);
    });
  }
  if (el.children.length > 0) throw malformed(path, `expected a value, found element <${el.children[0]?.name}>`);
  return readScalar(shape, el.text, path);
}

function readStructure(model: ServiceModel, shape: Shape, el: XmlElement, path: string): Record<string, unknown> {
  if (el.text.trim() !== '') throw malformed(path, 'expected elements, found text');
  const members = shape.members ?? {};
  const byElement = new Map<string, string>();
  for (const [name, ref] of Object.entries(members)) if (ref.location === undefined) byElement.set(elementName(name, ref), name);
  const out: Record<string, unknown> = {};
  for (const child of el.children) {
    const member = byElement.get(child.name);
    const childPath = `${path}.${child.name}`;
    if (member === undefined) throw malformed(childPath, `unknown element <${child.name}> in <${el.name}>`);
    if (member in out) throw malformed(childPath, `<${child.name}> appears more than once`);
    out[member] = readShape(model, (members[member] as NonNullable<Shape['member']>).shape, child, childPath);
  }
  for (const name of shape.required ?? []) {
    const ref = members[name];
    if (ref !== undefined && ref.location === undefined && out[name] === undefined) throw invalid(`${path}.${elementName(name, ref)}`, 'is required');
  }
  // The Quantity/Items pairs: CloudFront's InconsistentQuantities.
  if (members.Quantity !== undefined && members.Items !== undefined && typeof out.Quantity === 'number') {
    const n = Array.isArray(out.Items) ? out.Items.length : 0;
    if (out.Quantity !== n) throw new CloudFrontError('InconsistentQuantities', `${path}: Quantity is ${out.Quantity} but Items has ${n} item${n === 1 ? '' : 's'}`);
  }
  return out;
}

/** A scalar from its text (the body, a header or a query parameter). */
export function readScalar(shape: Shape, text: string, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const t = text.trim();
      if (!/^-?\d{1,15}$/.test(t)) throw malformed(path, `'${text}' is not an integer`);
      return Number(t);
    }
    case 'double':
    case 'float': {
      const t = text.trim();
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) throw malformed(path, `'${text}' is not a number`);
      return Number(t);
    }
    case 'boolean': {
      const t = text.trim();
      if (t !== 'true' && t !== 'false') throw malformed(path, `'${text}' is not true or false`);
      return t === 'true';
    }
    case 'timestamp': {
      const ms = Date.parse(text.trim());
      if (!/^\d{4}-\d\d-\d\dT/.test(text.trim()) || Number.isNaN(ms)) throw malformed(path, `'${text}' is not an ISO 8601 time`);
      return new Date(ms);
    }
    case 'blob': {
      const t = text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) throw malformed(path, 'is not base64');
      return Buffer.from(t, 'base64');
    }
    default:
      if (shape.enum !== undefined && !shape.enum.includes(text)) throw invalid(path, `'${text}' is not one of ${shape.enum.join(', ')}`);
      return text;
  }
}
