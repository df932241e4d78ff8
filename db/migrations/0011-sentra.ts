import type Database from 'better-sqlite3';
import { guardTriggersSql } from '../sync/write-guard';

/**
 * Sentra IKM and kawasan industri (issue 18): a synced record that belongs to a regency, and a
 * synced site cell naming the sentra a site is assigned to. The wilayah of a sentra is not stored:
 * it is its regency's (wilayah_regency), so it cannot disagree with the office's grouping.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sentra (
      id            TEXT PRIMARY KEY,
      name          TEXT NOT NULL,
      kind          TEXT NOT NULL,
      regency_code  TEXT NOT NULL,
      kbli_division TEXT,
      product       TEXT,
      notes         TEXT,
      status        TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL,
      deleted       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX sentra_regency ON sentra(deleted, regency_code, name);
    ${guardTriggersSql('sentra')}
    ALTER TABLE site ADD COLUMN sentra_id TEXT;
    -- A sentra's sites; most sites belong to none, so the index holds only those that do.
    CREATE INDEX site_sentra ON site(sentra_id) WHERE sentra_id IS NOT NULL;
  `);
}
