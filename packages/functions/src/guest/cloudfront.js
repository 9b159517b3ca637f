// require('cloudfront') / import cf from 'cloudfront' (cloudfront-js-2.0 only):
// - kvs(storeId?) with get(key, {format: 'string'|'json'|'bytes'}), exists(key) and meta()
//   ("Helper methods for key value stores"); get() rejects when the key does not exist;
// - updateRequestOrigin, selectRequestOriginById and createRequestOriginGroup ("Helper methods
//   for origin modification"), viewer request only. The sandbox cannot reach an origin, so
//   each call is recorded in state.origin for the edge to act on after the function returns.
// Evaluated inside the QuickJS context by sandbox-source.ts.
/* eslint-disable no-unused-expressions */
(function cloudfrontModule(state, Buffer, kvsOpen, kvsGet, kvsMeta) {
  'use strict';

  const parseJSON = JSON.parse;
  const stringifyJSON = JSON.stringify;

  function kvs(storeId) {
    if (storeId !== undefined && typeof storeId !== 'string') throw new TypeError('The key value store ID must be a string');
    const id = storeId === undefined ? '' : storeId;
    if (!kvsOpen(id)) {
      throw new Error(storeId === undefined ? 'No key value store is associated with this function' : 'The key value store ' + storeId + ' is not associated with this function');
    }
    return Object.freeze({
      async get(key, options) {
        if (typeof key !== 'string') throw new TypeError('The key must be a string');
        const format = options === undefined || options === null || options.format === undefined ? 'string' : options.format;
        if (format !== 'string' && format !== 'json' && format !== 'bytes') throw new TypeError('Unsupported format: ' + format + " (expected 'string', 'json' or 'bytes')");
        const value = kvsGet(id, key);
        if (value === undefined) throw new Error('Key not found: ' + key);
        if (format === 'json') return parseJSON(value);
        if (format === 'bytes') return Buffer.from(value, 'utf8');
        return value;
      },
      async exists(key) {
        if (typeof key !== 'string') throw new TypeError('The key must be a string');
        return kvsGet(id, key) !== undefined;
      },
      async meta() {
        return parseJSON(kvsMeta(id));
      },
    });
  }

  function viewerRequestOnly(method) {
    if (state.eventType !== 'viewer-request') throw new Error(method + '() can only be used in viewer request functions');
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function inRange(value, min, max, what) {
    if (value === undefined) return;
    if (typeof value !== 'number' || value !== Math.floor(value) || value < min || value > max) {
      throw new RangeError(what + ' must be an integer from ' + min + ' to ' + max);
    }
  }

  // The parameters of updateRequestOrigin() (helper-functions-origin-modification).
  function checkUpdate(params) {
    if (!isObject(params)) throw new TypeError('updateRequestOrigin() takes an object');
    if (params.domainName !== undefined && (typeof params.domainName !== 'string' || params.domainName === '')) throw new TypeError('domainName must be a non-empty string');
    if (params.originPath !== undefined && (typeof params.originPath !== 'string' || (params.originPath !== '' && params.originPath[0] !== '/'))) {
      throw new TypeError("originPath must be a string that starts with '/'");
    }
    if (params.customHeaders !== undefined) {
      if (!isObject(params.customHeaders)) throw new TypeError('customHeaders must be an object of header names to string values');
      for (const name of Object.keys(params.customHeaders)) {
        if (typeof params.customHeaders[name] !== 'string') throw new TypeError('customHeaders.' + name + ' must be a string');
      }
    }
    inRange(params.connectionAttempts, 1, 3, 'connectionAttempts');
    if (params.timeouts !== undefined) {
      if (!isObject(params.timeouts)) throw new TypeError('timeouts must be an object');
      inRange(params.timeouts.readTimeout, 1, 120, 'timeouts.readTimeout');
      inRange(params.timeouts.keepAliveTimeout, 1, 120, 'timeouts.keepAliveTimeout');
      inRange(params.timeouts.connectionTimeout, 1, 10, 'timeouts.connectionTimeout');
    }
    if (params.customOriginConfig !== undefined) {
      const c = params.customOriginConfig;
      if (!isObject(c)) throw new TypeError('customOriginConfig must be an object');
      inRange(c.port, 1, 65535, 'customOriginConfig.port');
      if (c.protocol !== undefined && c.protocol !== 'http' && c.protocol !== 'https') throw new TypeError("customOriginConfig.protocol must be 'http' or 'https'");
    }
    if (params.originShield !== undefined && !isObject(params.originShield)) throw new TypeError('originShield must be an object');
    if (params.originAccessControlConfig !== undefined && !isObject(params.originAccessControlConfig)) throw new TypeError('originAccessControlConfig must be an object');
  }

  function updateRequestOrigin(params) {
    viewerRequestOnly('updateRequestOrigin');
    checkUpdate(params);
    state.origin.push({ type: 'update', params: parseJSON(stringifyJSON(params)) });
  }

  function selectRequestOriginById(originId) {
    viewerRequestOnly('selectRequestOriginById');
    if (typeof originId !== 'string' || originId === '') throw new TypeError('selectRequestOriginById() takes an origin ID (a non-empty string)');
    state.origin.push({ type: 'select', originId });
  }

  function createRequestOriginGroup(params) {
    viewerRequestOnly('createRequestOriginGroup');
    if (!isObject(params)) throw new TypeError('createRequestOriginGroup() takes an object');
    const ids = params.originIds;
    if (!Array.isArray(ids) || ids.length !== 2 || typeof ids[0] !== 'string' || typeof ids[1] !== 'string') {
      throw new TypeError('originIds must be an array of two origin IDs (primary, then secondary)');
    }
    const criteria = params.failoverCriteria;
    if (!isObject(criteria) || !Array.isArray(criteria.statusCodes) || criteria.statusCodes.some((c) => typeof c !== 'number' || c < 400 || c > 599)) {
      throw new TypeError('failoverCriteria.statusCodes must be an array of HTTP status codes (400-599)');
    }
    if (params.selectionCriteria !== undefined && params.selectionCriteria !== 'default' && params.selectionCriteria !== 'media-quality-score') {
      throw new TypeError("selectionCriteria must be 'default' or 'media-quality-score'");
    }
    state.origin.push({ type: 'group', params: parseJSON(stringifyJSON(params)) });
  }

  return Object.freeze({ kvs, updateRequestOrigin, selectRequestOriginById, createRequestOriginGroup });
});
