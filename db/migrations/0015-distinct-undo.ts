import type Database from 'better-sqlite3';

/**
 * "Bukan duplikat" can be undone, as a synced change of its own row: `undone_at` (and who) on the
 * site_distinct row puts the pair back on the list of likely duplicates on every laptop; saying
 * "bukan duplikat" again clears it. Null on every decision made before. (The table's guard
 * triggers, from 0009, cover the new cells.)
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE site_distinct ADD COLUMN undone_by TEXT;
    ALTER TABLE site_distinct ADD COLUMN undone_at TEXT;
  `);
}
