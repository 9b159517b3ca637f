// The contract every store of the control plane keeps, as one suite each store runs (in the
// spirit of undici's `cacheStoreTests(Store)`): create, get, list, update with If-Match (a
// stale one is 412 PreconditionFailed, a missing one 400 InvalidIfMatchVersion), delete with
// If-Match, refused while in use, version rows immutable, `seq` advanced by each change and
// by nothing refused, and everything still there after the database file is reopened.
// stores.test.ts runs it for every kind.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { ControlPlaneError, type ErrorCode } from '../errors.ts';
import { tempDir } from '../test-support.ts';
import { Store } from './store.ts';

/** How the suite drives one kind's store. Operations may be async (functions compile their code). */
export interface StoreSubject<R extends { id: string; etag: string }> {
  /** Where its version rows are (the suite checks the database refuses to change them). */
  versions: { table: string; idColumn: string };
  codes: { missing: ErrorCode; exists: ErrorCode };
  /** Runs on each fresh store first (e.g. the public key a key group lists). */
  setup?(store: Store): void | Promise<void>;
  /** A valid new entry; `n` makes its id and name distinct. */
  entry(n: number): unknown;
  /** The id the record created from `entry(n)` has. */
  idOf(n: number): string;
  create(store: Store, body: unknown): R | Promise<R>;
  get(store: Store, id: string): R | undefined;
  list(store: Store): R[];
  /** What the record holds (compared after an update and after a reopen). */
  content(r: R): unknown;
  /** A change of the entry; `ifMatch: 'optional'` when a missing If-Match is allowed. */
  update: { body(n: number): unknown; run(store: Store, id: string, ifMatch: string | undefined, body: unknown): R | Promise<R>; ifMatch: 'required' | 'optional' };
  delete(store: Store, id: string, ifMatch: string | undefined): { seq: number };
  /** Makes a delete allowed (a distribution is disabled first); returns the current record. */
  prepareDelete?(store: Store, r: R): R;
  /** Puts entry `id` in use (something references it): its delete is then refused with `code`. */
  inUse?: { use(store: Store, id: string): void | Promise<void>; code: ErrorCode };
}

/** Asserts `fn` throws (or rejects with) the ControlPlaneError `code`, with its HTTP status. */
async function refused(fn: () => unknown, code: ErrorCode, status: number): Promise<void> {
  await assert.rejects(
    async () => fn(),
    (err: unknown) => {
      assert.ok(err instanceof ControlPlaneError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.status, status);
      return true;
    },
  );
}

export function storeContractTests<R extends { id: string; etag: string }>(name: string, subject: StoreSubject<R>): void {
  /** A fresh store on its own file; `reopen()` closes and opens the same file. */
  async function open(t: { after(fn: () => void): void }) {
    const dir = tempDir();
    const path = join(dir, 'cp.db');
    let store = new Store(path);
    t.after(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await subject.setup?.(store);
    return {
      get store() {
        return store;
      },
      path,
      reopen() {
        store.close();
        store = new Store(path);
      },
    };
  }

  describe(`store contract: ${name}`, () => {
    test('create: a new ETag and one seq; get and list answer it; the same id again is refused', async (t) => {
      const { store } = await open(t);
      const seq0 = store.head();
      const r = await subject.create(store, subject.entry(1));
      assert.equal(r.id, subject.idOf(1));
      assert.match(r.etag, /^[A-Z0-9]{13,14}$/);
      assert.equal(store.head(), seq0 + 1, 'one change, one seq');
      assert.deepEqual(subject.get(store, r.id), r);
      assert.equal(subject.get(store, 'no-such-entry'), undefined);
      await subject.create(store, subject.entry(2));
      assert.deepEqual(
        subject.list(store).map((x) => x.id),
        [subject.idOf(1), subject.idOf(2)],
        'oldest first',
      );
      await refused(() => subject.create(store, subject.entry(1)), subject.codes.exists, 409);
      assert.equal(store.head(), seq0 + 2, 'a refused change advances nothing');
    });

    test('update: If-Match names the current ETag (quoted or not); a stale one is 412, a missing one 400 when required', async (t) => {
      const { store } = await open(t);
      const r = await subject.create(store, subject.entry(1));
      const seq0 = store.head();
      await refused(() => subject.update.run(store, 'no-such-entry', r.etag, subject.update.body(1)), subject.codes.missing, 404);
      await refused(() => subject.update.run(store, r.id, 'STALE', subject.update.body(1)), 'PreconditionFailed', 412);
      if (subject.update.ifMatch === 'required') await refused(() => subject.update.run(store, r.id, undefined, subject.update.body(1)), 'InvalidIfMatchVersion', 400);
      assert.equal(store.head(), seq0, 'nothing refused changes seq');
      const updated = await subject.update.run(store, r.id, `"${r.etag}"`, subject.update.body(1));
      assert.equal(updated.id, r.id);
      assert.notEqual(updated.etag, r.etag);
      assert.notDeepEqual(subject.content(updated), subject.content(r));
      assert.equal(store.head(), seq0 + 1);
      assert.deepEqual(subject.get(store, r.id), updated);
      await refused(() => subject.update.run(store, r.id, r.etag, subject.update.body(1)), 'PreconditionFailed', 412);
    });

    test('delete: If-Match required and current; the entry is gone from get and list', async (t) => {
      const { store } = await open(t);
      let r = await subject.create(store, subject.entry(1));
      r = subject.prepareDelete?.(store, r) ?? r;
      await refused(() => subject.delete(store, 'no-such-entry', r.etag), subject.codes.missing, 404);
      await refused(() => subject.delete(store, r.id, undefined), 'InvalidIfMatchVersion', 400);
      await refused(() => subject.delete(store, r.id, 'STALE'), 'PreconditionFailed', 412);
      const seq0 = store.head();
      const { seq } = subject.delete(store, r.id, r.etag);
      assert.equal(seq, seq0 + 1);
      assert.equal(store.head(), seq);
      assert.equal(subject.get(store, r.id), undefined);
      assert.deepEqual(subject.list(store), []);
      await refused(() => subject.delete(store, r.id, r.etag), subject.codes.missing, 404);
    });

    if (subject.inUse !== undefined) {
      const inUse = subject.inUse;
      test(`delete is refused while in use (${inUse.code})`, async (t) => {
        const { store } = await open(t);
        const r = await subject.create(store, subject.entry(1));
        await inUse.use(store, r.id);
        const current = subject.get(store, r.id);
        assert.ok(current !== undefined);
        const seq0 = store.head();
        await refused(() => subject.delete(store, r.id, current.etag), inUse.code, 409);
        assert.equal(store.head(), seq0);
        assert.deepEqual(subject.get(store, r.id), current);
      });
    }

    test('version rows record every change, and the database refuses to change them', async (t) => {
      const { store, path } = await open(t);
      const r = await subject.create(store, subject.entry(1));
      let u = await subject.update.run(store, r.id, r.etag, subject.update.body(1));
      u = subject.prepareDelete?.(store, u) ?? u;
      subject.delete(store, r.id, u.etag);
      const { table, idColumn } = subject.versions;
      const db = new DatabaseSync(path);
      t.after(() => db.close());
      const rows = db.prepare(`SELECT seq, op, etag FROM ${table} WHERE ${idColumn} = ? ORDER BY vid`).all(r.id);
      assert.equal(rows[0]?.op, 'create');
      assert.equal(rows[0]?.etag, r.etag);
      assert.equal(rows.at(-1)?.op, 'delete');
      assert.equal(rows.at(-1)?.etag, null);
      assert.ok(rows.some((x) => x.etag === u.etag));
      const seqs = rows.map((x) => x.seq as number);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
      assert.throws(() => db.prepare(`UPDATE ${table} SET etag = 'X' WHERE ${idColumn} = ?`).run(r.id), /immutable/);
      assert.throws(() => db.prepare(`DELETE FROM ${table} WHERE ${idColumn} = ?`).run(r.id), /immutable/);
    });

    test('reopening the database file keeps every entry, its ETag and the seq', async (t) => {
      const opened = await open(t);
      const a = await subject.create(opened.store, subject.entry(1));
      const b = await subject.create(opened.store, subject.entry(2));
      const b2 = await subject.update.run(opened.store, b.id, b.etag, subject.update.body(2));
      const before = { list: subject.list(opened.store), head: opened.store.head() };
      opened.reopen();
      assert.deepEqual(subject.list(opened.store), before.list);
      assert.equal(opened.store.head(), before.head);
      assert.deepEqual(subject.get(opened.store, a.id), a);
      assert.equal(subject.get(opened.store, b.id)?.etag, b2.etag);
      assert.deepEqual(subject.content(subject.get(opened.store, b.id) as R), subject.content(b2));
      // The sequence continues.
      await subject.create(opened.store, subject.entry(3));
      assert.equal(opened.store.head(), before.head + 1);
    });
  });
}
