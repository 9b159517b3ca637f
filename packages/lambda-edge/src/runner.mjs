// The child process a function version runs in (started by child.ts under Node's permission
// model: it may read only this file and the function's directory, write only its tmp dir, and
// start no processes or workers). It loads the handler once (Lambda's init phase), then runs
// one invocation at a time as the parent asks, over the IPC channel. Imports node: only.
//
// Plain JavaScript, not TypeScript: a child that strips types starts in ~70 ms with 57 MB
// resident, one that does not in ~30 ms with 40 MB (measured here, Node 24), and both count
// against the function's cold start and its memory size. The messages are typed in child.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import vm from 'node:vm';


/** @type {((event: unknown, context: unknown, callback: Function) => unknown) | undefined} */
let handler;
/** The invocation running, for console lines and for a crash report. */
/** @type {{ id: number, requestId: string } | undefined} */
let current;

const send = (msg, then) => process.send?.(msg, undefined, {}, then ? () => then() : undefined);
/**
 * An invocation's end: a mark on stdout and stderr first, then the result. The IPC channel
 * and the two pipes are read independently by the parent, which settles the invocation only
 * once it has the result and both marks, so what the handler wrote to them (process.stdout
 * .write, not console) is in its logs, never in the next invocation's.
 */
const END_MARK = (id) => `\u0000cachefront-end ${id}\n`;
const done = (msg) => {
  let left = 2;
  const go = () => {
    if (--left === 0) send(msg);
  };
  process.stdout.write(END_MARK(msg.id), go);
  process.stderr.write(END_MARK(msg.id), go);
};
const maxRssKb = () => process.resourceUsage().maxRSS;

function errorInfo(err) {
  if (err instanceof Error) return { errorType: err.name, message: err.message, ...(err.stack && { stack: err.stack.split('\n').slice(1).map((l) => l.trim()) }) };
  // Lambda reports a non-Error rejection or callback value with its string form.
  return { errorType: typeof err === 'string' ? 'string' : 'Error', message: typeof err === 'string' ? err : format('%o', err) };
}

// console, as Lambda's Node.js runtime formats it: "2024-01-01T00:00:00.000Z\t<requestId>\tINFO\tmessage".
function patchConsole() {
  const levels = [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']];
  for (const [method, level] of levels) {
    console[method] = (...args) => {
      send({ t: 'log', line: `${new Date().toISOString()}\t${current?.requestId ?? 'undefined'}\t${level}\t${format(...args)}` });
    };
  }
}

/** `index.handler` -> `<dir>/index.{js,mjs,cjs}` and `handler`; the module must stay inside dir. */
function locate(dir, spec) {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0 || dot === spec.length - 1) throw Object.assign(new Error(`Bad handler ${spec}: expected file.export, like index.handler`), { name: 'Runtime.MalformedHandlerName' });
  const base = resolve(dir, spec.slice(0, dot));
  if (!base.startsWith(resolve(dir) + sep)) throw Object.assign(new Error(`Bad handler ${spec}: outside the function's directory`), { name: 'Runtime.MalformedHandlerName' });
  for (const ext of ['.js', '.mjs', '.cjs']) if (existsSync(base + ext)) return { file: base + ext, exportName: spec.slice(dot + 1) };
  throw Object.assign(new Error(`Cannot find module '${spec.slice(0, dot)}'`), { name: 'Runtime.ImportModuleError' });
}

/**
 * The function's directory is its package root, as /var/task is on Lambda: `.mjs` and `.js`
 * under a `"type": "module"` package.json there are ES modules, `.cjs` and other `.js` CommonJS
 * (ES module syntax in a `.js` is detected, as Node does). Nothing above the directory counts.
 */
async function load(dir, file) {
  const pkg = join(dir, 'package.json');
  const typeModule = existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).type === 'module';
  const esm = () => import(pathToFileURL(file).href);
  if (file.endsWith('.mjs') || (file.endsWith('.js') && typeModule)) return esm();
  const source = readFileSync(file, 'utf8');
  let wrapper;
  try {
    wrapper = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename: file,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  } catch (err) {
    if (file.endsWith('.js') && err instanceof SyntaxError && /\b(import|export)\b/.test(err.message)) return esm();
    throw err;
  }
  const mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

async function init(msg) {
  try {
    const { file, exportName } = locate(msg.dir, msg.handler);
    const exports = await load(msg.dir, file);
    const fn = exports[exportName] ?? exports.default?.[exportName];
    if (typeof fn !== 'function') throw Object.assign(new Error(`${msg.handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
    handler = fn;
    send({ t: 'ready', maxRssKb: maxRssKb() });
  } catch (err) {
    const { errorType, message } = errorInfo(err);
    send({ t: 'init-error', errorType: errorType === 'Error' || errorType === 'SyntaxError' ? 'Runtime.UserCodeSyntaxError' : errorType, message: `${errorType}: ${message}` }, () => process.exit(1));
  }
}

function invoke(msg) {
  const { deadlineMs, ...fields } = msg.context;
  current = { id: msg.id, requestId: fields.awsRequestId };
  let finished = false;
  /** A callback result waiting for the event loop to empty (callbackWaitsForEmptyEventLoop). */
  let pending;
  const finish = (err, result) => {
    if (finished) return;
    finished = true;
    process.channel?.ref();
    process.removeListener('beforeExit', onEmptyLoop);
    if (err !== undefined && err !== null) return void done({ t: 'done', id: msg.id, ok: false, ...errorInfo(err), maxRssKb: maxRssKb() });
    let json;
    try {
      json = JSON.stringify(result ?? null);
    } catch (e) {
      return void done({ t: 'done', id: msg.id, ok: false, errorType: 'Runtime.MalformedResult', message: `Unable to stringify the result: ${errorInfo(e).message}`, maxRssKb: maxRssKb() });
    }
    done({ t: 'done', id: msg.id, ok: true, json, maxRssKb: maxRssKb() });
  };
  // The loop emptied: a callback result goes out now; a handler that never called back returns null (as on Lambda).
  const onEmptyLoop = () => finish(pending?.err, pending?.result ?? null);
  const context = {
    ...fields,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: (err, result) => callback(err, result),
    succeed: (result) => callback(null, result),
    fail: (err) => callback(err ?? new Error('failed')),
  };
  const callback = (err, result) => {
    if (finished || pending) return;
    if (!context.callbackWaitsForEmptyEventLoop) return finish(err, result);
    pending = { err, result };
    waitForEmptyLoop();
  };
  // With the IPC channel unref'd, 'beforeExit' fires once nothing the handler started is left.
  const waitForEmptyLoop = () => {
    process.channel?.unref();
    process.once('beforeExit', onEmptyLoop);
  };
  let returned;
  try {
    returned = handler(msg.event, context, callback);
  } catch (err) {
    return finish(err, undefined);
  }
  if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
    returned.then(
      (result) => finish(null, result),
      (err) => finish(err ?? new Error('The handler rejected with no reason'), undefined),
    );
  } else if (!pending && !finished) waitForEmptyLoop();
}

// An exception or rejection outside the handler's own promise ends the runtime, as on Lambda.
function crash(errorType, err) {
  const info = errorInfo(err);
  send({ t: 'crash', id: current?.id, errorType, message: `${info.errorType}: ${info.message}` }, () => process.exit(129));
}
process.on('uncaughtException', (err) => crash('Runtime.UncaughtException', err));
process.on('unhandledRejection', (err) => crash('Runtime.UnhandledPromiseRejection', err));
process.on('disconnect', () => process.exit(0));
patchConsole();
process.on('message', (msg) => {
  if (msg.t === 'init') void init(msg);
  else if (msg.t === 'invoke') invoke(msg);
});
