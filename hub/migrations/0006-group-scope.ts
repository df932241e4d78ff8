import type Database from 'better-sqlite3';

/**
 * Scope by whole merge groups and whole histories (issue 19, item 3).
 *
 * - device_pin: the sites a scoped device wrote while they were outside its scope. It keeps them,
 *   with their whole merge group, until they leave a scope they were in. Until now such a site was
 *   only marked held (device_site); those are pinned here.
 * - device.release_version: grows each time the device comes to hold a site. A release list
 *   carries it, and a laptop applies a list only if it is not older than the last it saw, so a
 *   stale or replayed bundle releases nothing.
 *
 * The store then takes whole merge groups for every scoped device, once (openHubStore).
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE device_pin (
      device_id  TEXT NOT NULL,
      site_id    TEXT NOT NULL,
      PRIMARY KEY (device_id, site_id)
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE device ADD COLUMN release_version INTEGER NOT NULL DEFAULT 0;

    INSERT INTO device_pin(device_id, site_id)
      SELECT d.device_id, d.site_id FROM device_site d
      JOIN device v ON v.id = d.device_id
      JOIN site_regency r ON r.site_id = d.site_id
      WHERE v.regencies <> '[]' AND r.scope_regency NOT IN (SELECT value FROM json_each(v.regencies));
  `);
}
