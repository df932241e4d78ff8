import type Database from 'better-sqlite3';

/**
 * Bundles for a scoped device (issue 8, item 6): a laptop that reaches the hub only by USB learns
 * from the hub's bundle which sites to release, and may release one only once the hub holds all its
 * changes. The hub notes how far the device's own log reached it by bundle (the `range.upTo` of
 * its bundles, taken only when they follow on from what the hub holds) and says so in its bundle.
 */
export function up(db: Database.Database): void {
  db.exec('ALTER TABLE device ADD COLUMN bundle_ack INTEGER NOT NULL DEFAULT 0');
}
