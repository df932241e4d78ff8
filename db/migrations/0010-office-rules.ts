import type Database from 'better-sqlite3';
import { guardTriggersSql } from '../sync/write-guard';

/**
 * Office rules become synced: a row per rule (key → JSON value, who set it and when) that the
 * hub's data sets and every laptop receives, instead of a switch kept on each laptop. A visit
 * records whether signatures were required when it was finalized (null: finalized before this
 * version, or still a draft). A signature records how it was made: drawn on the pad, or a name
 * the officer typed (printed as a typed name, never as a handwritten signature).
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE office_setting (
      key         TEXT PRIMARY KEY,
      value       TEXT NOT NULL,
      changed_by  TEXT,
      changed_at  TEXT NOT NULL
    ) STRICT;
    ${guardTriggersSql('office_setting')}
    ALTER TABLE visit ADD COLUMN signatures_required INTEGER;
    ALTER TABLE attachment ADD COLUMN signature_method TEXT;
  `);
  // The laptop's own switch is no longer read: the office's rule (required, until the office says
  // otherwise) applies everywhere. Left in place it would only mislead someone reading the file.
  db.prepare("DELETE FROM setting WHERE key = 'office'").run();
}
