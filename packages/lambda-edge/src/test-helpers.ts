// Test helpers: a function directory written from sources, and a typical event.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildEvent, customOrigin } from './event.ts';
import type { FunctionVersion } from './runtime-types.ts';
import type { CfEvent, EventType } from './types.ts';

const made: string[] = [];

/** A directory holding `files` (path -> source), as a function's code; `removeFunctionDirs()` deletes them. */
export function functionDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-edge-test-'));
  made.push(dir);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

export function removeFunctionDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function version(dir: string, handler = 'index.handler', extra: Partial<FunctionVersion> = {}): FunctionVersion {
  return { name: 'test-fn', version: '1', runtime: 'nodejs22.x', handler, dir, ...extra };
}

/** The event CloudFront's docs show, for `eventType`. */
export function sampleEvent(eventType: EventType, extra: { body?: string; headers?: Array<[string, string]> } = {}): CfEvent {
  return buildEvent({
    eventType,
    distributionId: 'EDFDVBD6EXAMPLE',
    distributionDomainName: 'd111111abcdef8.cloudfront.net',
    requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
    clientIp: '203.0.113.178',
    method: extra.body === undefined ? 'GET' : 'POST',
    uri: '/picture.jpg',
    querystring: 'size=large',
    headers: extra.headers ?? [
      ['Host', 'd111111abcdef8.cloudfront.net'],
      ['User-Agent', 'curl/8.0.0'],
      ['Accept', '*/*'],
    ],
    origin: customOrigin({ domainName: 'example.org', protocol: 'https', customHeaders: [] }),
    ...(extra.body !== undefined && { body: extra.body }),
    response: { status: 200, headers: [['Content-Type', 'image/jpeg'], ['Content-Length', '1024'], ['Via', '1.1 xyz.cloudfront.net (CloudFront)']] },
  });
}
