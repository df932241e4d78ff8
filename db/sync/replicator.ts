import type { Db } from '../open-database';
import type { ChangeMessage, SyncApplyReport, SyncPendingResult } from '../model/sync';
import { createChangeLogRepo, type ChangeLogRepo } from '../repo/change-log';
import { formatHlc, hlcTime, isTooFarAhead, MAX_AHEAD_MS, parseHlc, tick, ZERO_HLC_STATE, type HlcState } from './hlc';
import { fitsCell, isKnownCell, SYNCED_TABLES, syncedTable, type SyncedTable, type SyncedTableName } from './tables';
import { assembleDocument, decodeValue, encodeValue, flattenDocument } from './values';
import { withGuardOpen } from './write-guard';
import { log as appLog, loggableError } from '../log';

/** A row of a synced table as the replicator reads and writes it: column → SQLite value. */
export type RowValues = Record<string, unknown>;

/** What a repo adds to the replication of its table: values derived on every replica. */
export interface TableHooks {
  /**
   * Derived columns of the row (normalized name, copied columns, current facts…), set before it is
   * written. `changed` names the synced cells that changed; null when everything must be re-derived
   * (a new row, a rebuild, or a refresh because something the row depends on changed).
   */
  derive?(id: string, row: RowValues, before: RowValues | null, changed: ReadonlySet<string> | null): void;
  /** After the row is written: keep other derived data in step (search index, facts of a site…). */
  after?(id: string, row: RowValues, before: RowValues | null): void;
  /**
   * The row is derived again for every message of it taken in, winning or not (its values depend
   * on more than its cells' winners: the visit lifecycle, db/model/visit-lifecycle.ts).
   */
  everyMessage?: boolean;
  /**
   * A person restores a conflict's losing value (inside the resolving write unit): true when the
   * table wrote it its own way (a final visit's form changes only by an amendment).
   */
  restore?(id: string, column: string, value: unknown, resolvedBy: string): boolean;
  /** Before rows are forgotten (`Replicator.forget`): drop what is derived from them, nothing else. */
  forget?(ids: readonly string[]): void;
}

/**
 * One user action's writes. Everything a repo changes goes through here: each cell written
 * becomes one change message with its own HLC, stamped from the one timestamp of the action, and
 * takes effect through the same apply path as a message from another laptop.
 */
export interface WriteUnit {
  /** The one timestamp of this action. */
  readonly now: Date;
  readonly nowIso: string;
  /** A new row: one message per synced column (absent values are written as null). */
  insert(table: SyncedTableName, id: string, values: Record<string, unknown>): void;
  /** Changes only the given columns whose value differs; returns the cells that changed. */
  update(table: SyncedTableName, id: string, values: Record<string, unknown>): string[];
  /**
   * Writes raw cells (a document leaf, a restored value): the primitive under insert and update.
   * `restate` writes a cell even when its value is unchanged: a fact stated again today is news.
   * `seen` names, for some cells, the message whose value the author saw when a rule of the table
   * shows another than the cell's winner (a final visit's form); the others build on the winner.
   */
  writeCells(table: SyncedTableName, id: string, cells: [string, unknown][], restate?: boolean, seen?: ReadonlyMap<string, string | null>): string[];
  /**
   * Reference data every laptop writes alike (default wilayah): messages with fixed HLCs from the
   * seed replica, so the same default seeded on two laptops is one message, never a conflict.
   * `slot` numbers the row among all seeded rows; it must never change for a shipped default.
   */
  seed(table: SyncedTableName, id: string, values: Record<string, unknown>, slot: number): void;
}

export interface ReplicatorOptions {
  schemaVersion: number;
  /** The wall clock, ms (tests move it back and forth). */
  wallClock: () => number;
  replicaId: () => string;
  /** Told after every commit that issued local HLCs, with the clock's last one. */
  onCommitted?: (lastHlc: string) => void;
  /** A time the wall clock cannot truly be behind (the hub's at the last contact), if known. */
  clockFloor?: () => number | null;
}

/** The replica id of messages every laptop writes alike (seeded reference data). */
const SEED_REPLICA = '0000000000000000';
const SEED_EPOCH = Date.parse('2025-01-01T00:00:00.000Z');

/**
 * Columns whose concurrent values are not worth a person's review: LWW decides quietly. Who merged
 * or unmerged a pair, or said it is no duplicate, and when: two people deciding the same at once
 * have nothing to choose between.
 */
const NO_CONFLICT_COLUMNS = new Set(['created_at', 'merged_by', 'merged_at', 'undone_by', 'undone_at', 'decided_by', 'decided_at']);

/** Only the columns whose value moved: an UPDATE then touches only the indexes it must. */
function changedValues(row: RowValues, before: RowValues): RowValues {
  const out: RowValues = {};
  for (const [column, value] of Object.entries(row)) if (value !== before[column]) out[column] = value;
  return out;
}

/** Tables in the order a batch writes them: a row's parents before the row. */
const TABLE_ORDER = Object.keys(SYNCED_TABLES) as SyncedTableName[];

interface ChangedCell {
  value: string;
  hlc: string;
}

/** The rows a batch changed: table → row id → changed cell → its new value and HLC. */
type Touched = Map<string, Map<string, Map<string, ChangedCell>>>;

const rowKey = (table: string, id: string): string => `${table}\u0000${id}`;

export function createReplicator(db: Db, options: ReplicatorOptions) {
  const log: ChangeLogRepo = createChangeLogRepo(db);
  const hooks = new Map<string, TableHooks>();
  let unit: (WriteUnit & { state: HlcState; wall: number }) | null = null;
  let applying = false;

  /**
   * The clock is not stored: it is the highest HLC issued or taken in, i.e. the highest in the log,
   * leaving out messages held for being more than a day ahead. Read inside each write transaction,
   * so two connections on one file never stamp the same HLC.
   */
  const clockBound = (): string => formatHlc({ wall: options.wallClock() + MAX_AHEAD_MS, counter: 0xffff }, 'ffffffffffffffff');
  const lastHlc = (): string | null => log.lastHlc(clockBound());
  const loadClock = (): HlcState => {
    const last = lastHlc();
    return last ? parseHlc(last) : ZERO_HLC_STATE;
  };

  /** A cell's value as a SQLite value: arrays and objects as their JSON text, booleans as 0/1. */
  function toSqlValue(text: string | undefined): unknown {
    if (text === undefined) return null;
    const value = decodeValue(text);
    if (value === null || typeof value === 'string' || typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return text;
  }

  /**
   * Takes one message into its cell. The cell's winner is the highest HLC of all its messages;
   * its heads are the messages no later message builds on. A head other than the winner, with
   * another value and not settled by a person, is an open conflict. Returns whether the winner changed.
   */
  function takeIntoCell(m: ChangeMessage, knownNew = false): { won: boolean; conflicts: number } {
    const current = knownNew ? undefined : log.cell(m.table, m.row, m.column);
    if (!current) {
      // Nothing of this cell was here, so nothing here builds on m: it is the only head.
      log.setCell(m.table, m.row, m.column, m.hlc, 0);
      // Its parent is not in effect here (not arrived, or held): when it comes, it has a child.
      if (m.prevHlc) log.addOrphan(m.prevHlc);
      return { won: true, conflicts: 0 };
    }
    if (current.side_heads === 0 && m.prevHlc === current.hlc && m.hlc > current.hlc) {
      // The usual case: an edit of the value the author saw, which was the winner here.
      log.setCell(m.table, m.row, m.column, m.hlc, 0);
      return { won: true, conflicts: 0 };
    }
    const heads = new Set([current.hlc, ...(current.side_heads ? log.sideHeads(m.table, m.row, m.column) : [])]);
    const hasChild = log.takeOrphan(m.hlc);
    if (m.prevHlc) {
      if (!heads.delete(m.prevHlc) && !log.hasMessage(m.prevHlc)) log.addOrphan(m.prevHlc);
    }
    if (!hasChild) heads.add(m.hlc);
    const winner = m.hlc > current.hlc ? m.hlc : current.hlc;
    heads.delete(winner);
    log.setCell(m.table, m.row, m.column, winner, heads.size);
    log.replaceSideHeads(m.table, m.row, m.column, heads);
    return { won: winner === m.hlc, conflicts: refreshConflicts(m.table, m.row, m.column, winner, heads) };
  }

  /** Rewrites a cell's open conflicts from its side heads; returns how many there are. */
  function refreshConflicts(table: string, row: string, column: string, winner: string, sideHeads: Iterable<string>): number {
    const winnerValue = log.valueOf(winner);
    const losers = NO_CONFLICT_COLUMNS.has(column) ? [] : [...sideHeads].filter((h) => log.valueOf(h) !== winnerValue && !log.isAcked(h));
    return log.replaceConflictsOfCell(table, row, column, losers, winner);
  }

  /**
   * Sets a row's synced columns (and its document) from all its winning cells, as `materialize`
   * writes them and `expectedRow` checks them; answers the newest cell's HLC.
   */
  function fillFromCells(spec: SyncedTable, row: RowValues, cells: readonly { col: string; hlc: string; value: string }[]): string {
    const byColumn = new Map(cells.map((c) => [c.col, c]));
    for (const column of spec.columns) row[column] = toSqlValue(byColumn.get(column)?.value);
    if (spec.document) {
      const leaves = cells
        .filter((c) => c.col.startsWith(spec.document!.prefix))
        .map((c): [string, unknown] => [c.col.slice(spec.document!.prefix.length), decodeValue(c.value)]);
      row[spec.document.column] = JSON.stringify(assembleDocument(leaves));
    }
    let newestHlc = '';
    for (const c of cells) if (c.hlc > newestHlc) newestHlc = c.hlc;
    return newestHlc;
  }

  /**
   * Writes a row from its cells: all of them for a new row, else the changed ones over the stored
   * row. A row whose required cells or parent row are missing waits, and is written when they come.
   */
  function materialize(table: string, id: string, changed: Map<string, ChangedCell> | null, fresh = false, stale: ReadonlySet<string> | null = null): void {
    const spec = syncedTable(table) as SyncedTable;
    // A fresh row (its first cells, all in `changed`) is neither stored nor has other cells to read.
    const before = fresh ? null : (log.row(table, spec.key, id) ?? null);
    const row: RowValues = before ? { ...before } : { [spec.key]: id };
    let newestHlc = '';

    if (!before || changed === null) {
      const cells = fresh && changed ? [...changed].map(([col, c]) => ({ col, hlc: c.hlc, value: c.value })) : log.cellsOfRow(table, id);
      const byColumn = new Map(cells.map((c) => [c.col, c]));
      if (!before) {
        const missing = spec.required.find((c) => !byColumn.has(c));
        if (missing) {
          log.wait(table, id, '', '');
          return;
        }
      }
      newestHlc = fillFromCells(spec, row, cells);
    } else {
      let leaves: Map<string, unknown> | null = null;
      for (const [column, c] of changed) {
        if (spec.document && column.startsWith(spec.document.prefix)) {
          leaves ??= flattenDocument(JSON.parse(String(before[spec.document.column])));
          leaves.set(column.slice(spec.document.prefix.length), decodeValue(c.value));
        } else {
          row[column] = toSqlValue(c.value);
        }
        if (c.hlc > newestHlc) newestHlc = c.hlc;
      }
      if (leaves && spec.document) row[spec.document.column] = JSON.stringify(assembleDocument(leaves));
    }

    for (const [column, parentTable] of Object.entries(spec.parents)) {
      if (before && changed && !changed.has(column)) continue;
      const ref = row[column];
      if (ref === null || ref === undefined) continue;
      const parentKey = (syncedTable(parentTable) as SyncedTable).key;
      if (!log.rowExists(parentTable, parentKey, String(ref))) {
        log.wait(table, id, parentTable, String(ref));
        return;
      }
    }

    if (spec.updatedAt) {
      const time = newestHlc ? hlcTime(newestHlc) : '';
      // A row read from all its cells takes their newest time: a pure function of the cells, so a
      // far-ahead change re-stamped (restampAhead) no longer dates the row. An edit only moves it on.
      const previous = before?.updated_at && (changed !== null || !time) ? String(before.updated_at) : '';
      row.updated_at = time > previous ? time : previous;
    }
    const tableHooks = hooks.get(table);
    tableHooks?.derive?.(id, row, before, before && changed && changed.size ? new Set(changed.keys()) : before && stale ? stale : null);
    withGuardOpen(db, () => {
      if (before) log.updateRow(table, spec.key, id, changedValues(row, before));
      else log.insertRow(table, row);
    });
    log.stopWaiting(table, id);
    withGuardOpen(db, () => tableHooks?.after?.(id, row, before));
    if (!before) {
      for (const child of log.waitingFor(table, id)) {
        log.stopWaiting(child.tbl, child.row_id);
        materialize(child.tbl, child.row_id, null);
      }
    }
  }

  /**
   * Writes every touched row, parents first. With `isolate` (remote batches) rows are written in
   * savepoints of up to 256 rows; when one fails, its rows are written again one savepoint each, so
   * only the row that cannot be written is rolled back, and waits. Applying never aborts.
   * Rows in `fresh` had no cells before this batch: all their cells are in `touched`.
   */
  function materializeAll(touched: Touched, isolate = false, fresh?: ReadonlySet<string>): void {
    const write = (table: string, id: string, changed: Map<string, ChangedCell>) =>
      materialize(table, id, changed, fresh?.has(rowKey(table, id)) ?? false);
    for (const table of TABLE_ORDER) {
      const rows = touched.get(table);
      if (!rows) continue;
      if (!isolate) {
        for (const [id, changed] of rows) write(table, id, changed);
        continue;
      }
      const entries = [...rows];
      for (let i = 0; i < entries.length; i += 256) {
        const group = entries.slice(i, i + 256);
        try {
          savepoint(() => group.forEach(([id, changed]) => write(table, id, changed)));
        } catch {
          for (const [id, changed] of group) {
            try {
              savepoint(() => write(table, id, changed));
            } catch (error) {
              appLog.error('row_waits', { table, ...loggableError(error) });
              log.wait(table, id, 'error', '');
            }
          }
        }
      }
    }
  }
  const savepoint = db.transaction((fn: () => void) => fn());

  /**
   * One write transaction, taken at once (two connections never interleave their clocks). The
   * log's row and column numbers are trusted only within it: a rolled-back one may have made some.
   */
  function transact<T>(fn: () => T): T {
    log.forgetNumbers();
    try {
      return db.transaction(fn).immediate();
    } catch (error) {
      log.forgetNumbers();
      throw error;
    }
  }

  /** The touched row's changed cells (none yet: the row is only derived again). */
  function touchRow(touched: Touched, table: string, row: string): Map<string, ChangedCell> {
    let rows = touched.get(table);
    if (!rows) touched.set(table, (rows = new Map()));
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = new Map()));
    return cells;
  }

  function touch(touched: Touched, m: ChangeMessage): void {
    touchRow(touched, m.table, m.row).set(m.column, { value: m.value, hlc: m.hlc });
  }

  /** Messages from elsewhere (or held ones whose time came), in one transaction. */
  function applyRemote(messages: ChangeMessage[], alreadyLogged = false): SyncApplyReport {
    const report: SyncApplyReport = { received: 0, duplicates: 0, waiting: 0, future: 0, unknown: 0, invalid: 0, conflicts: 0 };
    const now = options.wallClock();
    const touched: Touched = new Map();
    // Rows this batch brings whole (the log never named them): written from the batch alone.
    const seen = new Set<string>();
    const fresh = new Set<string>();
    const sorted = [...messages].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    const freshCells = new Set<string>();
    for (const m of sorted) {
      const key = rowKey(m.table, m.row);
      if (!seen.has(key)) {
        seen.add(key);
        if (!log.knowsRow(m.table, m.row)) fresh.add(key);
      }
      if (!alreadyLogged) {
        if (!log.insertMessage(m)) {
          report.duplicates++;
          continue;
        }
        report.received++;
      }
      if (isTooFarAhead(m.hlc, now)) {
        log.hold(m.hlc, 'future');
        report.future++;
        continue;
      }
      if (!isKnownCell(m.table, m.column)) {
        log.hold(m.hlc, 'unknown');
        report.unknown++;
        continue;
      }
      if (!fitsValue(m)) {
        // Kept (it is in the log, and passed on) but never applied: a value of the wrong kind
        // would break the row for everyone. Reported, so the office can find the sender.
        log.hold(m.hlc, 'invalid');
        report.invalid++;
        continue;
      }
      // A fresh row's cell met for the first time in this batch has nothing to look up.
      const cellKey = `${key}\u0000${m.column}`;
      const knownNew = fresh.has(key) && !freshCells.has(cellKey);
      if (knownNew) freshCells.add(cellKey);
      const { won, conflicts } = takeIntoCell(m, knownNew);
      report.conflicts += conflicts;
      if (won) touch(touched, m);
      else if (hooks.get(m.table)?.everyMessage) touchRow(touched, m.table, m.row);
    }
    const waitingBefore = log.waitingCount();
    materializeAll(touched, true, fresh);
    report.waiting = Math.max(0, log.waitingCount() - waitingBefore);
    return report;
  }

  function fitsValue(m: ChangeMessage): boolean {
    try {
      return fitsCell(m.table, m.column, decodeValue(m.value));
    } catch {
      return false;
    }
  }

  /** Held messages whose reason has passed: the clock caught up, or this version knows the column now. */
  function releaseHeld(): SyncApplyReport | null {
    const now = options.wallClock();
    const ready: ChangeMessage[] = [];
    for (const hlc of log.held('future')) {
      if (isTooFarAhead(hlc, now)) break;
      ready.push(log.message(hlc)!);
      log.release(hlc);
    }
    for (const hlc of log.held('unknown')) {
      const m = log.message(hlc)!;
      if (!isKnownCell(m.table, m.column)) continue;
      ready.push(m);
      log.release(hlc);
    }
    return ready.length ? applyRemote(ready, true) : null;
  }

  /** Re-takes a cell from its messages in effect, in HLC order, as if they had just arrived. */
  function rebuildCell(table: string, row: string, column: string, messages: readonly ChangeMessage[]): void {
    const own = messages.filter((m) => m.table === table && m.row === row && m.column === column);
    log.clearCell(table, row, column, own);
    for (const m of own) takeIntoCell(m);
  }

  /**
   * Messages stamped more than a day ahead of the wall clock were written, or taken in from a
   * colleague's bundle, while this laptop's clock ran ahead, and it is right again: the hub refuses
   * them (and so everything queued behind them), and here they would outrank every later edit, the
   * officer's own included. Each goes out of effect for good (held as 'superseded': never applied,
   * sent or taken as the clock again; a copy arriving later is a duplicate). The value of an own
   * one is written again as a new message of this unit, building on what its author saw, unless
   * the officer wrote that field again since. A colleague's comes back from its author, who
   * re-stamps it the same way; a row that only such messages made leaves this laptop until then.
   * Nothing else could have taken them in: the hub refused them and a right clock holds them.
   */
  function restampAhead(u: WriteUnit & { state: HlcState; wall: number }): void {
    const ahead = log.aheadInEffect(clockBound());
    if (!ahead.length || clockBehind()) return;
    const isOwn = (m: ChangeMessage) => m.hlc.endsWith(options.replicaId());
    const superseded = new Map(ahead.map((m) => [m.hlc, m]));
    for (const m of ahead) log.hold(m.hlc, 'superseded');
    const rows = new Map<string, { tbl: string; row_id: string }>();
    for (const m of ahead) rows.set(rowKey(m.table, m.row), { tbl: m.table, row_id: m.row });
    const inEffect = log.messagesInEffect([...rows.values()]);
    // The last far-ahead message of each cell (log order is the order they were written or taken in).
    const lastOfCell = new Map<string, ChangeMessage>();
    const cellOf = (m: ChangeMessage) => `${rowKey(m.table, m.row)}\u0000${m.column}`;
    for (const m of ahead) lastOfCell.set(cellOf(m), m);
    // Copies in the order the originals were written, not the order cells were first met: a
    // finalize's restated fields must stay after its status=final (the visit lifecycle reads order).
    const lasts = ahead.filter((m) => lastOfCell.get(cellOf(m)) === m);
    for (const m of lasts) rebuildCell(m.table, m.row, m.column, inEffect);
    for (const m of lasts) {
      if (!isOwn(m)) continue;
      const seq = log.seqOf(m.hlc);
      const writtenSince = inEffect.some(
        (e) => e.table === m.table && e.row === m.row && e.column === m.column && isOwn(e) && log.seqOf(e.hlc) > seq,
      );
      if (writtenSince) continue;
      let prevHlc = m.prevHlc;
      while (prevHlc && superseded.has(prevHlc)) prevHlc = superseded.get(prevHlc)!.prevHlc;
      u.state = tick(u.state, u.wall);
      const copy: ChangeMessage = { ...m, hlc: formatHlc(u.state, options.replicaId()), prevHlc, schema: options.schemaVersion };
      log.insertMessage(copy);
      takeIntoCell(copy);
    }
    // The rows from all their cells, as they now resolve (a row made while ahead is made again);
    // children first out, parents first in.
    const byTable = (r: { tbl: string }) => TABLE_ORDER.indexOf(r.tbl as SyncedTableName);
    const ordered = [...rows.values()].sort((a, b) => byTable(a) - byTable(b));
    // A row taken out may still have a child among these rows that only then goes to wait for it:
    // the foreign keys are checked when the unit commits (the pragma ends with the transaction).
    db.pragma('defer_foreign_keys = ON');
    for (const r of [...ordered].reverse()) if (!log.cellsOfRow(r.tbl, r.row_id).length) unmaterialize(r.tbl, r.row_id);
    for (const r of ordered) {
      const columns = new Set(log.cellsOfRow(r.tbl, r.row_id).map((c) => c.col));
      if (!columns.size) continue;
      // A colleague's row this laptop only edited: it waits for the cells that make it, out of its table.
      if ((SYNCED_TABLES[r.tbl as SyncedTableName] as SyncedTable).required.some((c) => !columns.has(c))) {
        unmaterialize(r.tbl, r.row_id);
        log.wait(r.tbl, r.row_id, '', '');
        continue;
      }
      materialize(r.tbl, r.row_id, null);
      // Its parent was one of those rows: it waits for it, out of its table, like any early child.
      if (log.isWaiting(r.tbl, r.row_id)) unmaterialize(r.tbl, r.row_id);
    }
  }

  /**
   * The wall clock is behind the hub's time at the last contact (a reset clock, a flat battery):
   * then the messages are not ahead, the clock is behind, and nothing is set aside or re-stamped.
   */
  function clockBehind(): boolean {
    const floor = options.clockFloor?.() ?? null;
    return floor !== null && options.wallClock() < floor;
  }

  /** Removes stored rows from their table, with what their table's hooks derive from them; no message. */
  function dropRows(table: string, ids: readonly string[]): void {
    const spec = SYNCED_TABLES[table as SyncedTableName] as SyncedTable;
    withGuardOpen(db, () => {
      hooks.get(table)?.forget?.(ids);
      log.deleteRows(table, spec.key, ids);
    });
  }

  /** Takes a stored row out of its table (its cells no longer make it). */
  function unmaterialize(table: string, id: string): void {
    const spec = SYNCED_TABLES[table as SyncedTableName] as SyncedTable;
    if (log.row(table, spec.key, id)) dropRows(table, [id]);
  }

  function startUnit(): WriteUnit & { state: HlcState; wall: number } {
    const wall = options.wallClock();
    const now = new Date(wall);
    const u = {
      now,
      nowIso: now.toISOString(),
      wall,
      state: loadClock(),
      insert(table: SyncedTableName, id: string, values: Record<string, unknown>): void {
        const spec = SYNCED_TABLES[table] as SyncedTable;
        const unknown = Object.keys(values).filter((k) => !spec.columns.includes(k) && k !== spec.document?.column);
        if (unknown.length) throw new Error(`${table}: not synced columns ${unknown.join(', ')}`);
        const cells: [string, unknown][] = spec.columns.map((c) => [c, values[c] ?? null]);
        if (spec.document) {
          const doc = (values[spec.document.column] ?? {}) as Record<string, unknown>;
          for (const [path, value] of flattenDocument(doc)) cells.push([spec.document.prefix + path, value]);
        }
        u.writeCells(table, id, cells);
      },
      update(table: SyncedTableName, id: string, values: Record<string, unknown>): string[] {
        const spec = SYNCED_TABLES[table] as SyncedTable;
        const cells: [string, unknown][] = [];
        for (const [column, value] of Object.entries(values)) {
          if (spec.document && column === spec.document.column) {
            const next = flattenDocument(value as Record<string, unknown>);
            const existing = log.cellsOfRow(table, id).filter((c) => c.col.startsWith(spec.document!.prefix));
            for (const c of existing) {
              const path = c.col.slice(spec.document.prefix.length);
              if (!next.has(path) && c.value !== 'null') cells.push([c.col, null]);
            }
            for (const [path, v] of next) cells.push([spec.document.prefix + path, v]);
          } else if (spec.columns.includes(column)) {
            cells.push([column, value]);
          } else {
            throw new Error(`${table}.${column} is not a synced column`);
          }
        }
        return u.writeCells(table, id, cells);
      },
      writeCells(table: SyncedTableName, id: string, cells: [string, unknown][], restate = false, seen?: ReadonlyMap<string, string | null>): string[] {
        // One message of this action: the next HLC of the unit's clock.
        const stamp = (column: string, value: string, prevHlc: string | null): ChangeMessage => {
          u.state = tick(u.state, u.wall);
          return { hlc: formatHlc(u.state, options.replicaId()), table, row: id, column, value, prevHlc, schema: options.schemaVersion };
        };
        // A row with no cells yet (a new record): every message starts its own cell, so no cell is
        // looked up and the messages and cells go in with one multi-row insert each.
        if (!log.rowHasCells(table, id)) {
          const messages = cells.map(([column, value]) => stamp(column, encodeValue(value), null));
          log.insertNewCells(messages);
          materialize(table, id, new Map(messages.map((m) => [m.column, { value: m.value, hlc: m.hlc }])), true);
          return messages.map((m) => m.column);
        }
        const changedColumns: string[] = [];
        const touched: Touched = new Map();
        for (const [column, value] of cells) {
          const text = encodeValue(value);
          const current = log.cellWithValue(table, id, column);
          if (current && current.value === text && !restate) continue;
          const m = stamp(column, text, seen?.has(column) ? seen.get(column)! : (current?.hlc ?? null));
          log.insertMessage(m);
          if (takeIntoCell(m).won) touch(touched, m);
          changedColumns.push(column);
        }
        materializeAll(touched);
        return changedColumns;
      },
      seed(table: SyncedTableName, id: string, values: Record<string, unknown>, slot: number): void {
        const spec = SYNCED_TABLES[table] as SyncedTable;
        const touched: Touched = new Map();
        spec.columns.forEach((column, i) => {
          const m: ChangeMessage = {
            hlc: formatHlc({ wall: SEED_EPOCH + slot * 64 + i, counter: 0 }, SEED_REPLICA),
            table,
            row: id,
            column,
            value: encodeValue(values[column] ?? null),
            prevHlc: null,
            schema: options.schemaVersion,
          };
          if (!log.insertMessage(m)) return;
          if (takeIntoCell(m).won) touch(touched, m);
        });
        materializeAll(touched);
      },
    };
    return u;
  }

  return {
    log,
    /** Registers the derived values a repo keeps for its table. */
    register(table: SyncedTableName, tableHooks: TableHooks): void {
      hooks.set(table, tableHooks);
    },
    /**
     * Runs one user action as one write unit: one transaction (taken at once, so two connections
     * never interleave their clocks), one timestamp. A call made inside a unit joins it.
     */
    write<T>(fn: (unit: WriteUnit) => T): T {
      if (unit) return fn(unit);
      if (applying) throw new Error('a write unit cannot start while remote changes are applied');
      let last = '';
      const result = transact(() => {
        unit = startUnit();
        try {
          restampAhead(unit);
          const value = fn(unit);
          last = formatHlc(unit.state, options.replicaId());
          return value;
        } finally {
          unit = null;
        }
      });
      if (last) options.onCommitted?.(last);
      return result;
    },
    /** Applies messages from another replica; idempotent and order-free. Never throws on order. */
    apply(messages: ChangeMessage[]): SyncApplyReport {
      applying = true;
      try {
        return transact(() => {
          const report = applyRemote(messages);
          const released = releaseHeld();
          if (released) {
            report.conflicts += released.conflicts;
            report.waiting += released.waiting;
          }
          return report;
        });
      } finally {
        applying = false;
      }
    },
    /**
     * Forgets rows this replica no longer keeps (the sites that left a laptop's scope, issue 8.6),
     * in one write transaction: `drop` removes rows of a table (children before parents), what
     * their tables' hooks derive from them, and their change log entries. Nothing is written to
     * the log: this is not a deletion, the rows live on at the hub and come back whole with their
     * messages. The only way to remove synced rows without a message; the caller decides which.
     */
    forget<T>(fn: (drop: (table: SyncedTableName, ids: readonly string[]) => void) => T): T {
      if (unit || applying) throw new Error('rows cannot be forgotten inside a write unit or while changes are applied');
      return transact(() => {
        const rows: { tbl: string; row_id: string }[] = [];
        const value = fn((table, ids) => {
          if (!ids.length) return;
          dropRows(table, ids);
          for (const id of ids) rows.push({ tbl: table, row_id: id });
        });
        log.forgetRows(rows, clockBound());
        return value;
      });
    },
    /**
     * Re-stamps this replica's messages written while its clock ran more than a day ahead, now
     * that it is right (see `restampAhead`); every write unit does it first too. True when some were.
     */
    restampAhead(): boolean {
      if (!log.aheadInEffect(clockBound()).length || clockBehind()) return false;
      this.write(() => undefined);
      return true;
    },
    /** Takes in held messages whose time has come (at open, after an upgrade). */
    releaseHeld(): void {
      applying = true;
      try {
        transact(() => releaseHeld());
      } finally {
        applying = false;
      }
    },
    /** The last HLC this database issued or took in (what the replica sidecar compares). */
    lastHlc,
    /** Messages in local log order after `after`. */
    pending(after: number, limit: number, ownOnly: boolean): SyncPendingResult {
      const rows = log.pending(after, limit + 1, ownOnly ? options.replicaId() : null);
      const page = rows.slice(0, limit);
      return { messages: page.map((r) => r.message), cursor: page.length ? page[page.length - 1].seq : after, more: rows.length > limit };
    },
    /**
     * Re-derives one row from its stored values (after something it depends on changed). With
     * `columns`, only what derives from those cells is re-derived, as if they had changed.
     */
    refresh(table: SyncedTableName, id: string, columns?: readonly string[]): void {
      const spec = SYNCED_TABLES[table] as SyncedTable;
      if (log.rowExists(table, spec.key, id)) materialize(table, id, new Map(), false, columns ? new Set(columns) : null);
    },
    /**
     * What a stored row should hold: rebuilt from all its winning cells and derived by its table's
     * hooks, exactly as `rebuild` would write it, without writing anything (sync.verify compares).
     * `updated_at` is the stored one (it only moves forward). Null when the row has no cells.
     */
    expectedRow(table: SyncedTableName, stored: RowValues): RowValues | null {
      const spec = SYNCED_TABLES[table] as SyncedTable;
      const id = String(stored[spec.key]);
      const cells = log.cellsOfRow(table, id);
      if (!cells.length) return null;
      const row: RowValues = { ...stored };
      fillFromCells(spec, row, cells);
      hooks.get(table)?.derive?.(id, row, stored, null);
      return row;
    },
    /** Re-reads one row from all its cells (its synced values may resolve differently now). */
    rebuild(table: SyncedTableName, id: string): void {
      materialize(table, id, null);
    },
    /** A cell's current value (decoded), its HLC and the HLC it replaced (null: set when the row was made). */
    cell(table: SyncedTableName, id: string, column: string): { value: unknown; hlc: string; prevHlc: string | null } | undefined {
      const c = log.cellWithValue(table, id, column);
      return c ? { value: decodeValue(c.value), hlc: c.hlc, prevHlc: c.prev_hlc } : undefined;
    },
    /** Writes a conflict's losing value back as a new change, the table's way (TableHooks.restore) or as a plain cell. */
    restore(w: WriteUnit, table: SyncedTableName, id: string, column: string, value: unknown, resolvedBy: string): void {
      if (!hooks.get(table)?.restore?.(id, column, value, resolvedBy)) w.writeCells(table, id, [[column, value]]);
    },
    /** The heads of every cell of a row (messages no other message of their cell builds on), by column. */
    headsOfRow(table: SyncedTableName, id: string): Map<string, { hlc: string; value: string; prevHlc: string | null }[]> {
      const heads = new Map<string, { hlc: string; value: string; prevHlc: string | null }[]>();
      for (const c of log.headsOfRow(table, id)) {
        let list = heads.get(c.col);
        if (!list) heads.set(c.col, (list = []));
        list.push({ hlc: c.hlc, value: c.value, prevHlc: c.prev_hlc });
      }
      return heads;
    },
    /** One message's value and the HLC it replaced, by its HLC; null when not here. */
    message(hlc: string): { hlc: string; value: string; prevHlc: string | null } | null {
      const m = log.message(hlc);
      return m ? { hlc: m.hlc, value: m.value, prevHlc: m.prevHlc } : null;
    },
    /**
     * Sets a cell's open conflicts when its table decides the winner by a rule of its own (the
     * visit lifecycle): `losers` with another value than the winner's; those a person settled stay closed.
     */
    setConflicts(table: SyncedTableName, id: string, column: string, winner: string, losers: readonly string[]): void {
      log.replaceConflictsOfCell(table, id, column, losers.filter((h) => !log.isAcked(h)), winner);
    },
    /** The columns of a row with an open conflict. */
    conflictColumns: (table: SyncedTableName, id: string): Set<string> => log.conflictColumnsOfRow(table, id),
    /** Closes a conflict when a person's decision on it arrives (conflict_ack). */
    settleConflict(loserHlc: string): void {
      log.deleteConflict(loserHlc);
    },
  };
}
export type Replicator = ReturnType<typeof createReplicator>;
