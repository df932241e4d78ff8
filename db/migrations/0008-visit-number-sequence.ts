import type Database from 'better-sqlite3';

/**
 * The log's search finds a visit by the tail of its number ("4WW-0002", "0002", "2"): an index on
 * the sequence after the '-' without its leading zeros, so the search seeks the few visits with
 * that sequence (one per officer, year and laptop) instead of reading every number.
 */
const VISIT_NUMBER_SEQUENCE = "ltrim(substr(number, instr(number, '-') + 1), '0')";

export function up(db: Database.Database): void {
  db.exec(`CREATE INDEX visit_number_sequence ON visit(${VISIT_NUMBER_SEQUENCE});`);
}
