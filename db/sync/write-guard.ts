import type Database from 'better-sqlite3';

/**
 * Tables that only the replicator may write: the synced tables and what is derived from them.
 * Triggers (migration 0005) refuse any INSERT, UPDATE or DELETE on them unless the connection's
 * guard is open, and only the replicator (and the migration runner) opens it. So a repo that
 * writes one of them with its own SQL fails at once, in every test, instead of silently
 * skipping the change log. (This is the list migration 0005 guarded; tables made later are
 * guarded by their own migration: site_distinct by 0009, office_setting by 0010.)
 */
export const GUARDED_TABLES = [
  'officer',
  'replica',
  'wilayah',
  'wilayah_regency',
  'site',
  'site_merge',
  'site_fact',
  'visit',
  'visit_revision',
  'attachment',
  'conflict_ack',
] as const;

export interface WriteGuard {
  /** True only while the replicator (or a migration) writes the guarded tables. */
  open: boolean;
}

const guards = new WeakMap<Database.Database, WriteGuard>();

/** The connection's guard, registering the SQL function the triggers call on first use. */
export function writeGuard(db: Database.Database): WriteGuard {
  let guard = guards.get(db);
  if (!guard) {
    const created: WriteGuard = { open: false };
    db.function('ikm_may_write', { deterministic: false }, () => (created.open ? 1 : 0));
    guards.set(db, created);
    guard = created;
  }
  return guard;
}

/** Runs `fn` with the guard open, closing it again whatever happens. */
export function withGuardOpen<T>(db: Database.Database, fn: () => T): T {
  const guard = writeGuard(db);
  const was = guard.open;
  guard.open = true;
  try {
    return fn();
  } finally {
    guard.open = was;
  }
}

/** The SQL of the triggers that enforce the guard on one table. */
export function guardTriggersSql(table: string): string {
  return ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (op) => `CREATE TRIGGER ${table}_guard_${op.toLowerCase()} BEFORE ${op} ON ${table} WHEN ikm_may_write() = 0 BEGIN
        SELECT RAISE(ABORT, 'ikm: ${table} is written only through the write unit');
      END;`,
    )
    .join('\n');
}
