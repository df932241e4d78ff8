import type { Db } from '../open-database';

/**
 * A write transaction opened now and ended by the caller, for a write that yields between its
 * steps (core.heldWrite). Write units run inside it as savepoints (better-sqlite3 nests them).
 */
export function beginLongTransaction(db: Db): { commit(): void; rollback(): void } {
  db.prepare('BEGIN IMMEDIATE').run();
  return {
    commit: () => db.prepare('COMMIT').run(),
    rollback: () => {
      if (db.inTransaction) db.prepare('ROLLBACK').run();
    },
  };
}
