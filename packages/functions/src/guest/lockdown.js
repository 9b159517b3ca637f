// The last step of setting up a sandbox, before any function code runs:
// 1. Dynamic code evaluation throws (JavaScript runtime features, "Restricted features":
//    "Both eval() and Function constructors throw an error if attempted"): eval and every
//    Function constructor (plain, async, generator, async generator) are replaced by
//    functions that throw an EvalError, wherever code could reach them.
// 2. Built-ins that would let one invocation reach a later one are removed: WeakRef and
//    FinalizationRegistry (their callbacks run later), SharedArrayBuffer and Atomics.
// 3. Everything reachable from globalThis (and the hidden intrinsics: iterator, generator and
//    async function prototypes, %TypedArray%) is frozen, so an invocation cannot change what
//    the next one sees (Object.prototype pollution, a replaced JSON.parse, a global). So that
//    ordinary code still runs, the data properties of Object.prototype and of the Error
//    prototypes become accessors whose setter defines an own property on the receiver:
//    `obj.toString = f` keeps working although Object.prototype.toString is frozen
//    (the "override mistake" otherwise throws in strict mode).
// Evaluated inside the QuickJS context by sandbox-source.ts; returns lockdown(extraRoots).
/* eslint-disable no-unused-expressions */
(function lockdownModule() {
  'use strict';

  const getPrototypeOf = Object.getPrototypeOf;
  const defineProperty = Object.defineProperty;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ownKeys = Reflect.ownKeys;
  const freeze = Object.freeze;

  function thrower(what) {
    return function () {
      throw new EvalError(what + ' is not supported: dynamic code evaluation is disabled in CloudFront Functions');
    };
  }

  function disableCodeEvaluation(global) {
    defineProperty(global, 'eval', { value: thrower('eval()'), writable: false, enumerable: false, configurable: false });
    const constructors = [
      ['Function', Function.prototype],
      ['AsyncFunction', getPrototypeOf(async function () {})],
      ['GeneratorFunction', getPrototypeOf(function* () {})],
      ['AsyncGeneratorFunction', getPrototypeOf(async function* () {})],
    ];
    for (const [name, prototype] of constructors) {
      const fake = thrower(name === 'Function' ? 'The Function constructor' : 'The ' + name + ' constructor');
      defineProperty(fake, 'name', { value: name });
      defineProperty(fake, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
      defineProperty(prototype, 'constructor', { value: fake, writable: false, enumerable: false, configurable: false });
      if (name === 'Function') defineProperty(global, 'Function', { value: fake, writable: false, enumerable: false, configurable: false });
    }
  }

  function removeGlobals(global) {
    for (const name of ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics']) delete global[name];
  }

  /** A data property becomes an accessor; assigning through a derived object defines an own property. */
  function enableOverride(proto, key) {
    const desc = getOwnPropertyDescriptor(proto, key);
    if (desc === undefined || !('value' in desc) || !desc.configurable) return;
    const value = desc.value;
    defineProperty(proto, key, {
      get: function () {
        return value;
      },
      set: function (next) {
        if (this === proto) throw new TypeError("Cannot assign to read only property '" + String(key) + "' of object");
        defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }

  function enableOverrides() {
    for (const key of ownKeys(Object.prototype)) enableOverride(Object.prototype, key);
    const errors = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
    if (typeof InternalError === 'function') errors.push(InternalError);
    if (typeof AggregateError === 'function') errors.push(AggregateError);
    for (const E of errors) {
      for (const key of ['name', 'message', 'toString', 'constructor']) enableOverride(E.prototype, key);
    }
    for (const key of ['toString', 'constructor']) enableOverride(Function.prototype, key);
  }

  function hiddenIntrinsics() {
    const roots = [
      getPrototypeOf(async function () {}),
      getPrototypeOf(function* () {}),
      getPrototypeOf(async function* () {}),
      getPrototypeOf((function* () {})()),
      getPrototypeOf([][Symbol.iterator]()),
      getPrototypeOf(new Map()[Symbol.iterator]()),
      getPrototypeOf(new Set()[Symbol.iterator]()),
      getPrototypeOf(''[Symbol.iterator]()),
      getPrototypeOf(Uint8Array),
      getOwnPropertyDescriptor(
        (function () {
          return arguments;
        })(),
        'callee',
      ),
    ];
    try {
      roots.push(getPrototypeOf(/a/[Symbol.matchAll]('a')));
    } catch {
      // no String.prototype.matchAll iterator in this engine
    }
    return roots;
  }

  /** Freeze everything reachable through own properties, accessors and prototypes. */
  function harden(roots) {
    const seen = new Set();
    const stack = roots.slice();
    while (stack.length > 0) {
      const value = stack.pop();
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
      seen.add(value);
      freeze(value);
      stack.push(getPrototypeOf(value));
      for (const key of ownKeys(value)) {
        const desc = getOwnPropertyDescriptor(value, key);
        if (desc === undefined) continue;
        if ('value' in desc) stack.push(desc.value);
        else stack.push(desc.get, desc.set);
      }
    }
    return seen.size;
  }

  return function lockdown(global, extraRoots) {
    disableCodeEvaluation(global);
    removeGlobals(global);
    enableOverrides();
    return harden([global].concat(hiddenIntrinsics(), extraRoots));
  };
});
