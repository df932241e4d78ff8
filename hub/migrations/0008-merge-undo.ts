import type Database from 'better-sqlite3';

/**
 * A merge can be undone (app migration 0009): the hub keeps each merge row's `undone_at`, last
 * writer wins by HLC like its other cells, so an undone merge's loser is placed by its own regency
 * again, as every replica computes its survivor. (An undone merge still ties its group: a device
 * holds the two sites together, as the laptops do.) Filled from the messages already stored, for a
 * hub that took undos from newer laptops before it was upgraded.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE site_merge_edge ADD COLUMN undone_at TEXT;
    ALTER TABLE site_merge_edge ADD COLUMN undone_hlc TEXT;
    INSERT OR IGNORE INTO site_merge_edge(merge_id) SELECT DISTINCT row_id FROM message WHERE tbl = 'site_merge' AND col = 'undone_at';
    UPDATE site_merge_edge SET (undone_at, undone_hlc) = (
      SELECT json_extract(m.value, '$'), m.hlc FROM message m
      WHERE m.tbl = 'site_merge' AND m.row_id = site_merge_edge.merge_id AND m.col = 'undone_at' AND json_valid(m.value)
      ORDER BY m.hlc DESC LIMIT 1)
    WHERE EXISTS (SELECT 1 FROM message m WHERE m.tbl = 'site_merge' AND m.row_id = site_merge_edge.merge_id AND m.col = 'undone_at');
  `);
}
