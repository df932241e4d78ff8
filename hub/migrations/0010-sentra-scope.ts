import type Database from 'better-sqlite3';

/**
 * A sentra belongs to its regency (app migration 0011): the hub keeps each sentra's regency, last
 * writer wins by HLC like the site's, and sends a scoped device a sentra's changes when its scope
 * holds that regency. Filled from the messages already stored, for a hub that took sentra changes
 * before it was upgraded.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sentra_regency (
      sentra_id     TEXT PRIMARY KEY,
      regency_code  TEXT NOT NULL,
      hlc           TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sentra_regency_code ON sentra_regency(regency_code);
    INSERT INTO sentra_regency(sentra_id, regency_code, hlc)
      SELECT m.row_id, json_extract(m.value, '$'), m.hlc FROM message m
       WHERE m.tbl = 'sentra' AND m.col = 'regency_code' AND json_valid(m.value) AND json_type(m.value) = 'text'
         AND m.hlc = (SELECT max(hlc) FROM message n WHERE n.tbl = 'sentra' AND n.row_id = m.row_id AND n.col = 'regency_code'
                        AND json_valid(n.value) AND json_type(n.value) = 'text');
  `);
}
