import type Database from 'better-sqlite3';

/**
 * Device scope (issue 8, item 6): what the hub needs to send a device only the sites of its
 * regencies. All of it is derived from the message log, so this migration also builds it for the
 * messages a hub already holds.
 *
 * - site_regency: each site's regency, last writer wins by HLC, as every replica merges it.
 * - row_site: the site(s) a visit, visit revision, attachment or merge row belongs to.
 * - device_site: the sites a scoped device holds (in its scope now or once, or written by it):
 *   the hub keeps sending their changes, so what a laptop holds converges.
 * - device_backfill: sites that came into a device's scope after its cursor passed their earlier
 *   messages; the hub re-sends those, acknowledged by the device, before newer ones.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE INDEX message_row ON message(tbl, row_id, seq);

    CREATE TABLE site_regency (
      site_id       TEXT PRIMARY KEY,
      regency_code  TEXT NOT NULL,
      hlc           TEXT NOT NULL
    ) STRICT;
    CREATE INDEX site_regency_code ON site_regency(regency_code);

    CREATE TABLE row_site (
      tbl      TEXT NOT NULL,
      row_id   TEXT NOT NULL,
      site_id  TEXT NOT NULL,
      PRIMARY KEY (tbl, row_id, site_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX row_site_site ON row_site(site_id);

    CREATE TABLE device_site (
      device_id  TEXT NOT NULL,
      site_id    TEXT NOT NULL,
      PRIMARY KEY (device_id, site_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE device_backfill (
      -- AUTOINCREMENT: an id is never reused, so a device's stale acknowledgement cannot touch a newer row.
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      device_id  TEXT NOT NULL,
      site_id    TEXT NOT NULL,
      after_seq  INTEGER NOT NULL DEFAULT 0,
      upto_seq   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX device_backfill_device ON device_backfill(device_id, id);

    INSERT INTO site_regency(site_id, regency_code, hlc)
      SELECT m.row_id, json_extract(m.value, '$'), m.hlc FROM message m
      WHERE m.tbl = 'site' AND m.col = 'regency_code' AND json_valid(m.value) AND json_type(m.value) = 'text'
        AND m.hlc = (SELECT max(x.hlc) FROM message x
                     WHERE x.tbl = 'site' AND x.row_id = m.row_id AND x.col = 'regency_code'
                       AND json_valid(x.value) AND json_type(x.value) = 'text');

    INSERT OR IGNORE INTO row_site(tbl, row_id, site_id)
      SELECT m.tbl, m.row_id, json_extract(m.value, '$') FROM message m
      WHERE ((m.tbl = 'visit' AND m.col = 'site_id') OR (m.tbl = 'site_merge' AND m.col IN ('survivor_id', 'loser_id')))
        AND json_valid(m.value) AND json_type(m.value) = 'text';
    INSERT OR IGNORE INTO row_site(tbl, row_id, site_id)
      SELECT m.tbl, m.row_id, v.site_id FROM message m
      JOIN row_site v ON v.tbl = 'visit' AND v.row_id = json_extract(m.value, '$')
      WHERE m.tbl IN ('visit_revision', 'attachment') AND m.col = 'visit_id' AND json_valid(m.value) AND json_type(m.value) = 'text';

    -- Until now every device received everything: a scoped device holds every site.
    INSERT INTO device_site(device_id, site_id)
      SELECT d.id, r.site_id FROM device d, site_regency r WHERE d.regencies <> '[]';
  `);
}
