import type Database from 'better-sqlite3';
import { v4 as uuidv4 } from 'uuid';
import { defaultSectorGroup } from '../reference/kbli';
import { formatHlc, hlcToBytes, newReplicaId, tick, type HlcState } from '../sync/hlc';
import { encodeValue, flattenDocument } from '../sync/values';
import { GUARDED_TABLES, guardTriggersSql } from '../sync/write-guard';

/**
 * The replication core: the change log, the per-cell winners, conflicts, held messages; tables
 * rebuilt so that no write needs a physical delete or a locally unique number; and a baseline of
 * messages for every row already here, so an officer who upgrades can send everything.
 *
 * The synced columns are listed here as they are at version 5 (never import a later list).
 */
const BASELINE: Record<string, { key: string; columns: string[]; document?: string }> = {
  officer: { key: 'id', columns: ['name', 'nip', 'code', 'created_at', 'deleted'] },
  wilayah: { key: 'id', columns: ['province_code', 'name', 'induk_regency_code', 'sort', 'created_at', 'deleted'] },
  wilayah_regency: { key: 'regency_code', columns: ['wilayah_id'] },
  site: {
    key: 'id',
    columns: [
      'name', 'owner_name', 'phone', 'email', 'address', 'province_code', 'regency_code', 'district_code',
      'village_code', 'latitude', 'longitude', 'kbli_code', 'sector_choice', 'products', 'legal_form', 'nib',
      'certificates', 'workers', 'size_class', 'operating_status', 'year_established', 'notes', 'created_at', 'deleted',
    ],
  },
  visit: {
    key: 'id',
    columns: ['number', 'site_id', 'kind', 'status', 'created_by', 'created_at', 'finalized_at', 'deleted'],
    document: 'data',
  },
  visit_revision: { key: 'id', columns: ['visit_id', 'data', 'changes', 'reason', 'changed_by', 'changed_at'] },
  attachment: {
    key: 'id',
    columns: [
      'visit_id', 'kind', 'role', 'file_name', 'mime', 'size', 'sha256', 'thumb_sha256', 'taken_at', 'latitude',
      'longitude', 'created_at', 'deleted',
    ],
  },
};

/** Columns holding JSON text: their message value is the JSON itself, not a string of it. */
const JSON_COLUMNS = new Set(['site.certificates', 'visit_revision.data', 'visit_revision.changes']);

const VISIT_INDEXES_AND_TALLY_TRIGGERS = `
  CREATE INDEX visit_site ON visit(site_id, visit_date);
  CREATE INDEX visit_number ON visit(number);
  CREATE INDEX visit_log ON visit(deleted, visit_date, id, kind, status, regency_code, officers);
  CREATE INDEX visit_regency ON visit(regency_code, deleted, visit_date, id, kind, status, officers);
  CREATE INDEX visit_officers ON visit(officers, deleted, visit_date, id, kind, status, regency_code);

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
  END;`;

function valueAt(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return node ?? null;
}

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE site ADD COLUMN sector_choice TEXT;
    -- Derived: the site this one was merged into (site_merge), followed to the end.
    ALTER TABLE site ADD COLUMN merged_into TEXT;

    -- Visit numbers stay unique by design (a replica tag), but applying a message must never fail
    -- on two legacy numbers made by two laptops: the number is indexed, not UNIQUE.
    CREATE TABLE visit_next (
      id            TEXT PRIMARY KEY,
      number        TEXT NOT NULL,
      site_id       TEXT NOT NULL REFERENCES site(id),
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
    INSERT INTO visit_next SELECT id, number, site_id, regency_code, kind, status, visit_date, officers, data, revision,
                                  created_by, created_at, updated_at, finalized_at, deleted FROM visit;
    DROP TABLE visit;
    ALTER TABLE visit_next RENAME TO visit;
    ${VISIT_INDEXES_AND_TALLY_TRIGGERS}

    -- Revisions get their own ids: two laptops amending one visit both add a revision.
    -- changes: [{ path, old, new }] rather than paths alone.
    CREATE TABLE visit_revision_next (
      id          TEXT PRIMARY KEY,
      visit_id    TEXT NOT NULL REFERENCES visit(id),
      data        TEXT NOT NULL,
      changes     TEXT NOT NULL,
      reason      TEXT NOT NULL,
      changed_by  TEXT NOT NULL,
      changed_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visit_revision_visit ON visit_revision_next(visit_id, changed_at);

    -- A regency with no wilayah keeps its row with wilayah_id NULL: leaving is a change, not a delete.
    CREATE TABLE wilayah_regency_next (
      regency_code TEXT PRIMARY KEY,
      wilayah_id   TEXT REFERENCES wilayah(id)
    ) STRICT;
    INSERT INTO wilayah_regency_next SELECT regency_code, wilayah_id FROM wilayah_regency;
    DROP TABLE wilayah_regency;
    ALTER TABLE wilayah_regency_next RENAME TO wilayah_regency;
    CREATE INDEX wilayah_regency_wilayah ON wilayah_regency(wilayah_id);

    -- site_fact is derived from final visits on each replica: one row per visit and fact, stable.
    DELETE FROM site_fact WHERE rowid NOT IN (SELECT max(rowid) FROM site_fact GROUP BY visit_id, fact);
    CREATE UNIQUE INDEX site_fact_visit_fact ON site_fact(visit_id, fact);

    CREATE TABLE replica (
      id          TEXT PRIMARY KEY,
      officer_id  TEXT,
      tag         TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX replica_tag ON replica(tag);

    CREATE TABLE site_merge (
      id           TEXT PRIMARY KEY,
      survivor_id  TEXT NOT NULL REFERENCES site(id),
      loser_id     TEXT NOT NULL REFERENCES site(id),
      merged_by    TEXT,
      merged_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX site_merge_loser ON site_merge(loser_id);
    CREATE INDEX site_merge_survivor ON site_merge(survivor_id);

    CREATE TABLE conflict_ack (
      id           TEXT PRIMARY KEY,
      choice       TEXT NOT NULL,
      resolved_by  TEXT,
      resolved_at  TEXT NOT NULL
    ) STRICT;

    -- The synced rows and the column names the log speaks of, numbered here: a message names its
    -- row and column by two small numbers instead of a table, a 36-character id and a name.
    CREATE TABLE crdt_row (
      no      INTEGER PRIMARY KEY,
      tbl     TEXT NOT NULL,
      row_id  TEXT NOT NULL,
      UNIQUE (tbl, row_id)
    ) STRICT;
    CREATE TABLE crdt_column (
      no    INTEGER PRIMARY KEY,
      name  TEXT NOT NULL UNIQUE
    ) STRICT;

    -- Every change message, local and remote, once. seq is the local order (the sync cursor);
    -- hlc and prev_hlc are the HLC's 16 bytes (db/sync/hlc.ts, hlcToBytes), in the text's order.
    CREATE TABLE crdt_message (
      seq       INTEGER PRIMARY KEY,
      hlc       BLOB NOT NULL UNIQUE,
      row_no    INTEGER NOT NULL,
      col_no    INTEGER NOT NULL,
      value     TEXT NOT NULL,
      prev_hlc  BLOB,
      schema    INTEGER NOT NULL
    ) STRICT;

    -- Each cell's winning message (its seq), and how many other heads (concurrent edits) it has.
    -- A cell's id is its row number * 2^20 + its column number: a row's cells are one range of a
    -- rowid table, and a new row's cells append to it.
    CREATE TABLE crdt_cell (
      id          INTEGER PRIMARY KEY,
      winner      INTEGER NOT NULL,
      side_heads  INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- Messages of a cell that no later message builds on, other than its winner: concurrent edits.
    CREATE TABLE crdt_side_head (
      cell  INTEGER NOT NULL,
      seq   INTEGER NOT NULL,
      PRIMARY KEY (cell, seq)
    ) STRICT, WITHOUT ROWID;

    -- HLCs that a message named as its prev_hlc before that message arrived (it has a child).
    CREATE TABLE crdt_orphan (prev_hlc BLOB PRIMARY KEY) STRICT, WITHOUT ROWID;

    -- Open conflicts: a side head whose value differs from the winner's and no one has settled.
    CREATE TABLE crdt_conflict (
      loser   INTEGER PRIMARY KEY,
      cell    INTEGER NOT NULL,
      winner  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX crdt_conflict_cell ON crdt_conflict(cell);

    -- Messages in the log but not in effect yet: 'future' (stamped > 1 day ahead) or 'unknown' column.
    CREATE TABLE crdt_held (
      seq     INTEGER PRIMARY KEY,
      reason  TEXT NOT NULL
    ) STRICT;

    -- Rows whose cells are here but which cannot be written yet: a parent row or required cells missing.
    CREATE TABLE crdt_waiting (
      tbl         TEXT NOT NULL,
      row_id      TEXT NOT NULL,
      parent_tbl  TEXT NOT NULL,
      parent_id   TEXT NOT NULL,
      PRIMARY KEY (tbl, row_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX crdt_waiting_parent ON crdt_waiting(parent_tbl, parent_id);

  `);

  // Existing sector groups that differ from the KBLI default were the officer's choice.
  const sites = db.prepare('SELECT id, kbli_code, sector_group FROM site').all() as { id: string; kbli_code: string; sector_group: string | null }[];
  const setChoice = db.prepare('UPDATE site SET sector_choice = ? WHERE id = ?');
  for (const s of sites) {
    if (s.sector_group !== defaultSectorGroup(s.kbli_code)) setChoice.run(s.sector_group, s.id);
  }

  // Revisions: new ids, and each change with its old and new value (the next revision's data).
  const oldRevisions = db
    .prepare('SELECT r.*, v.data AS current FROM visit_revision r JOIN visit v ON v.id = r.visit_id ORDER BY r.visit_id, r.revision')
    .all() as { visit_id: string; revision: number; data: string; changes: string; reason: string; changed_by: string; changed_at: string; current: string }[];
  const insertRevision = db.prepare('INSERT INTO visit_revision_next VALUES (?, ?, ?, ?, ?, ?, ?)');
  oldRevisions.forEach((r, i) => {
    const next = oldRevisions[i + 1]?.visit_id === r.visit_id ? oldRevisions[i + 1].data : r.current;
    const before = JSON.parse(r.data);
    const after = JSON.parse(next);
    const changes = (JSON.parse(r.changes) as string[]).map((path) =>
      path === 'lampiran' ? { path, old: null, new: null } : { path, old: valueAt(before, path), new: valueAt(after, path) },
    );
    insertRevision.run(uuidv4(), r.visit_id, r.data, JSON.stringify(changes), r.reason, r.changed_by, r.changed_at);
  });
  db.exec(`
    DROP TABLE visit_revision;
    ALTER TABLE visit_revision_next RENAME TO visit_revision;
  `);

  writeBaseline(db);
  for (const table of GUARDED_TABLES) db.exec(guardTriggersSql(table));
}

/**
 * One message per column of every row already here, stamped at the row's own updated_at (so a
 * site's facts keep their age against visits that arrive later), by a replica made for this.
 */
function writeBaseline(db: Database.Database): void {
  const replica = newReplicaId();
  db.prepare("INSERT INTO setting(key, value) VALUES ('replica', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
    JSON.stringify({ id: replica }),
  );
  const insertRow = db.prepare('INSERT INTO crdt_row(tbl, row_id) VALUES (?, ?)');
  const insertColumn = db.prepare('INSERT INTO crdt_column(name) VALUES (?)');
  const columnNos = new Map<string, number>();
  const columnNo = (name: string): number => {
    let no = columnNos.get(name);
    if (no === undefined) columnNos.set(name, (no = Number(insertColumn.run(name).lastInsertRowid)));
    return no;
  };
  const insertMessage = db.prepare('INSERT INTO crdt_message(hlc, row_no, col_no, value, prev_hlc, schema) VALUES (?, ?, ?, ?, NULL, 5)');
  const insertCell = db.prepare('INSERT INTO crdt_cell(id, winner) VALUES (?, ?)');
  let state: HlcState = { wall: 0, counter: 0 };
  const stamp = (time: string): string => {
    const wall = Date.parse(time);
    state = Number.isNaN(wall) || wall <= state.wall ? tick(state, state.wall) : { wall, counter: 0 };
    return formatHlc(state, replica);
  };

  const rowsInTimeOrder: { table: string; row: Record<string, unknown>; time: string }[] = [];
  for (const [table, spec] of Object.entries(BASELINE)) {
    const time = table === 'wilayah_regency' ? null : table === 'visit_revision' ? 'changed_at' : 'updated_at';
    for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      rowsInTimeOrder.push({ table, row, time: time ? String(row[time]) : '1970-01-01T00:00:00.000Z' });
    }
    void spec;
  }
  rowsInTimeOrder.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));

  for (const { table, row, time } of rowsInTimeOrder) {
    const spec = BASELINE[table];
    const id = String(row[spec.key]);
    const cells: [string, string][] = spec.columns.map((c) => [
      c,
      JSON_COLUMNS.has(`${table}.${c}`) ? encodeValue(JSON.parse(String(row[c]))) : encodeValue(row[c]),
    ]);
    if (spec.document) {
      for (const [path, value] of flattenDocument(JSON.parse(String(row[spec.document])))) {
        cells.push([`${spec.document}.${path}`, encodeValue(value)]);
      }
    }
    const rowNo = Number(insertRow.run(table, id).lastInsertRowid);
    for (const [column, value] of cells) {
      const col = columnNo(column);
      const seq = insertMessage.run(hlcToBytes(stamp(time)), rowNo, col, value).lastInsertRowid;
      insertCell.run(rowNo * 2 ** 20 + col, seq);
    }
  }
}
