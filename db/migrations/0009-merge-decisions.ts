import type Database from 'better-sqlite3';
import { guardTriggersSql } from '../sync/write-guard';

/**
 * A person's decisions on likely duplicates, both synced:
 * - a merge can be undone: `undone_at` (and who) on its site_merge row; a merge made again
 *   clears it. Null on every merge made before.
 * - "bukan duplikat": a pair of sites a person said are two IKM (id from the pair, like a merge),
 *   so the pair leaves the list of likely duplicates on every laptop.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE site_merge ADD COLUMN undone_by TEXT;
    ALTER TABLE site_merge ADD COLUMN undone_at TEXT;

    CREATE TABLE site_distinct (
      id          TEXT PRIMARY KEY,
      site_a      TEXT NOT NULL REFERENCES site(id),
      site_b      TEXT NOT NULL REFERENCES site(id),
      decided_by  TEXT,
      decided_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX site_distinct_a ON site_distinct(site_a);
    CREATE INDEX site_distinct_b ON site_distinct(site_b);
  `);
  db.exec(guardTriggersSql('site_distinct'));
}
