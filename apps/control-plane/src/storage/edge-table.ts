// The edges the control plane has heard from, kept across restarts (the `edges` table):
// what each has applied, so one that reconnects is caught up from there.

import type { Db } from './db.ts';

export interface EdgeRow {
  id: string;
  pop: string;
  firstSeen: number;
  lastSeen: number;
  appliedSeq: number;
}

export class EdgeTable {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  load(): EdgeRow[] {
    return this.db.records<EdgeRow>('SELECT id, pop, first_seen AS firstSeen, last_seen AS lastSeen, applied_seq AS appliedSeq FROM edges ORDER BY first_seen, id');
  }

  delete(id: string): void {
    this.db.run('DELETE FROM edges WHERE id = ?', id);
  }

  save(e: EdgeRow): void {
    this.db.run(
      `INSERT INTO edges (id, pop, first_seen, last_seen, applied_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pop = excluded.pop, last_seen = excluded.last_seen, applied_seq = excluded.applied_seq`,
      e.id,
      e.pop,
      e.firstSeen,
      e.lastSeen,
      e.appliedSeq,
    );
  }
}
