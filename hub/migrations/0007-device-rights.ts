import type Database from 'better-sqlite3';

/**
 * What a device may write and read (issue 21, item 7).
 *
 * - replica_owner: which laptop (by its public key) stamps its changes with a replica id. A change
 *   stamped with a replica that another laptop (or the office's own copy) owns is taken only when
 *   the hub already holds it: a laptop passes such changes on, it never writes them. Filled from
 *   each enrolment (the latest enrolment of a replica wins) and from the replica each sync names.
 * - device_refusal: the changes the hub refused from each device, counted by reason, with the last
 *   one, for the office (`hub devices`).
 * - attachment_blob: the files each attachment row names, so a file is served only to a device
 *   holding a site of one of them.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE replica_owner (
      replica_id  TEXT PRIMARY KEY,
      public_key  TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE device_refusal (
      device_id  TEXT NOT NULL,
      reason     TEXT NOT NULL,
      count      INTEGER NOT NULL,
      last_at    TEXT NOT NULL,
      last_hlc   TEXT NOT NULL,
      PRIMARY KEY (device_id, reason)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE attachment_blob (
      sha256  TEXT NOT NULL,
      row_id  TEXT NOT NULL,
      PRIMARY KEY (sha256, row_id)
    ) STRICT, WITHOUT ROWID;

    INSERT OR REPLACE INTO replica_owner(replica_id, public_key)
      SELECT replica_id, public_key FROM device ORDER BY rowid;

    INSERT OR IGNORE INTO attachment_blob(sha256, row_id)
      SELECT json_extract(value, '$'), row_id FROM message
      WHERE tbl = 'attachment' AND col IN ('sha256', 'thumb_sha256') AND json_valid(value)
        AND json_type(value) = 'text' AND length(json_extract(value, '$')) = 64;
  `);
}
