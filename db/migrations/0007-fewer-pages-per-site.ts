import type Database from 'better-sqlite3';

/**
 * Fewer pages per new site (about 19 → 16; each is written and fsynced with the commit).
 * - The KBLI and status filters lose their own indexes: the name index carries both columns after
 *   the name, so the register's name order with either filter (and the count by status) reads the
 *   name index alone, without the rows.
 * - A new site is no longer queued for the search index: every site above `indexed_upto` (its rowid)
 *   is indexed with the queue at the next refresh. The queue keeps the edits.
 */
export function up(db: Database.Database): void {
  db.exec(`
    DROP INDEX site_kbli;
    DROP INDEX site_status;
    DROP INDEX site_list_name;
    CREATE INDEX site_list_name ON site(deleted, name_norm, kbli_division, operating_status);

    CREATE TABLE site_search_mark (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      indexed_upto  INTEGER NOT NULL
    ) STRICT;
    INSERT INTO site_search_mark(id, indexed_upto) SELECT 1, coalesce(max(rowid), 0) FROM site;
  `);
}
