import type Database from 'better-sqlite3';

/** Settings, officers, the area tree, wilayah groupings and the site register with its search index. */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE setting (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE officer (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      nip        TEXT,
      code       TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- Kemendagri area tree: level 1 province, 2 regency, 3 district (kecamatan), 4 village.
    CREATE TABLE area (
      code        TEXT PRIMARY KEY,
      parent_code TEXT,
      level       INTEGER NOT NULL,
      name        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX area_parent ON area(parent_code, name);

    CREATE TABLE wilayah (
      id                  TEXT PRIMARY KEY,
      province_code       TEXT NOT NULL,
      name                TEXT NOT NULL,
      induk_regency_code  TEXT,
      sort                INTEGER NOT NULL DEFAULT 0,
      created_at          TEXT NOT NULL,
      updated_at          TEXT NOT NULL,
      deleted             INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- A regency belongs to at most one wilayah.
    CREATE TABLE wilayah_regency (
      regency_code TEXT PRIMARY KEY,
      wilayah_id   TEXT NOT NULL REFERENCES wilayah(id)
    ) STRICT;
    CREATE INDEX wilayah_regency_wilayah ON wilayah_regency(wilayah_id);

    CREATE TABLE site (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      name_norm        TEXT NOT NULL,
      owner_name       TEXT,
      phone            TEXT,
      email            TEXT,
      address          TEXT,
      province_code    TEXT NOT NULL,
      regency_code     TEXT NOT NULL,
      district_code    TEXT NOT NULL,
      village_code     TEXT NOT NULL,
      latitude         REAL,
      longitude        REAL,
      kbli_code        TEXT NOT NULL,
      kbli_division    TEXT NOT NULL,
      sector_group     TEXT,
      products         TEXT,
      legal_form       TEXT,
      nib              TEXT,
      certificates     TEXT NOT NULL DEFAULT '[]',
      workers          INTEGER,
      size_class       TEXT,
      operating_status TEXT NOT NULL,
      year_established INTEGER,
      notes            TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      deleted          INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX site_list_name ON site(deleted, name_norm);
    CREATE INDEX site_list_updated ON site(deleted, updated_at);
    CREATE INDEX site_regency ON site(deleted, regency_code, name_norm);
    -- (deleted, filter column, name): serves "filter, ordered by name" and the counts per value.
    CREATE INDEX site_district ON site(deleted, district_code, name_norm);
    CREATE INDEX site_kbli ON site(deleted, kbli_division, name_norm);
    CREATE INDEX site_status ON site(deleted, operating_status, name_norm);
    CREATE INDEX site_sector ON site(deleted, sector_group, name_norm);
    CREATE INDEX site_size ON site(deleted, size_class, name_norm);

    -- Trigram index: any part of a word of 3+ letters matches, case-insensitively.
    -- rowid = site.rowid; kept in step by the sites repo in the same transaction.
    CREATE VIRTUAL TABLE site_fts USING fts5(
      name, owner, products, address, area,
      tokenize = 'trigram remove_diacritics 1'
    );
  `);
}
