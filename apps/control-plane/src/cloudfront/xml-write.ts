// Values to XML by the model's shapes (rest-xml): a structure's members in the model's
// order, each under its locationName; a list's items each under the list member's
// locationName; timestamps ISO 8601, booleans `true`/`false`, blobs base64. Members bound to
// headers or the URI are not part of the body. Empty lists are left out, as CloudFront does
// (`<Aliases><Quantity>0</Quantity></Aliases>`).

import { elementName, shapeOf, XML_NAMESPACE, type ServiceModel } from './model.ts';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scalar(type: string, value: unknown): string {
  switch (type) {
    case 'timestamp':
      return new Date(value instanceof Date ? value.getTime() : (value as string | number)).toISOString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'blob':
      return Buffer.from(value as Uint8Array | string).toString('base64');
    default:
      return escapeXml(String(value));
  }
}

function write(model: ServiceModel, shapeName: string, value: unknown, name: string, out: string[], attrs = ''): void {
  const shape = shapeOf(model, shapeName);
  if (shape.type === 'structure') {
    const obj = value as Record<string, unknown>;
    out.push(`<${name}${attrs}>`);
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      if (ref.location !== undefined) continue;
      const v = obj[member];
      if (v === undefined || v === null) continue;
      write(model, ref.shape, v, elementName(member, ref), out);
    }
    out.push(`</${name}>`);
    return;
  }
  if (shape.type === 'list') {
    const items = value as unknown[];
    if (items.length === 0) return;
    const ref = shape.member as NonNullable<typeof shape.member>;
    out.push(`<${name}${attrs}>`);
    for (const item of items) write(model, ref.shape, item, ref.locationName ?? 'member', out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}${attrs}>${scalar(shape.type, value)}</${name}>`);
}

/** A document whose root element `name` holds `value` of shape `shapeName`. */
export function toXml(model: ServiceModel, shapeName: string, value: unknown, name: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(model, shapeName, value, name, out, ` xmlns="${XML_NAMESPACE}"`);
  return out.join('');
}

/** A header or query value of a scalar shape (timestamps as HTTP dates would be RFC 1123; CloudFront has none). */
export function scalarText(model: ServiceModel, shapeName: string, value: unknown): string {
  const type = shapeOf(model, shapeName).type;
  return type === 'string' ? String(value) : scalar(type, value).replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}
