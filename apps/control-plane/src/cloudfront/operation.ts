// What an operation handler gets and gives: its input as the model reads it (protocol.ts),
// the services, and the request's URL (for Location); it returns the output object, which
// the model writes. Handlers hold no XML and no HTTP.

import type { Services } from '../services.ts';
import type { Input } from './protocol.ts';

export interface OperationContext {
  s: Services;
  input: Input;
  /** The request URL: `Location` headers are made from it. */
  url: string;
  /** The access key that signed the request (logged as the subject). */
  accessKeyId: string;
}

export type Handler = (ctx: OperationContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Handlers by operation name (the model's, without its version suffix). */
export type Handlers = Record<string, Handler>;

/** The AWS account id in every ARN (cachefront has no accounts). */
export const ACCOUNT_ID = '000000000000';

export function arn(kind: string, id: string): string {
  return `arn:aws:cloudfront::${ACCOUNT_ID}:${kind}/${id}`;
}

/** `{Quantity, Items}` as CloudFront lists: no Items when empty. */
export function wrap<T>(items: readonly T[]): { Quantity: number; Items?: T[] } {
  return items.length === 0 ? { Quantity: 0 } : { Quantity: items.length, Items: [...items] };
}

/**
 * One page of a list (Marker/MaxItems): `Marker` is where the page starts (the id of its
 * first item; empty for the first page), `NextMarker` where the next one does.
 */
export function page<T>(items: readonly T[], idOf: (item: T) => string, marker: unknown, maxItems: unknown): { Marker: string; NextMarker?: string; MaxItems: number; IsTruncated: boolean; Quantity: number; Items?: T[] } {
  const max = typeof maxItems === 'string' && /^\d+$/.test(maxItems) ? Math.min(Number(maxItems), 1000) : typeof maxItems === 'number' ? maxItems : 100;
  const m = typeof marker === 'string' ? marker : '';
  const start = m === '' ? 0 : Math.max(0, items.findIndex((i) => idOf(i) === m));
  const slice = items.slice(start, start + max);
  const next = items[start + max];
  return { Marker: m, ...(next === undefined ? {} : { NextMarker: idOf(next) }), MaxItems: max, IsTruncated: next !== undefined, ...wrap(slice) };
}

/** Location of a created resource: `/2020-05-31/<path>` on the server that answered. */
export function locationOf(url: string, path: string): string {
  return new URL(`/2020-05-31/${path}`, url).href;
}
