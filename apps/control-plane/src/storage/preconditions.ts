// `If-Match` (RFC 9110 §13.1.1) against the current version's ETag, for every kind the
// store versions (docs/control-plane.md: PUT and DELETE need it).

import { ControlPlaneError } from '../errors.ts';
import { etagOf } from './ids.ts';

/** Throws unless `ifMatch` names `current`'s ETag; without `required`, a missing header passes. */
export function checkIfMatch(current: { id: string; etag: string }, ifMatch: string | undefined, required: boolean): void {
  if (ifMatch === undefined) {
    if (!required) return;
    throw new ControlPlaneError('InvalidIfMatchVersion', `If-Match is required: send the ETag of ${current.id} you last read`);
  }
  if (etagOf(ifMatch) !== current.etag) {
    throw new ControlPlaneError('PreconditionFailed', `If-Match '${ifMatch}' is not the current ETag of ${current.id}; read it again and retry`);
  }
}
