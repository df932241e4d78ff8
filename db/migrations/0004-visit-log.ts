import type Database from 'better-sqlite3';

/**
 * The visit log at 250,000 visits. Its filters (date, kind, status, regency, officer) are all
 * carried in three covering indexes, so a page never reads the table rows (which hold the whole
 * form as JSON). Totals come mostly from two tallies that triggers keep in step with every write
 * to `visit`, whichever code path makes it: `visit_tally` for undated filters (with the officers),
 * `visit_month_tally` for whole months of a date range.
 */
export function up(db: Database.Database): void {
  db.exec(`
    DROP INDEX visit_log;
    DROP INDEX visit_regency;
    DROP INDEX visit_kind;
    DROP INDEX visit_status;
    CREATE INDEX visit_log ON visit(deleted, visit_date, id, kind, status, regency_code, officers);
    CREATE INDEX visit_regency ON visit(regency_code, deleted, visit_date, id, kind, status, officers);
    -- The officer filter is resolved to whole "officers" values first (see visit_tally), then seeks here.
    CREATE INDEX visit_officers ON visit(officers, deleted, visit_date, id, kind, status, regency_code);

    -- Live visits per combination of the log's undated filters.
    CREATE TABLE visit_tally (
      kind          TEXT NOT NULL,
      status        TEXT NOT NULL,
      regency_code  TEXT NOT NULL,
      officers      TEXT NOT NULL,
      n             INTEGER NOT NULL,
      PRIMARY KEY (kind, status, regency_code, officers)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER visit_tally_insert AFTER INSERT ON visit WHEN new.deleted = 0 BEGIN
      INSERT INTO visit_tally VALUES (new.kind, new.status, new.regency_code, new.officers, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_tally_update AFTER UPDATE OF kind, status, regency_code, officers, deleted ON visit BEGIN
      UPDATE visit_tally SET n = n - 1
       WHERE old.deleted = 0 AND kind = old.kind AND status = old.status
         AND regency_code = old.regency_code AND officers = old.officers;
      INSERT INTO visit_tally SELECT new.kind, new.status, new.regency_code, new.officers, 1 WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_tally_delete AFTER DELETE ON visit WHEN old.deleted = 0 BEGIN
      UPDATE visit_tally SET n = n - 1
       WHERE kind = old.kind AND status = old.status AND regency_code = old.regency_code AND officers = old.officers;
    END;

    INSERT INTO visit_tally
      SELECT kind, status, regency_code, officers, count(*) FROM visit WHERE deleted = 0
       GROUP BY kind, status, regency_code, officers;

    -- Live visits per month ('' for a draft without a date) and undated filter but the officers.
    CREATE TABLE visit_month_tally (
      month         TEXT NOT NULL,
      kind          TEXT NOT NULL,
      status        TEXT NOT NULL,
      regency_code  TEXT NOT NULL,
      n             INTEGER NOT NULL,
      PRIMARY KEY (month, kind, status, regency_code)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER visit_month_tally_insert AFTER INSERT ON visit WHEN new.deleted = 0 BEGIN
      INSERT INTO visit_month_tally VALUES (coalesce(substr(new.visit_date, 1, 7), ''), new.kind, new.status, new.regency_code, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_month_tally_update AFTER UPDATE OF visit_date, kind, status, regency_code, deleted ON visit BEGIN
      UPDATE visit_month_tally SET n = n - 1
       WHERE old.deleted = 0 AND month = coalesce(substr(old.visit_date, 1, 7), '') AND kind = old.kind
         AND status = old.status AND regency_code = old.regency_code;
      INSERT INTO visit_month_tally
        SELECT coalesce(substr(new.visit_date, 1, 7), ''), new.kind, new.status, new.regency_code, 1 WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_month_tally_delete AFTER DELETE ON visit WHEN old.deleted = 0 BEGIN
      UPDATE visit_month_tally SET n = n - 1
       WHERE month = coalesce(substr(old.visit_date, 1, 7), '') AND kind = old.kind AND status = old.status
         AND regency_code = old.regency_code;
    END;

    INSERT INTO visit_month_tally
      SELECT coalesce(substr(visit_date, 1, 7), ''), kind, status, regency_code, count(*) FROM visit WHERE deleted = 0
       GROUP BY 1, 2, 3, 4;
  `);
}
