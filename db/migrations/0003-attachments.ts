import type Database from 'better-sqlite3';

/** Photos, documents and signatures of visits. The bytes live in files named by their SHA-256. */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE attachment (
      id            TEXT PRIMARY KEY,
      visit_id      TEXT NOT NULL REFERENCES visit(id),
      kind          TEXT NOT NULL,
      role          TEXT,
      file_name     TEXT NOT NULL,
      mime          TEXT NOT NULL,
      size          INTEGER NOT NULL,
      sha256        TEXT NOT NULL,
      thumb_sha256  TEXT,
      taken_at      TEXT,
      latitude      REAL,
      longitude     REAL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL,
      deleted       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX attachment_visit ON attachment(visit_id, deleted, created_at);
    CREATE INDEX attachment_sha ON attachment(sha256);
  `);
}
