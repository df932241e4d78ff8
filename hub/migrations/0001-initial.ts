import type Database from 'better-sqlite3';

/**
 * The hub's own store: every change message once with a server sequence, the enrolled devices
 * (token hashes only), one-time enrollment codes, and a few facts about the hub itself.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE hub_meta (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;

    -- seq is the rowid: it only grows, so a client's cursor is a plain "seq > ?".
    CREATE TABLE message (
      seq          INTEGER PRIMARY KEY,
      hlc          TEXT NOT NULL,
      replica      TEXT NOT NULL,
      tbl          TEXT NOT NULL,
      row_id       TEXT NOT NULL,
      col          TEXT NOT NULL,
      value        TEXT NOT NULL,
      prev_hlc     TEXT,
      schema       INTEGER NOT NULL,
      device_id    TEXT
    ) STRICT;
    -- Every message has its own HLC (the replicas' clocks make them unique): the same message
    -- sent twice is stored once.
    CREATE UNIQUE INDEX message_hlc ON message(hlc);

    CREATE TABLE device (
      id            TEXT PRIMARY KEY,
      officer_code  TEXT NOT NULL,
      name          TEXT NOT NULL,
      replica_id    TEXT NOT NULL,
      public_key    TEXT NOT NULL,
      token_hash    BLOB NOT NULL,
      regencies     TEXT NOT NULL DEFAULT '[]',
      enrolled_at   TEXT NOT NULL,
      last_sync_at  TEXT,
      last_cursor   INTEGER NOT NULL DEFAULT 0,
      revoked_at    TEXT
    ) STRICT;
    CREATE INDEX device_replica ON device(replica_id);

    CREATE TABLE enrollment (
      code_hash     TEXT PRIMARY KEY,
      officer_code  TEXT NOT NULL,
      regencies     TEXT NOT NULL DEFAULT '[]',
      created_at    TEXT NOT NULL,
      expires_at    TEXT NOT NULL,
      used_at       TEXT,
      device_id     TEXT
    ) STRICT;

    -- Bundle signers the office accepted by hand (a laptop that never enrolled).
    CREATE TABLE trusted_key (
      public_key   TEXT PRIMARY KEY,
      label        TEXT NOT NULL,
      accepted_at  TEXT NOT NULL
    ) STRICT;
  `);
}
