import type Database from 'better-sqlite3';

/**
 * Fewer pages per site save (30 → about 19; each is written and fsynced with the commit).
 * - The search index: a save no longer rewrites it in its own commit (about 8 pages): it queues
 *   the site, and the queue goes into the index in one batch before the next text search, at the
 *   end of a sync batch, and at open. The index holds no copy of the text (contentless, with
 *   deletes), which the register never reads back from it.
 * - The sector and size-class filters lose their indexes (a page each per save): a handful of
 *   values each, so the register's name order with the filter applied serves them.
 */
export function up(db: Database.Database): void {
  db.exec(`
    DROP TABLE site_fts;
    CREATE VIRTUAL TABLE site_fts USING fts5(
      name, owner, products, address, area,
      content = '', contentless_delete = 1,
      tokenize = 'trigram remove_diacritics 1'
    );
    -- Sites (by rowid) whose index entry must be rewritten, or removed when the site left the register.
    CREATE TABLE site_search_queue (site_rowid INTEGER PRIMARY KEY) STRICT;
    INSERT INTO site_search_queue(site_rowid) SELECT rowid FROM site WHERE deleted = 0;

    DROP INDEX site_sector;
    DROP INDEX site_size;
  `);
}
