// One operation's request and response as the rest-xml protocol binds them to HTTP, read
// from the model: each input member comes from a URI label, a query parameter, a header
// (`location`) or the body (the `payload` member, or the members under the input's root
// element); each output member goes to a header or to the body, with the operation's status.

import { CloudFrontError } from './errors.ts';
import { elementName, shapeOf, type MemberRef, type Operation, type ServiceModel } from './model.ts';
import { readScalar, readShape } from './xml-read.ts';
import { parseXml } from './xml-tree.ts';
import { scalarText, toXml } from './xml-write.ts';

export interface HttpInput {
  labels: Record<string, string>;
  query: URLSearchParams;
  /** Header lookup by name, case-insensitive. */
  header(name: string): string | undefined;
  body: Uint8Array;
}

export type Input = Record<string, unknown>;

/** The operation's input object (model member names), or the CloudFront error the request earns. */
export function readInput(model: ServiceModel, op: Operation, http: HttpInput): Input {
  const input: Input = {};
  if (op.input === undefined) return input;
  const shape = shapeOf(model, op.input.shape);
  const members = Object.entries(shape.members ?? {});
  for (const [name, ref] of members) {
    const raw = ref.location === 'uri' ? http.labels[ref.locationName ?? name] : ref.location === 'querystring' ? (http.query.get(ref.locationName ?? name) ?? undefined) : ref.location === 'header' ? http.header(ref.locationName ?? name) : undefined;
    if (raw !== undefined) input[name] = readScalar(shapeOf(model, ref.shape), raw, ref.locationName ?? name);
  }
  const bodyMembers = members.filter(([, ref]) => ref.location === undefined);
  if (bodyMembers.length === 0) return input;
  const text = Buffer.from(http.body).toString('utf8');
  const required = new Set(shape.required ?? []);
  if (shape.payload !== undefined) {
    const ref = shape.members?.[shape.payload] as MemberRef;
    const payloadShape = shapeOf(model, ref.shape);
    if (payloadShape.type !== 'structure') {
      if (http.body.length > 0) input[shape.payload] = payloadShape.type === 'blob' ? Buffer.from(http.body) : text;
    } else if (text.trim() !== '') {
      const root = parseXml(text);
      const expected = elementName(shape.payload, ref);
      if (root.name !== expected) throw new CloudFrontError('MalformedInput', `the document's root element is <${root.name}>; ${op.name} takes <${expected}>`);
      input[shape.payload] = readShape(model, ref.shape, root, expected);
    }
    if (input[shape.payload] === undefined && required.has(shape.payload)) throw new CloudFrontError('MissingBody', `${op.name} needs a request body (<${elementName(shape.payload, ref)}>)`);
    return input;
  }
  // No payload member: the body members sit under one root element named for the input.
  if (text.trim() === '') {
    if (bodyMembers.some(([name]) => required.has(name))) throw new CloudFrontError('MissingBody', `${op.name} needs a request body`);
    return input;
  }
  const root = parseXml(text);
  const expected = op.input.locationName ?? op.input.shape;
  if (root.name !== expected) throw new CloudFrontError('MalformedInput', `the document's root element is <${root.name}>; ${op.name} takes <${expected}>`);
  // Read the root as the input structure (header and URI members cannot appear in a body).
  Object.assign(input, readShape(model, op.input.shape, root, expected));
  return input;
}

/** The operation's response: its status, header members, and body (XML, or the raw blob payload). */
export function writeOutput(model: ServiceModel, op: Operation, output: Record<string, unknown>, requestId: string): Response {
  const status = op.http.responseCode ?? 200;
  const headers = new Headers({ 'x-amz-request-id': requestId });
  if (op.output === undefined) return new Response(null, { status, headers });
  const shape = shapeOf(model, op.output.shape);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = output[name];
    if (ref.location === 'header' && v !== undefined && v !== null) headers.set(ref.locationName ?? name, scalarText(model, ref.shape, v));
  }
  // The model binds UpdateFunction's ETag to a header named `ETtag` (a typo AWS keeps for
  // compatibility): the SDKs generated from it read that one, other clients read ETag.
  if (headers.has('ettag') && !headers.has('etag')) headers.set('etag', headers.get('ettag') as string);
  let body: string | Uint8Array | null = null;
  if (shape.payload !== undefined) {
    const ref = shape.members?.[shape.payload] as MemberRef;
    const value = output[shape.payload];
    const payloadShape = shapeOf(model, ref.shape);
    if (value !== undefined && value !== null) {
      if (payloadShape.type === 'structure') body = toXml(model, ref.shape, value, elementName(shape.payload, ref));
      else body = payloadShape.type === 'blob' ? new Uint8Array(value as Uint8Array) : String(value);
    }
  } else if (Object.values(shape.members ?? {}).some((r) => r.location === undefined)) {
    body = toXml(model, op.output.shape, output, op.output.locationName ?? op.output.shape);
  }
  if (body !== null && typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/xml');
  return new Response(status === 204 ? null : body, { status, headers });
}
