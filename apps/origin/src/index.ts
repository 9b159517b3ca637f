export { createOriginApp, DEFAULT_DIR, type OriginApp, type OriginAppOptions } from './app.ts';
export { startOrigin, type RunningOrigin, type StartOriginOptions } from './server.ts';
export { RequestStats, type StatsSnapshot } from './stats.ts';
export { FaultTable, type FaultView } from './faults/table.ts';
export { parseFaultRule, parseFaultRules, type FaultMode, type FaultRule } from './faults/rules.ts';
export { deterministicBytes } from './deterministic-bytes.ts';
export type { EchoReport } from './routes/echo.ts';
export type { SignedDemoOptions } from './signed-demo/key.ts';
export type { Grant as SignedDemoGrant } from './signed-demo/grant.ts';
