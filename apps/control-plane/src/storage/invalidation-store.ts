// Invalidations in the store: created in one transaction with their own `seq`, idempotent
// per `callerReference`, and `InProgress` until every live edge has acked that seq
// (docs/control-plane.md, "Invalidations").

import type { PriceClass } from '@cachefront/config';
import type { Db, Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newInvalidationId } from './ids.ts';
import { inProgressLimitProblem, parseInvalidationBatch, samePaths } from './invalidation-batch.ts';

export type InvalidationStatus = 'InProgress' | 'Completed';

export interface InvalidationRecord {
  id: string;
  distributionId: string;
  callerReference: string;
  paths: string[];
  seq: number;
  status: InvalidationStatus;
  createTime: number;
  completedTime: number | undefined;
}

const COLUMNS = 'id, distribution_id, caller_reference, paths, seq, status, created_at, completed_at';

export class InvalidationStore {
  private readonly db: Db;
  private readonly now: () => number;
  private readonly distribution: (id: string) => { config: { cacheTagHeader?: string; priceClass: PriceClass } } | undefined;

  constructor(db: Db, now: () => number, distribution: InvalidationStore['distribution']) {
    this.db = db;
    this.now = now;
    this.distribution = distribution;
  }
  /** Invalidations not yet Completed, over all distributions (metrics). */
  countInProgress(): number {
    return Number(this.db.get("SELECT count(*) AS n FROM invalidations WHERE status = 'InProgress'")?.n ?? 0);
  }


  /**
   * `POST /v1/distributions/:id/invalidations`. `appliedByAll` is the seq every live edge
   * has applied (Infinity with no live edge: the invalidation is Completed at once).
   * `created` is false when the same request was already made.
   */
  create(distributionId: string, body: unknown, appliedFor: (priceClass: PriceClass) => number): { record: InvalidationRecord; created: boolean } {
    return this.db.tx(() => {
      const dist = this.distribution(distributionId);
      if (dist === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${distributionId}`);
      const parsed = parseInvalidationBatch(body, { cacheTags: dist.config.cacheTagHeader !== undefined });
      if (parsed.issues) throw invalidArgument(parsed.issues, 'the invalidation batch');
      const { callerReference, paths } = parsed.value;

      // CreateInvalidation: a repeated CallerReference with the same batch returns the
      // existing invalidation; with another batch, InvalidationBatchAlreadyExists.
      const existing = this.db.get(`SELECT ${COLUMNS} FROM invalidations WHERE distribution_id = ? AND caller_reference = ?`, distributionId, callerReference);
      if (existing !== undefined) {
        const record = invalidationOf(existing);
        if (samePaths(record.paths, paths)) return { record, created: false };
        throw new ControlPlaneError(
          'InvalidationBatchAlreadyExists',
          `callerReference '${callerReference}' was already used for invalidation ${record.id} with other paths`,
        );
      }

      const inProgress = this.db
        .all("SELECT paths FROM invalidations WHERE distribution_id = ? AND status = 'InProgress'", distributionId)
        .map((r) => JSON.parse(r.paths as string) as string[]);
      const problem = inProgressLimitProblem(inProgress, paths);
      if (problem !== undefined) throw new ControlPlaneError('TooManyInvalidationsInProgress', problem);

      const seq = this.db.nextSeq();
      const now = this.now();
      const done = seq <= appliedFor(dist.config.priceClass);
      const id = this.unusedId();
      this.db.run(
        `INSERT INTO invalidations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        distributionId,
        callerReference,
        JSON.stringify(paths),
        seq,
        done ? 'Completed' : 'InProgress',
        now,
        done ? now : null,
      );
      const record: InvalidationRecord = {
        id,
        distributionId,
        callerReference,
        paths,
        seq,
        status: done ? 'Completed' : 'InProgress',
        createTime: now,
        completedTime: done ? now : undefined,
      };
      return { record, created: true };
    });
  }

  get(distributionId: string, id: string): InvalidationRecord | undefined {
    const row = this.db.get(`SELECT ${COLUMNS} FROM invalidations WHERE distribution_id = ? AND id = ?`, distributionId, id);
    return row === undefined ? undefined : invalidationOf(row);
  }

  /** Newest first. */
  list(distributionId: string): InvalidationRecord[] {
    return this.db.all(`SELECT ${COLUMNS} FROM invalidations WHERE distribution_id = ? ORDER BY seq DESC`, distributionId).map(invalidationOf);
  }

  /** Every invalidation with a seq after `seq`, in seq order (an edge's catch-up). */
  after(seq: number): InvalidationRecord[] {
    return this.db.all(`SELECT ${COLUMNS} FROM invalidations WHERE seq > ? ORDER BY seq`, seq).map(invalidationOf);
  }

  /** Marks `Completed` every invalidation in progress with a seq up to `seq`; returns their ids. */
  /**
   * Completes every invalidation in progress whose seq every live edge of its
   * distribution's price class has applied (`appliedFor`). Returns their ids.
   */
  completeUpTo(appliedFor: (priceClass: PriceClass) => number): string[] {
    const pending = this.db.all("SELECT id, distribution_id, seq FROM invalidations WHERE status = 'InProgress'");
    if (pending.length === 0) return [];
    const done = pending
      .filter((r) => {
        const priceClass = this.distribution(r.distribution_id as string)?.config.priceClass ?? 'PriceClass_All';
        return (r.seq as number) <= appliedFor(priceClass);
      })
      .map((r) => r.id as string);
    if (done.length === 0) return [];
    const now = this.now();
    this.db.tx(() => {
      for (const id of done) this.db.run("UPDATE invalidations SET status = 'Completed', completed_at = ? WHERE id = ? AND status = 'InProgress'", now, id);
    });
    return done;
  }

  private unusedId(): string {
    for (;;) {
      const id = newInvalidationId();
      if (this.db.get('SELECT 1 FROM invalidations WHERE id = ?', id) === undefined) return id;
    }
  }
}


function invalidationOf(r: Row): InvalidationRecord {
  return {
    id: r.id as string,
    distributionId: r.distribution_id as string,
    callerReference: r.caller_reference as string,
    paths: JSON.parse(r.paths as string) as string[],
    seq: r.seq as number,
    status: r.status as InvalidationStatus,
    createTime: r.created_at as number,
    completedTime: (r.completed_at as number | null) ?? undefined,
  };
}
