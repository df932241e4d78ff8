import type Database from 'better-sqlite3';

/**
 * Merged sites follow their survivor (issue 8, item 6): a site merged into another is held by the
 * devices whose scope holds the survivor's regency, and leaves with the survivor, whatever its own
 * regency, so a laptop never holds half of a merge (it releases merged sites together or not at all).
 *
 * - site_merge_edge: each merge row's survivor, loser and time, last writer wins per cell by HLC, as
 *   every replica merges them.
 * - site_regency.scope_regency: the regency that decides which devices hold the site: its own, or
 *   its survivor's (following merges to the end, as the app does). Filled here with the site's own;
 *   the store moves merged sites to their survivor's right after this migration.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE site_merge_edge (
      merge_id       TEXT PRIMARY KEY,
      survivor_id    TEXT,
      survivor_hlc   TEXT,
      loser_id       TEXT,
      loser_hlc      TEXT,
      merged_at      TEXT,
      merged_at_hlc  TEXT
    ) STRICT;
    CREATE INDEX site_merge_edge_survivor ON site_merge_edge(survivor_id);
    CREATE INDEX site_merge_edge_loser ON site_merge_edge(loser_id);

    ALTER TABLE site_regency ADD COLUMN scope_regency TEXT NOT NULL DEFAULT '';
    UPDATE site_regency SET scope_regency = regency_code;
    DROP INDEX site_regency_code;
    CREATE INDEX site_regency_scope ON site_regency(scope_regency);

    INSERT INTO site_merge_edge(merge_id) SELECT DISTINCT row_id FROM message WHERE tbl = 'site_merge';
  `);
  for (const col of ['survivor_id', 'loser_id', 'merged_at']) {
    const hlcCol = col === 'merged_at' ? 'merged_at_hlc' : col.replace('_id', '_hlc');
    db.exec(`
      UPDATE site_merge_edge SET (${col}, ${hlcCol}) = (
        SELECT json_extract(m.value, '$'), m.hlc FROM message m
        WHERE m.tbl = 'site_merge' AND m.row_id = site_merge_edge.merge_id AND m.col = '${col}'
          AND json_valid(m.value) AND json_type(m.value) = 'text'
        ORDER BY m.hlc DESC LIMIT 1);
    `);
  }
}
