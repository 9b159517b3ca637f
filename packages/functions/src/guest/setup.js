// Sets up one sandbox (one QuickJS context per compiled function version) and returns the
// dispatcher the host calls once per invocation. Runs once, before any function code:
// globals (console, require, Buffer in 2.0, the frozen Date), the built-in modules, then
// lockdown. sandbox-source.ts evaluates it with the module factories (the other files in this
// folder) in scope as `modules`; the host passes its bridge functions in `host`.
//
// Per invocation, dispatch(json) takes {now, eventType, event}, calls the function code's
// factory (attach) to get a fresh handler with fresh top-level variables, runs it and returns
// one JSON envelope: {r: result} or {e: {name, message}}, with l (log lines), t (logs were
// truncated) and o (origin modification calls). An async handler makes dispatch return ''; the
// host then runs the pending jobs and calls finish() for the envelope.
/* eslint-disable no-unused-expressions */
(function setup(modules, host, v2, logLimitBytes) {
  'use strict';

  const global = globalThis;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const hasOwn = Object.prototype.hasOwnProperty;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const ErrorCtor = Error;

  const state = { now: 0, eventType: '', origin: [], logs: [], logBytes: 0, logsTruncated: false, final: undefined };
  let factory;

  const bytes = modules.bytes();
  const FrozenDate = modules.date(state);
  const Buffer = v2 ? modules.buffer(bytes) : undefined;
  if (!v2) modules.byteStrings(bytes);

  const builtins = Object.create(null);
  builtins.crypto = modules.crypto(bytes, Buffer, host.digest);
  builtins.querystring = modules.querystring(bytes);
  if (v2) {
    builtins.cloudfront = modules.cloudfront(state, Buffer, host.kvsOpen, host.kvsGet, host.kvsMeta);
    builtins.buffer = freeze({ Buffer });
  }

  function require(name) {
    if (typeof name === 'string' && hasOwn.call(builtins, name)) return builtins[name];
    throw new ErrorCtor("Cannot find module '" + String(name) + "'");
  }

  function format(value) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function: ' + (value.name || 'anonymous') + ']';
    if (typeof value !== 'object' || value === null) return String(value);
    if (Buffer !== undefined && value instanceof Buffer) {
      const shown = Array.from(value.subarray(0, 50), (b) => (b < 16 ? '0' : '') + b.toString(16));
      return '<Buffer' + (shown.length > 0 ? ' ' + shown.join(' ') : '') + (value.length > 50 ? ' ... ' + (value.length - 50) + ' more bytes' : '') + '>';
    }
    if (value instanceof ErrorCtor) return String(value.name) + ': ' + String(value.message);
    try {
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      return String(value);
    }
  }

  // "Function logs in CloudFront Functions are truncated at 10 KB" (Restrictions on edge
  // functions, Logs): lines are kept until their UTF-8 size reaches the limit.
  function log(...args) {
    if (state.logsTruncated) return;
    let line = args.map(format).join(' ');
    const size = bytes.utf8Length(line) + 1;
    if (state.logBytes + size > logLimitBytes) {
      state.logsTruncated = true;
      const room = logLimitBytes - state.logBytes;
      if (room <= 1) return;
      line = line.slice(0, room - 1);
      while (bytes.utf8Length(line) > room - 1) line = line.slice(0, -1);
    }
    state.logBytes += size;
    state.logs.push(line);
  }

  const console = freeze({ log });

  defineProperty(global, 'Date', { value: FrozenDate, writable: false, enumerable: false, configurable: false });
  defineProperty(global, 'console', { value: console, writable: false, enumerable: false, configurable: false });
  defineProperty(global, 'require', { value: require, writable: false, enumerable: false, configurable: false });
  if (v2) defineProperty(global, 'Buffer', { value: Buffer, writable: false, enumerable: false, configurable: false });

  const builtinValues = Object.keys(builtins).map((name) => builtins[name]);
  const frozenObjects = modules.lockdown()(global, builtinValues);

  function describe(error) {
    try {
      if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
        return { name: typeof error.name === 'string' ? error.name : 'Error', message: error.message };
      }
      return { name: 'Error', message: String(error) };
    } catch {
      return { name: 'Error', message: 'the function threw a value that cannot be described' };
    }
  }

  function envelope(key, value) {
    const out = { l: state.logs, t: state.logsTruncated, o: state.origin };
    out[key] = value;
    return stringify(out);
  }

  function fail(error) {
    return envelope('e', describe(error));
  }

  function succeed(result) {
    try {
      return envelope('r', result);
    } catch (error) {
      return fail(error);
    }
  }

  function isThenable(value) {
    return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
  }

  function start(now, eventType) {
    state.now = now;
    state.eventType = eventType;
    state.origin = [];
    state.logs = [];
    state.logBytes = 0;
    state.logsTruncated = false;
    state.final = undefined;
  }

  function dispatch(json) {
    const input = parse(json);
    start(input.now, input.eventType);
    try {
      const handler = factory();
      if (typeof handler !== 'function') throw new ReferenceError('handler is not defined');
      const result = handler(input.event);
      if (isThenable(result)) {
        promiseThen.call(
          promiseResolve.call(PromiseCtor, result),
          (value) => {
            state.final = succeed(value);
          },
          (error) => {
            state.final = fail(error);
          },
        );
        return '';
      }
      return succeed(result);
    } catch (error) {
      return fail(error);
    }
  }

  function finish() {
    return state.final === undefined ? fail(new ErrorCtor('The handler returned a promise that never settled')) : state.final;
  }

  /** At compile time: does the code define a handler function? */
  function probe(now) {
    start(now, 'viewer-request');
    try {
      return typeof factory();
    } catch (error) {
      return 'error: ' + describe(error).name + ': ' + describe(error).message;
    } finally {
      start(0, '');
    }
  }

  function attach(fn) {
    if (factory !== undefined || typeof fn !== 'function') throw new TypeError('attach() takes the function factory once');
    factory = fn;
  }

  return freeze({ dispatch, finish, probe, attach, frozenObjects });
});
