// Date frozen at the start of each invocation (JavaScript runtime features, "Date and
// timestamps": "All Date methods to query the current time always return the same value
// during the lifetime of a single function run. The returned timestamp is the time when the
// function started running."). Date(), new Date() and Date.now() read state.now, which the
// dispatcher sets before each run; every other use of Date is the built-in one.
// Evaluated inside the QuickJS context by sandbox-source.ts.
/* eslint-disable no-unused-expressions */
(function dateModule(state) {
  'use strict';

  const RealDate = Date;
  const construct = Reflect.construct;

  const FrozenDate = function Date(...args) {
    if (new.target === undefined) return new RealDate(state.now).toString();
    return construct(RealDate, args.length === 0 ? [state.now] : args, new.target);
  };
  Object.defineProperty(FrozenDate, 'length', { value: 7 });
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = function now() {
    return state.now;
  };
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, configurable: true });
  return FrozenDate;
});
