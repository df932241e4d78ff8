import type Database from 'better-sqlite3';

/**
 * Who uses each laptop (issue 18, item 7): an officer or a supervisor, set by the office at
 * enrolment (`hub enroll --role supervisor`) or later (`hub role ID supervisor`). Only a
 * supervisor's laptop may send review decisions (visit_review). Every device enrolled before is
 * an officer's.
 *
 * Follow-ups and review decisions belong to their visit's site, like its revisions: the hub
 * places those it already holds (from laptops newer than itself) by their visit.
 */
export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE device ADD COLUMN role TEXT NOT NULL DEFAULT 'officer';
    ALTER TABLE enrollment ADD COLUMN role TEXT NOT NULL DEFAULT 'officer';
    INSERT OR IGNORE INTO row_site(tbl, row_id, site_id)
      SELECT m.tbl, m.row_id, rs.site_id FROM message m
      JOIN row_site rs ON rs.tbl = 'visit' AND rs.row_id = json_extract(m.value, '$')
      WHERE m.tbl IN ('follow_up', 'visit_review') AND m.col = 'visit_id' AND json_valid(m.value) AND json_type(m.value) = 'text';
  `);
}
