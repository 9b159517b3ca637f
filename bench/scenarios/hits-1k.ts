// Cache hits of 1 KiB: GET /bytes/1024 from a warm cache, every response a hit.
import { hitsScenario } from './hits.ts';

export const { options, plan, checks, thresholds } = hitsScenario(1024, '1 KiB');
