import type Database from 'better-sqlite3';

/**
 * Releasing sites (issue 8, item 6): a site that leaves a scoped device's scope (the office
 * narrowed its regencies, or the site moved to a regency outside them) is no longer held by the
 * device; until the device confirms it removed the site, the hub lists it here and asks for it
 * in every sync reply. The device's own changes to it still arrive (it sends them before it lets
 * go) without making it hold the site again.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE device ADD COLUMN releases INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE device_release (
      device_id  TEXT NOT NULL,
      site_id    TEXT NOT NULL,
      PRIMARY KEY (device_id, site_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
