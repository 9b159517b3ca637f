// Cache hits of 100 KiB: GET /bytes/102400 from a warm cache, every response a hit.
import { hitsScenario } from './hits.ts';

export const { options, plan, checks, thresholds } = hitsScenario(100 * 1024, '100 KiB');
