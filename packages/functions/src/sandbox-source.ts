// The JavaScript evaluated inside each sandbox: the files in ./guest, read once, and the
// wrapper that turns a function's code into a factory the dispatcher calls per invocation.

import { readFileSync } from 'node:fs';
import type { FunctionRuntime } from './types.ts';

function guest(name: string): string {
  const text = readFileSync(new URL(`./guest/${name}.js`, import.meta.url), 'utf8');
  // Each file is one parenthesized function expression followed by ';'.
  return text.replace(/;\s*$/, '');
}

const MODULES = ['bytes', 'buffer', 'querystring', 'crypto', 'cloudfront', 'byteStrings', 'date', 'lockdown'] as const;
const FILES: Record<(typeof MODULES)[number], string> = {
  bytes: 'bytes',
  buffer: 'buffer',
  querystring: 'querystring',
  crypto: 'crypto',
  cloudfront: 'cloudfront',
  byteStrings: 'byte-strings',
  date: 'date',
  lockdown: 'lockdown',
};

/** Evaluates to setup(host, v2, logLimitBytes) with the module factories in scope. */
export const SETUP_SOURCE = `(function () {
'use strict';
const modules = {
${MODULES.map((m) => `${m}: ${guest(FILES[m])}`).join(',\n')}
};
const setup = ${guest('setup')};
return function (host, v2, logLimitBytes) { return setup(modules, host, v2, logLimitBytes); };
})()`;

/** The file name QuickJS reports in stack traces of the function's code. */
export const FUNCTION_FILENAME = 'function.js';

/**
 * The function's code as a factory: each call runs the code's top level afresh and returns
 * its `handler`. The code starts on line 1 so QuickJS's line numbers are the code's own.
 * Functions run in strict mode ("Functions operate in strict mode by default").
 */
export function factorySource(code: string): string {
  return `(function () {"use strict";${code}\n;return typeof handler === "function" ? handler : undefined;})`;
}

// `import cf from 'cloudfront';` (the form the 2.0 docs use), `import * as qs from ...` and
// `import { createHash } from 'crypto';`, rewritten on their own line to require() calls.
const IMPORT = /^([ \t]*)import\s+(?:(\w+)|\*\s*as\s+(\w+)|\{([^}]*)\})\s*from\s*(['"])([^'"\n]+)\5[ \t]*;?/gm;

/** cloudfront-js-2.0 takes ES module imports of the built-in modules; 1.0 does not. */
export function rewriteImports(code: string, runtime: FunctionRuntime): string {
  if (runtime !== 'cloudfront-js-2.0') return code;
  return code.replace(IMPORT, (_match, indent: string, name?: string, star?: string, names?: string, _q?: string, module?: string) => {
    const source = `require(${JSON.stringify(module)})`;
    if (name !== undefined || star !== undefined) return `${indent}var ${name ?? star} = ${source};`;
    const bindings = (names ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0)
      .map((b) => b.replace(/^(\w+)\s+as\s+(\w+)$/, '$1: $2'));
    return `${indent}var { ${bindings.join(', ')} } = ${source};`;
  });
}
