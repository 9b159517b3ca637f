// @cachefront/control-plane: the API and edge protocol of docs/control-plane.md.

export { createControlPlane, startControlPlane, StartupError, DEFAULT_EDGE_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS } from './server.ts';
export type { ControlPlane, ControlPlaneOptions, RunningControlPlane, StartControlPlaneOptions } from './server.ts';
export { loadJwtKeys, SECRET_ENV } from './auth/keys.ts';
export type { JwtKeys, LoadJwtKeysOptions } from './auth/keys.ts';
export { mintToken, SCOPES } from './auth/tokens.ts';
export type { MintTokenOptions, Scope } from './auth/tokens.ts';
export { ControlPlaneError } from './errors.ts';
export type { ErrorCode, ErrorBody } from './errors.ts';
export { createAccessKey } from './cloudfront/access-keys.ts';
export { ACCESS_KEY_SCOPES } from './storage/access-key-store.ts';
export type { AccessKey, AccessKeyScope } from './storage/access-key-store.ts';
