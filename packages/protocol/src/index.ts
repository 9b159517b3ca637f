// @cachefront/protocol: every message that crosses a process boundary, defined once
// (docs/architecture.md, "Protocol"). Types and the parsers that validate them; no I/O.

export * from './edge-stream.ts';
export * from './usage.ts';
export * from './log-entries.ts';
export * from './explain.ts';
export * from './worker.ts';
