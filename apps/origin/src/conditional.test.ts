import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePreconditions, type ConditionalRequest, type Validators, type Verdict } from './conditional.ts';

const LM = Date.UTC(2024, 0, 1, 12, 0, 0);
const BEFORE = 'Mon, 01 Jan 2024 11:59:59 GMT';
const AT = 'Mon, 01 Jan 2024 12:00:00 GMT';
const AFTER = 'Mon, 01 Jan 2024 12:00:01 GMT';
const rep: Validators = { etag: '"v1"', lastModified: LM + 400 }; // sub-second part is ignored
const weakRep: Validators = { etag: 'W/"v1"', lastModified: LM };

// [name, request fields (method defaults to GET), representation, expected] — RFC 9110 §13.
const cases: [string, Partial<ConditionalRequest>, Validators, Verdict][] = [
  ['no conditionals', {}, rep, 'proceed'],
  ['INM matching', { ifNoneMatch: '"v1"' }, rep, 'not-modified'],
  ['INM not matching', { ifNoneMatch: '"v2"' }, rep, 'proceed'],
  ['INM list containing it', { ifNoneMatch: '"a", W/"v1" ,"b"' }, rep, 'not-modified'],
  ['INM weak vs strong (weak comparison §8.8.3.2)', { ifNoneMatch: 'W/"v1"' }, rep, 'not-modified'],
  ['INM strong vs weak current', { ifNoneMatch: '"v1"' }, weakRep, 'not-modified'],
  ['INM * (§13.1.2)', { ifNoneMatch: '*' }, rep, 'not-modified'],
  ['INM with malformed members skipped', { ifNoneMatch: 'v1, "v1"' }, rep, 'not-modified'],
  ['INM is case-sensitive', { ifNoneMatch: '"V1"' }, rep, 'proceed'],
  ['INM on a resource without ETag', { ifNoneMatch: '"v1"' }, { lastModified: LM }, 'proceed'],
  ['INM matching on POST -> 412', { method: 'POST', ifNoneMatch: '"v1"' }, rep, 'precondition-failed'],
  ['INM on HEAD', { method: 'HEAD', ifNoneMatch: '"v1"' }, rep, 'not-modified'],
  ['IMS equal to Last-Modified', { ifModifiedSince: AT }, rep, 'not-modified'],
  ['IMS after Last-Modified', { ifModifiedSince: AFTER }, rep, 'not-modified'],
  ['IMS before Last-Modified', { ifModifiedSince: BEFORE }, rep, 'proceed'],
  ['IMS in an obsolete format', { ifModifiedSince: 'Monday, 01-Jan-24 12:00:00 GMT' }, rep, 'not-modified'],
  ['IMS invalid date is ignored', { ifModifiedSince: 'not a date' }, rep, 'proceed'],
  ['IMS ignored on POST', { method: 'POST', ifModifiedSince: AFTER }, rep, 'proceed'],
  ['IMS without Last-Modified is ignored', { ifModifiedSince: AFTER }, { etag: '"v1"' }, 'proceed'],
  ['INM takes precedence over IMS (no match, IMS would 304)', { ifNoneMatch: '"v2"', ifModifiedSince: AFTER }, rep, 'proceed'],
  ['INM takes precedence over IMS (match, IMS would 200)', { ifNoneMatch: '"v1"', ifModifiedSince: BEFORE }, rep, 'not-modified'],
  ['If-Match strong match', { ifMatch: '"v1"' }, rep, 'proceed'],
  ['If-Match weak tag never matches (strong comparison)', { ifMatch: 'W/"v1"' }, rep, 'precondition-failed'],
  ['If-Match against a weak ETag fails', { ifMatch: '"v1"' }, weakRep, 'precondition-failed'],
  ['If-Match *', { ifMatch: '*' }, rep, 'proceed'],
  ['If-Match mismatch', { ifMatch: '"v2"' }, rep, 'precondition-failed'],
  ['IUS before Last-Modified', { ifUnmodifiedSince: BEFORE }, rep, 'precondition-failed'],
  ['IUS at Last-Modified', { ifUnmodifiedSince: AT }, rep, 'proceed'],
  ['IUS ignored when If-Match present', { ifMatch: '"v1"', ifUnmodifiedSince: BEFORE }, rep, 'proceed'],
  ['If-Match evaluated before INM', { ifMatch: '"v2"', ifNoneMatch: '"v2"' }, rep, 'precondition-failed'],
];

for (const [name, fields, validators, expected] of cases) {
  test(`evaluatePreconditions: ${name}`, () => {
    assert.equal(evaluatePreconditions({ method: 'GET', ...fields }, validators), expected);
  });
}
