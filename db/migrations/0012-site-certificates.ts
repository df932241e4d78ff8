import type Database from 'better-sqlite3';

// One row per certificate entry of a site's `certificates` cell. The cell holds a kind alone
// ("PIRT": held, as every version wrote it) or an entry {kind, status, number?, date?}; both read here.
// A value that is not a JSON array counts as none: it never fails a write.
const ENTRIES_OF = (site: string) => `
  SELECT ${site}.rowid,
         CASE j.type WHEN 'text' THEN j.value ELSE json_extract(j.value, '$.kind') END,
         CASE j.type WHEN 'text' THEN 'dimiliki' ELSE coalesce(json_extract(j.value, '$.status'), 'dimiliki') END,
         CASE j.type WHEN 'object' THEN json_extract(j.value, '$.number') END,
         CASE j.type WHEN 'object' THEN json_extract(j.value, '$.date') END
    FROM ${site === 'NEW' ? '' : 'site, '}json_each(CASE WHEN json_valid(${site}.certificates) AND json_type(${site}.certificates) = 'array' THEN ${site}.certificates ELSE '[]' END) j
   WHERE j.type = 'text' OR (j.type = 'object' AND json_type(j.value, '$.kind') = 'text')`;

/**
 * Naik kelas: each site's certificates as rows (derived from site.certificates by triggers, never
 * synced), so the pipeline, the "ready for the next step" list and the certificates gained in a
 * period are index seeks instead of reading every site's JSON.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE site_certificate (
      site_rowid  INTEGER NOT NULL,
      kind        TEXT NOT NULL,
      status      TEXT NOT NULL,
      number      TEXT,
      date        TEXT,
      PRIMARY KEY (site_rowid, kind)
    ) STRICT, WITHOUT ROWID;
    -- Sites holding a kind (the next-step list); certificates gained in a period.
    CREATE INDEX site_certificate_kind ON site_certificate(kind, status);
    CREATE INDEX site_certificate_date ON site_certificate(status, date, kind);

    CREATE TRIGGER site_certificate_insert AFTER INSERT ON site BEGIN
      DELETE FROM site_certificate WHERE site_rowid = NEW.rowid;
      INSERT OR REPLACE INTO site_certificate(site_rowid, kind, status, number, date) ${ENTRIES_OF('NEW')};
    END;
    CREATE TRIGGER site_certificate_update AFTER UPDATE OF certificates ON site BEGIN
      DELETE FROM site_certificate WHERE site_rowid = OLD.rowid;
      INSERT OR REPLACE INTO site_certificate(site_rowid, kind, status, number, date) ${ENTRIES_OF('NEW')};
    END;
    CREATE TRIGGER site_certificate_delete AFTER DELETE ON site BEGIN
      DELETE FROM site_certificate WHERE site_rowid = OLD.rowid;
    END;

    INSERT OR REPLACE INTO site_certificate(site_rowid, kind, status, number, date) ${ENTRIES_OF('site')};
  `);
}
