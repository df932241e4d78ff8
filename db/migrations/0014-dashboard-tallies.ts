import type Database from 'better-sqlite3';

// A site's main product: the first one its products list names, in lower case ("Amplang, kerupuk" → "amplang").
const mainProduct = (p: string) =>
  `lower(trim(CASE WHEN instr(coalesce(${p}, ''), ',') > 0 THEN substr(${p}, 1, instr(${p}, ',') - 1) ELSE coalesce(${p}, '') END))`;
// A site's certificates as rows; a value that is not a JSON array counts as none (never fails a write).
const entriesOf = (c: string) => `json_each(CASE WHEN json_valid(${c}) AND json_type(${c}) = 'array' THEN ${c} ELSE '[]' END)`;
// An entry is a kind alone (held, as every version wrote it) or {kind, status, …} (migration 0012): the kinds held.
const heldKind = (j: string) => `CASE ${j}.type WHEN 'text' THEN ${j}.value ELSE json_extract(${j}.value, '$.kind') END`;
const isHeld = (j: string) =>
  `(${j}.type = 'text' OR (${j}.type = 'object' AND json_type(${j}.value, '$.kind') = 'text' AND coalesce(json_extract(${j}.value, '$.status'), 'dimiliki') = 'dimiliki'))`;
const certificatesOf = (c: string) => `(SELECT ${heldKind('j')} AS value FROM ${entriesOf(c)} j WHERE ${isHeld('j')})`;
// The figure a site's latest final visit that states it gave (the rekap's rule, db/repo/export-rows.ts).
const latestFigure = (site: string, path: string, has: string) =>
  `(SELECT CAST(json_extract(x.data, '${path}') AS INTEGER) FROM visit x
     WHERE x.site_id = ${site} AND x.deleted = 0 AND x.status = 'final' AND json_extract(x.data, '${has}') IS NOT NULL
     ORDER BY x.visit_date DESC, x.id DESC LIMIT 1)`;
const figuresOf = (site: string) =>
  `${site}, ${latestFigure(site, '$.workforce.male', '$.workforce')}, ${latestFigure(site, '$.workforce.female', '$.workforce')},
   ${latestFigure(site, '$.productionValueRp', '$.productionValueRp')}`;
const figure = (site: string, column: string) => `coalesce((SELECT ${column} FROM site_figure WHERE site_id = ${site}), 0)`;

/**
 * The Beranda at a million sites: tallies that triggers keep in step with every write to `site`
 * and `visit`, whichever code makes it (the repos, a merge, the replicator applying another
 * laptop's changes), as the visit log's do (0004). The Beranda reads a few thousand tally rows
 * instead of the register.
 *
 * - `site_figure`: per site, the workforce by sex and the production value of its latest final
 *   visit that states them (the site row holds the other current facts).
 * - `site_tally`: live sites, workforce and production per regency, status, size class and KBLI division.
 * - `site_product_tally`: the same per regency and main product (produk unggulan).
 * - `site_certificate_tally`: live sites holding each certificate, per regency.
 * - `visit_officer_tally`: live dated visits per month, kind, status, regency and officers.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE site_figure (
      site_id     TEXT PRIMARY KEY,
      male        INTEGER,
      female      INTEGER,
      production  INTEGER
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER site_figure_visit_insert AFTER INSERT ON visit WHEN new.status = 'final' BEGIN
      INSERT INTO site_figure SELECT ${figuresOf('new.site_id')} WHERE true
        ON CONFLICT(site_id) DO UPDATE SET male = excluded.male, female = excluded.female, production = excluded.production;
    END;
    CREATE TRIGGER site_figure_visit_update AFTER UPDATE OF site_id, status, visit_date, data, deleted ON visit
      WHEN old.status = 'final' OR new.status = 'final' BEGIN
      INSERT INTO site_figure SELECT ${figuresOf('new.site_id')} WHERE true
        ON CONFLICT(site_id) DO UPDATE SET male = excluded.male, female = excluded.female, production = excluded.production;
      INSERT INTO site_figure SELECT ${figuresOf('old.site_id')} WHERE old.site_id <> new.site_id
        ON CONFLICT(site_id) DO UPDATE SET male = excluded.male, female = excluded.female, production = excluded.production;
    END;
    CREATE TRIGGER site_figure_visit_delete AFTER DELETE ON visit WHEN old.status = 'final' BEGIN
      INSERT INTO site_figure SELECT ${figuresOf('old.site_id')} WHERE true
        ON CONFLICT(site_id) DO UPDATE SET male = excluded.male, female = excluded.female, production = excluded.production;
    END;

    CREATE TABLE site_tally (
      regency_code      TEXT NOT NULL,
      operating_status  TEXT NOT NULL,
      size_class        TEXT NOT NULL,  -- '' when not known
      kbli_division     TEXT NOT NULL,
      n                 INTEGER NOT NULL,
      workers           INTEGER NOT NULL,
      male              INTEGER NOT NULL,
      female            INTEGER NOT NULL,
      production        INTEGER NOT NULL,
      PRIMARY KEY (regency_code, operating_status, size_class, kbli_division)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE site_product_tally (
      regency_code  TEXT NOT NULL,
      product       TEXT NOT NULL,
      n             INTEGER NOT NULL,
      workers       INTEGER NOT NULL,
      male          INTEGER NOT NULL,
      female        INTEGER NOT NULL,
      production    INTEGER NOT NULL,
      PRIMARY KEY (regency_code, product)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE site_certificate_tally (
      regency_code  TEXT NOT NULL,
      certificate   TEXT NOT NULL,
      n             INTEGER NOT NULL,
      PRIMARY KEY (regency_code, certificate)
    ) STRICT, WITHOUT ROWID;

    -- A site's row in each tally: added when it is live, taken out with its old values.
    CREATE TRIGGER site_tally_insert AFTER INSERT ON site WHEN new.deleted = 0 BEGIN
      INSERT INTO site_tally VALUES (new.regency_code, new.operating_status, coalesce(new.size_class, ''), new.kbli_division, 1,
        coalesce(new.workers, 0), ${figure('new.id', 'male')}, ${figure('new.id', 'female')}, ${figure('new.id', 'production')})
        ON CONFLICT DO UPDATE SET n = n + 1, workers = workers + excluded.workers, male = male + excluded.male,
          female = female + excluded.female, production = production + excluded.production;
      INSERT INTO site_product_tally SELECT new.regency_code, ${mainProduct('new.products')}, 1,
        coalesce(new.workers, 0), ${figure('new.id', 'male')}, ${figure('new.id', 'female')}, ${figure('new.id', 'production')} WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1, workers = workers + excluded.workers, male = male + excluded.male,
          female = female + excluded.female, production = production + excluded.production;
      INSERT INTO site_certificate_tally SELECT DISTINCT new.regency_code, value, 1 FROM ${certificatesOf('new.certificates')} WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER site_tally_update AFTER UPDATE OF regency_code, operating_status, size_class, kbli_division, workers, deleted ON site BEGIN
      UPDATE site_tally SET n = n - 1, workers = workers - coalesce(old.workers, 0), male = male - ${figure('old.id', 'male')},
          female = female - ${figure('old.id', 'female')}, production = production - ${figure('old.id', 'production')}
       WHERE old.deleted = 0 AND regency_code = old.regency_code AND operating_status = old.operating_status
         AND size_class = coalesce(old.size_class, '') AND kbli_division = old.kbli_division;
      INSERT INTO site_tally SELECT new.regency_code, new.operating_status, coalesce(new.size_class, ''), new.kbli_division, 1,
        coalesce(new.workers, 0), ${figure('new.id', 'male')}, ${figure('new.id', 'female')}, ${figure('new.id', 'production')} WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1, workers = workers + excluded.workers, male = male + excluded.male,
          female = female + excluded.female, production = production + excluded.production;
    END;
    CREATE TRIGGER site_product_tally_update AFTER UPDATE OF regency_code, products, workers, deleted ON site BEGIN
      UPDATE site_product_tally SET n = n - 1, workers = workers - coalesce(old.workers, 0), male = male - ${figure('old.id', 'male')},
          female = female - ${figure('old.id', 'female')}, production = production - ${figure('old.id', 'production')}
       WHERE old.deleted = 0 AND regency_code = old.regency_code AND product = ${mainProduct('old.products')};
      INSERT INTO site_product_tally SELECT new.regency_code, ${mainProduct('new.products')}, 1,
        coalesce(new.workers, 0), ${figure('new.id', 'male')}, ${figure('new.id', 'female')}, ${figure('new.id', 'production')} WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1, workers = workers + excluded.workers, male = male + excluded.male,
          female = female + excluded.female, production = production + excluded.production;
    END;
    CREATE TRIGGER site_certificate_tally_update AFTER UPDATE OF regency_code, certificates, deleted ON site BEGIN
      UPDATE site_certificate_tally SET n = n - 1
       WHERE old.deleted = 0 AND regency_code = old.regency_code
         AND certificate IN (SELECT value FROM ${certificatesOf('old.certificates')});
      INSERT INTO site_certificate_tally SELECT DISTINCT new.regency_code, value, 1 FROM ${certificatesOf('new.certificates')} WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER site_tally_delete AFTER DELETE ON site WHEN old.deleted = 0 BEGIN
      UPDATE site_tally SET n = n - 1, workers = workers - coalesce(old.workers, 0), male = male - ${figure('old.id', 'male')},
          female = female - ${figure('old.id', 'female')}, production = production - ${figure('old.id', 'production')}
       WHERE regency_code = old.regency_code AND operating_status = old.operating_status
         AND size_class = coalesce(old.size_class, '') AND kbli_division = old.kbli_division;
      UPDATE site_product_tally SET n = n - 1, workers = workers - coalesce(old.workers, 0), male = male - ${figure('old.id', 'male')},
          female = female - ${figure('old.id', 'female')}, production = production - ${figure('old.id', 'production')}
       WHERE regency_code = old.regency_code AND product = ${mainProduct('old.products')};
      UPDATE site_certificate_tally SET n = n - 1
       WHERE regency_code = old.regency_code AND certificate IN (SELECT value FROM ${certificatesOf('old.certificates')});
    END;

    -- A final visit changed a site's figures: its live row in the tallies follows.
    CREATE TRIGGER site_figure_insert AFTER INSERT ON site_figure BEGIN
      UPDATE site_tally SET male = male + coalesce(new.male, 0), female = female + coalesce(new.female, 0),
          production = production + coalesce(new.production, 0)
       WHERE (regency_code, operating_status, size_class, kbli_division) IN
             (SELECT regency_code, operating_status, coalesce(size_class, ''), kbli_division FROM site WHERE id = new.site_id AND deleted = 0);
      UPDATE site_product_tally SET male = male + coalesce(new.male, 0), female = female + coalesce(new.female, 0),
          production = production + coalesce(new.production, 0)
       WHERE (regency_code, product) IN (SELECT regency_code, ${mainProduct('products')} FROM site WHERE id = new.site_id AND deleted = 0);
    END;
    CREATE TRIGGER site_figure_update AFTER UPDATE ON site_figure BEGIN
      UPDATE site_tally SET male = male + coalesce(new.male, 0) - coalesce(old.male, 0),
          female = female + coalesce(new.female, 0) - coalesce(old.female, 0),
          production = production + coalesce(new.production, 0) - coalesce(old.production, 0)
       WHERE (regency_code, operating_status, size_class, kbli_division) IN
             (SELECT regency_code, operating_status, coalesce(size_class, ''), kbli_division FROM site WHERE id = new.site_id AND deleted = 0);
      UPDATE site_product_tally SET male = male + coalesce(new.male, 0) - coalesce(old.male, 0),
          female = female + coalesce(new.female, 0) - coalesce(old.female, 0),
          production = production + coalesce(new.production, 0) - coalesce(old.production, 0)
       WHERE (regency_code, product) IN (SELECT regency_code, ${mainProduct('products')} FROM site WHERE id = new.site_id AND deleted = 0);
    END;

    CREATE TABLE visit_officer_tally (
      month         TEXT NOT NULL,
      kind          TEXT NOT NULL,
      status        TEXT NOT NULL,
      regency_code  TEXT NOT NULL,
      officers      TEXT NOT NULL,
      n             INTEGER NOT NULL,
      PRIMARY KEY (month, kind, status, regency_code, officers)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER visit_officer_tally_insert AFTER INSERT ON visit WHEN new.deleted = 0 AND new.visit_date IS NOT NULL BEGIN
      INSERT INTO visit_officer_tally VALUES (substr(new.visit_date, 1, 7), new.kind, new.status, new.regency_code, new.officers, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_officer_tally_update AFTER UPDATE OF visit_date, kind, status, regency_code, officers, deleted ON visit BEGIN
      UPDATE visit_officer_tally SET n = n - 1
       WHERE old.deleted = 0 AND month = substr(old.visit_date, 1, 7) AND kind = old.kind AND status = old.status
         AND regency_code = old.regency_code AND officers = old.officers;
      INSERT INTO visit_officer_tally
        SELECT substr(new.visit_date, 1, 7), new.kind, new.status, new.regency_code, new.officers, 1
         WHERE new.deleted = 0 AND new.visit_date IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER visit_officer_tally_delete AFTER DELETE ON visit WHEN old.deleted = 0 AND old.visit_date IS NOT NULL BEGIN
      UPDATE visit_officer_tally SET n = n - 1
       WHERE month = substr(old.visit_date, 1, 7) AND kind = old.kind AND status = old.status
         AND regency_code = old.regency_code AND officers = old.officers;
    END;

    -- What the data holds today.
    INSERT INTO site_figure SELECT ${figuresOf('s.site_id')} FROM (SELECT DISTINCT site_id FROM visit WHERE status = 'final') s;
    INSERT INTO site_tally
      SELECT s.regency_code, s.operating_status, coalesce(s.size_class, ''), s.kbli_division, count(*), sum(coalesce(s.workers, 0)),
             sum(coalesce(f.male, 0)), sum(coalesce(f.female, 0)), sum(coalesce(f.production, 0))
        FROM site s LEFT JOIN site_figure f ON f.site_id = s.id WHERE s.deleted = 0 GROUP BY 1, 2, 3, 4;
    INSERT INTO site_product_tally
      SELECT s.regency_code, ${mainProduct('s.products')}, count(*), sum(coalesce(s.workers, 0)),
             sum(coalesce(f.male, 0)), sum(coalesce(f.female, 0)), sum(coalesce(f.production, 0))
        FROM site s LEFT JOIN site_figure f ON f.site_id = s.id WHERE s.deleted = 0 GROUP BY 1, 2;
    INSERT INTO site_certificate_tally
      SELECT regency_code, certificate, count(*) FROM
        (SELECT DISTINCT s.id, s.regency_code, ${heldKind('c')} AS certificate FROM site s, ${entriesOf('s.certificates')} c WHERE s.deleted = 0 AND ${isHeld('c')})
       GROUP BY 1, 2;
    INSERT INTO visit_officer_tally
      SELECT substr(visit_date, 1, 7), kind, status, regency_code, officers, count(*) FROM visit
       WHERE deleted = 0 AND visit_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  `);
}
