import type Database from 'better-sqlite3';

/** Visits with their amendment history, the per-officer numbering, and the timeline of site facts. */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE visit (
      id            TEXT PRIMARY KEY,
      number        TEXT NOT NULL UNIQUE,
      site_id       TEXT NOT NULL REFERENCES site(id),
      -- Copied from the site when the visit is made, so the visit log filters by index.
      regency_code  TEXT NOT NULL,
      kind          TEXT NOT NULL,
      status        TEXT NOT NULL,
      visit_date    TEXT,
      officers      TEXT NOT NULL DEFAULT '',
      data          TEXT NOT NULL,
      revision      INTEGER NOT NULL DEFAULT 0,
      created_by    TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL,
      finalized_at  TEXT,
      deleted       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX visit_log ON visit(deleted, visit_date, id);
    CREATE INDEX visit_site ON visit(site_id, visit_date);
    CREATE INDEX visit_regency ON visit(regency_code, deleted, visit_date);
    CREATE INDEX visit_kind ON visit(kind, deleted, visit_date);
    CREATE INDEX visit_status ON visit(status, deleted, visit_date);

    -- Each amendment of a final visit keeps what the visit said before it.
    CREATE TABLE visit_revision (
      visit_id    TEXT NOT NULL REFERENCES visit(id),
      revision    INTEGER NOT NULL,
      data        TEXT NOT NULL,
      changes     TEXT NOT NULL,
      reason      TEXT NOT NULL,
      changed_by  TEXT NOT NULL,
      changed_at  TEXT NOT NULL,
      PRIMARY KEY (visit_id, revision)
    ) STRICT;

    -- The local sequence behind visit numbers such as ANS/2026/0042.
    CREATE TABLE visit_counter (
      officer_code TEXT NOT NULL,
      year         INTEGER NOT NULL,
      last         INTEGER NOT NULL,
      PRIMARY KEY (officer_code, year)
    ) STRICT;

    -- Every value a final visit found for a site's current facts; the site row holds the latest.
    CREATE TABLE site_fact (
      id           TEXT PRIMARY KEY,
      site_id      TEXT NOT NULL REFERENCES site(id),
      visit_id     TEXT NOT NULL REFERENCES visit(id),
      fact         TEXT NOT NULL,
      value        TEXT NOT NULL,
      observed_on  TEXT NOT NULL,
      recorded_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX site_fact_site ON site_fact(site_id, observed_on);
    CREATE INDEX site_fact_visit ON site_fact(visit_id);
  `);
}
