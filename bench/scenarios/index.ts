// The scenarios `npm run bench -- --only scenarios` can run, in the order they run.
// Each module exports options, plan, checks and thresholds (bench/lib/scenarios.ts).
import type { Scenario } from '../lib/scenarios.ts';
import * as functions from './functions.ts';
import * as hits100k from './hits-100k.ts';
import * as hits1k from './hits-1k.ts';
import * as misses from './misses.ts';
import * as signed from './signed.ts';
import * as zipf from './zipf.ts';

export const SCENARIOS: readonly Scenario[] = [
  { name: 'hits-1k', ...hits1k },
  { name: 'hits-100k', ...hits100k },
  { name: 'misses', ...misses },
  { name: 'signed', ...signed },
  { name: 'functions', ...functions },
  { name: 'zipf', ...zipf },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
