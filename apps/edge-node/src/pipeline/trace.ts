import type { ExplainStep, Explanation } from '@cachefront/protocol';

/**
 * What the request plan did, step by step, for `explain` (plan.ts). The handler plans
 * without one: every call site is `trace?.…`, so building a detail costs nothing then.
 */
export class Trace {
  readonly steps: ExplainStep[] = [];
  readonly functions: NonNullable<Explanation['functions']> = [];
  /** The detail of the step that stopped the request, for the verdict's summary. */
  stopDetail: string | undefined;

  pass(name: string, detail: string): void {
    this.steps.push({ name, outcome: 'pass', detail });
  }

  skip(name: string, detail: string): void {
    this.steps.push({ name, outcome: 'skip', detail });
  }

  stop(name: string, detail: string): void {
    this.stopDetail = detail;
    this.steps.push({ name, outcome: 'stop', detail });
  }
}
