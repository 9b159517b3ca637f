export { startEdge, ConfigError, StartupError, type StartEdgeOptions, type RunningEdge } from './primary.ts';
export type { S3Credentials } from './origin/s3.ts';
