import { z } from 'zod';
import type { DuplicateReason } from './duplicates';

/**
 * A hybrid logical clock timestamp: wall time (ISO, ms, UTC), a counter (4 hex digits) and the
 * replica id (16 hex digits). Sorting the text sorts the timestamps; no two replicas share one.
 * Example: "2026-11-23T08:15:30.123Z-0000-9f86d081884c7d65".
 */
export const HLC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
export const Hlc = z.string().regex(HLC_PATTERN, 'Cap waktu sinkronisasi (HLC) tidak valid');

/** The replica id inside an HLC (its last 16 hex digits). */
export function replicaOf(hlc: string): string {
  return hlc.slice(-16);
}

/**
 * One change of one cell: the unit of replication. A create writes one message per column, an
 * update one per changed column, a delete one tombstone message. `value` is the JSON text of the
 * new value (lossless for Rupiah, coordinates and arrays); `prevHlc` is the HLC of the value the
 * author saw (null when the author saw none); `schema` is the author's schema version.
 */
/** A synced row's id as a change message names it. */
export const RowId = z.string().min(1).max(80);

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export const ChangeMessage = z.object({
  hlc: Hlc,
  table: z.string().regex(/^[a-z_]{1,40}$/, 'Nama tabel tidak valid'),
  row: RowId,
  column: z.string().regex(/^[a-zA-Z0-9_.]{1,120}$/, 'Nama kolom tidak valid'),
  // A cell's value as JSON text: anything else would stop every replica that decodes it.
  value: z.string().max(300_000, 'Nilai perubahan terlalu besar').refine(isJsonText, 'Nilai perubahan bukan teks JSON yang sah'),
  prevHlc: Hlc.nullable(),
  schema: z.number().int().min(1).max(10_000),
});
export type ChangeMessage = z.infer<typeof ChangeMessage>;

/** A change message as the log tables store it (crdt_message on a laptop, the hub's message table). */
export interface ChangeMessageRow {
  hlc: string;
  tbl: string;
  row_id: string;
  col: string;
  value: string;
  prev_hlc: string | null;
  schema: number;
}

/** The message a stored row holds. */
export function changeMessageFromRow(r: ChangeMessageRow): ChangeMessage {
  return { hlc: r.hlc, table: r.tbl, row: r.row_id, column: r.col, value: r.value, prevHlc: r.prev_hlc, schema: r.schema };
}

/** Most messages one call carries (a batch); larger exchanges page by cursor. */
export const MAX_BATCH = 5000;

export const SyncPendingRequest = z.object({
  /** The local log sequence already sent; 0 for everything. */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_BATCH).default(1000),
  /** Only messages written by this replica (what this laptop itself changed). */
  ownOnly: z.boolean().default(false),
});
export type SyncPendingRequest = z.input<typeof SyncPendingRequest>;

export interface SyncPendingResult {
  messages: ChangeMessage[];
  /** The sequence of the last message returned (or `after` when none): pass it as `after` next time. */
  cursor: number;
  /** True when more messages wait after `cursor`. */
  more: boolean;
}

export const SyncApplyRequest = z.object({
  messages: z.array(ChangeMessage).max(MAX_BATCH, `Paling banyak ${MAX_BATCH} perubahan sekali kirim`),
});
export type SyncApplyRequest = z.input<typeof SyncApplyRequest>;

/** What applying a batch did. Nothing is ever dropped: held messages take effect later. */
export interface SyncApplyReport {
  /** New messages taken into the log (whether they won their cell or not). */
  received: number;
  /** Messages already known: applying twice changes nothing. */
  duplicates: number;
  /** Messages kept but not yet in effect: their row waits for its parent or for missing columns. */
  waiting: number;
  /** Messages kept until the local clock catches up: stamped more than a day ahead of it. */
  future: number;
  /** Messages for a table or column this version does not know: kept, applied after an upgrade. */
  unknown: number;
  /** Messages whose value does not fit its field (a number where a name belongs): kept, never applied. */
  invalid: number;
  /** Conflict records opened by this batch (concurrent edits of one cell with different values). */
  conflicts: number;
}

/** This replica as the sync screens show it. */
export interface SyncInfo {
  replicaId: string;
  /** The tag in this laptop's visit numbers (e.g. "K7Q"); null until the first visit number. */
  replicaTag: string | null;
  /** The local log's last sequence: the cursor of "everything". */
  lastSeq: number;
  openConflicts: number;
  /** Messages kept but not in effect yet. */
  held: { future: number; unknown: number; invalid: number };
  /** Rows waiting for their parent row (a visit whose site has not arrived). */
  waitingRows: number;
}

/** One side of a conflict: a value, when it was written and by whom. */
export interface ConflictSide {
  hlc: string;
  value: unknown;
  at: string;
  /** The officer of the replica that wrote it, when known. */
  officer: string | null;
  /** The value in words, where it is a code (field-labels.ts valueLabel). */
  text?: { id: string; en: string };
}

/** Two concurrent edits of one field: the newer one won; the other is kept here to review. */
export interface SyncConflict {
  /** The losing message's HLC. */
  id: string;
  table: string;
  rowId: string;
  column: string;
  /** The record in words: 'Usaha "Amplang Mama Ani"', 'Kunjungan ANS/2026/K7Q-0003'. */
  record: string;
  field: { id: string; en: string };
  winner: ConflictSide;
  loser: ConflictSide;
}

export const ResolveConflictRequest = z.object({
  id: Hlc,
  /** keep: the winning value stays; restore: the other value comes back (a new change). */
  choice: z.enum(['keep', 'restore'], { error: 'Pilih: pertahankan atau pulihkan' }),
});
export type ResolveConflictRequest = z.input<typeof ResolveConflictRequest>;

/**
 * The records with an open conflict, for the marks in lists and on pages: record id → the id of
 * its first open conflict (the link to it on the Sinkronisasi screen). A visit is marked for its
 * own fields and for its attachments'.
 */
export interface ConflictMarks {
  sites: Record<string, string>;
  visits: Record<string, string>;
}

/** Builds the marks from the open conflicts; `visitOfAttachment` names an attachment's visit. */
export function conflictMarksOf(conflicts: readonly SyncConflict[], visitOfAttachment: (id: string) => string | null): ConflictMarks {
  const marks: ConflictMarks = { sites: {}, visits: {} };
  for (const c of conflicts) {
    if (c.table === 'site') marks.sites[c.rowId] ??= c.id;
    else if (c.table === 'visit') marks.visits[c.rowId] ??= c.id;
    else if (c.table === 'attachment') {
      const visit = visitOfAttachment(c.rowId);
      if (visit) marks.visits[visit] ??= c.id;
    }
  }
  return marks;
}

/** Two registrations that are likely one IKM. */
export interface DuplicatePair {
  a: { id: string; name: string; villageName: string; ownerName: string | null; visits: number };
  b: { id: string; name: string; villageName: string; ownerName: string | null; visits: number };
  reason: DuplicateReason;
  distanceM: number | null;
}


/** `sync.verify`: how many differences to list as examples (all are counted). */
export const SyncVerifyRequest = z
  .union([z.undefined(), z.null(), z.object({ examples: z.number().int().min(0).max(500).optional() }).strict()])
  .transform((input) => ({ examples: input?.examples ?? 20 }));

/**
 * What `sync.verify` compares, each kind a derived value recomputed from the cells:
 * `cell` a synced column against its winning cell; `row` a row its cells make that is missing
 * (or a stored row without cells); `merge` a site's merged_into and deleted; `site_facts` a
 * site's current facts; `visit` a visit's site after merges, regency, date and officers;
 * `derived` any other derived column (normalized name, KBLI division…); `site_fact` the facts a
 * final visit recorded; `search_index` the search entry of a site; `visit_tally` the visit log's counts.
 */
export const SYNC_VERIFY_KINDS = ['cell', 'row', 'merge', 'site_facts', 'visit', 'derived', 'site_fact', 'search_index', 'visit_tally'] as const;
export type SyncVerifyKind = (typeof SYNC_VERIFY_KINDS)[number];

export interface SyncVerifyDifference {
  kind: SyncVerifyKind;
  table: string;
  row: string;
  column: string;
  stored: unknown;
  expected: unknown;
}

export interface SyncVerifyReport {
  /** Nothing differs. */
  clean: boolean;
  /** Rows, tally lines, facts and search entries compared. */
  checked: number;
  differences: number;
  counts: Partial<Record<SyncVerifyKind, number>>;
  /** Up to the requested number, in the order found. */
  examples: SyncVerifyDifference[];
  ms: number;
}
