/**
 * The synced tables: which columns travel as change messages, which must be known before a row
 * can exist, and which rows a row points at (it waits until they are there). Everything else in
 * these tables (normalized names, copied columns, current facts, updated_at) is derived on each
 * replica and never sent.
 */
export interface SyncedTable {
  /** The column that holds the row id. */
  key: string;
  /** Columns carried as messages, one cell each. */
  columns: readonly string[];
  /** Cells named `<prefix><path>` are the leaves of one JSON document column (a visit's form). */
  document?: { prefix: string; column: string };
  /**
   * Cells that must have arrived before the row is written: every NOT NULL column without a value
   * of its own. A bounded batch can end in the middle of a row's messages; the row then waits.
   */
  required: readonly string[];
  /** Column → table it points at; the row waits until that row exists. */
  parents: Readonly<Record<string, string>>;
  /** The table keeps an `updated_at`: the time of the latest change among its cells. */
  updatedAt: boolean;
}

const SITE_COLUMNS = [
  'name',
  'owner_name',
  'phone',
  'email',
  'address',
  'province_code',
  'regency_code',
  'district_code',
  'village_code',
  'latitude',
  'longitude',
  'kbli_code',
  'sector_choice',
  'products',
  'legal_form',
  'nib',
  'certificates',
  'workers',
  'size_class',
  'operating_status',
  'year_established',
  'notes',
  // The sentra or kawasan the site belongs to (issue 18): a cell like any other, so two laptops
  // assigning one site to two sentra resolve by the per-cell rule and show as a conflict. Not a
  // parent: a laptop may hold a site without the sentra (another regency's), and the site never waits.
  'sentra_id',
  'created_at',
  'deleted',
] as const;

export const SYNCED_TABLES = {
  officer: {
    key: 'id',
    columns: ['name', 'nip', 'code', 'created_at', 'deleted'],
    required: ['name', 'code', 'created_at', 'deleted'],
    parents: {},
    updatedAt: true,
  },
  /** Every laptop (and the hub) that ever wrote: its officer and the tag of its visit numbers. */
  replica: {
    key: 'id',
    columns: ['officer_id', 'tag', 'created_at'],
    required: ['tag', 'created_at'],
    parents: {},
    updatedAt: false,
  },
  wilayah: {
    key: 'id',
    columns: ['province_code', 'name', 'induk_regency_code', 'sort', 'created_at', 'deleted'],
    required: ['province_code', 'name', 'sort', 'created_at', 'deleted'],
    parents: {},
    updatedAt: true,
  },
  /** Keyed by regency code: a regency is in at most one wilayah, and moving it is one cell. */
  wilayah_regency: {
    key: 'regency_code',
    columns: ['wilayah_id'],
    required: [],
    parents: { wilayah_id: 'wilayah' },
    updatedAt: false,
  },
  /**
   * A sentra IKM, kawasan industri or a candidate (issue 18). It belongs to its regency: a scoped
   * laptop receives it when its scope holds that regency (hub/store.ts). Its wilayah is not stored:
   * it is read through wilayah_regency, so moving a regency to another wilayah moves its sentra too.
   */
  sentra: {
    key: 'id',
    // The regency first: a new sentra's messages are stamped in this order, so the hub learns where
    // the sentra belongs with (or before) its other cells and never sends them to a laptop outside.
    columns: ['regency_code', 'name', 'kind', 'kbli_division', 'product', 'notes', 'status', 'created_at', 'deleted'],
    required: ['name', 'kind', 'regency_code', 'status', 'created_at', 'deleted'],
    parents: {},
    updatedAt: true,
  },
  site: {
    key: 'id',
    columns: SITE_COLUMNS,
    required: ['name', 'province_code', 'regency_code', 'district_code', 'village_code', 'kbli_code', 'operating_status', 'created_at', 'deleted'],
    parents: {},
    updatedAt: true,
  },
  /**
   * One row per pair of sites a person merged (id from the pair): the survivor keeps everything.
   * `undone_at` set: the merge was undone (the pair is two sites again); a merge made again clears it.
   */
  site_merge: {
    key: 'id',
    columns: ['survivor_id', 'loser_id', 'merged_by', 'merged_at', 'undone_by', 'undone_at'],
    required: ['survivor_id', 'loser_id', 'merged_at'],
    parents: { survivor_id: 'site', loser_id: 'site' },
    updatedAt: false,
  },
  /**
   * "Bukan duplikat": a pair of sites a person said are two IKM (id from the pair); off the duplicate list.
   * `undone_at` set: the decision was undone (the pair is listed again); deciding again clears it.
   */
  site_distinct: {
    key: 'id',
    columns: ['site_a', 'site_b', 'decided_by', 'decided_at', 'undone_by', 'undone_at'],
    required: ['site_a', 'site_b', 'decided_at'],
    parents: { site_a: 'site', site_b: 'site' },
    updatedAt: false,
  },
  visit: {
    key: 'id',
    // signatures_required: whether the office required signatures when the visit was finalized.
    columns: ['number', 'site_id', 'kind', 'status', 'created_by', 'created_at', 'finalized_at', 'signatures_required', 'deleted'],
    document: { prefix: 'data.', column: 'data' },
    required: ['number', 'site_id', 'kind', 'status', 'created_by', 'created_at', 'deleted'],
    parents: { site_id: 'site' },
    updatedAt: true,
  },
  visit_revision: {
    key: 'id',
    columns: ['visit_id', 'data', 'changes', 'reason', 'changed_by', 'changed_at'],
    required: ['visit_id', 'data', 'changes', 'reason', 'changed_by', 'changed_at'],
    parents: { visit_id: 'visit' },
    updatedAt: false,
  },
  attachment: {
    key: 'id',
    columns: [
      'visit_id',
      'kind',
      'role',
      'file_name',
      'mime',
      'size',
      'sha256',
      'thumb_sha256',
      'taken_at',
      'latitude',
      'longitude',
      // A signature: 'drawn' on the pad or 'typed' (a name the officer typed); null before 0010 (drawn).
      'signature_method',
      'created_at',
      'deleted',
    ],
    required: ['visit_id', 'kind', 'file_name', 'mime', 'size', 'sha256', 'created_at', 'deleted'],
    parents: { visit_id: 'visit' },
    updatedAt: true,
  },
  /**
   * Tindak lanjut: the status of one recommendation of a final visit (id: visit id and the
   * recommendation's key, db/model/follow-up.ts). Two people marking it differently is a conflict.
   */
  follow_up: {
    key: 'id',
    columns: ['visit_id', 'rec_key', 'status', 'responsible', 'note', 'decided_by', 'decided_at'],
    required: ['visit_id', 'rec_key', 'status', 'decided_at'],
    parents: { visit_id: 'visit' },
    updatedAt: false,
  },
  /** A supervisor's decision on a final visit, one row per decision (its review history, db/model/review.ts). */
  visit_review: {
    key: 'id',
    columns: ['visit_id', 'decision', 'comment', 'revision', 'revision_id', 'reviewer_id', 'decided_by', 'decided_at'],
    required: ['visit_id', 'decision', 'revision', 'decided_at'],
    parents: { visit_id: 'visit' },
    updatedAt: false,
  },
  /** A person's decision on a conflict (id: the losing message's HLC): it closes on every replica. */
  conflict_ack: {
    key: 'id',
    columns: ['choice', 'resolved_by', 'resolved_at'],
    required: ['choice', 'resolved_at'],
    parents: {},
    updatedAt: false,
  },
  /**
   * The office's rules (key → JSON text, e.g. signatures_required → "true"), set on the hub's data
   * and received by every laptop; shared, not tied to a site.
   */
  office_setting: {
    key: 'key',
    columns: ['value', 'changed_by', 'changed_at'],
    required: ['value', 'changed_at'],
    parents: {},
    updatedAt: false,
  },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof SYNCED_TABLES;

/** What a cell may hold; a remote value of another kind is kept in the log but never applied. */
type CellKind = 'text' | 'integer' | 'number' | 'json';
const INTEGER_COLUMNS = new Set(['deleted', 'sort', 'workers', 'year_established', 'size', 'signatures_required', 'revision']);
const NUMBER_COLUMNS = new Set(['latitude', 'longitude']);
const JSON_COLUMNS = new Set(['site.certificates', 'visit_revision.data', 'visit_revision.changes']);

function kindOf(table: string, column: string): CellKind {
  if (JSON_COLUMNS.has(`${table}.${column}`) || column.startsWith('data.')) return 'json';
  if (INTEGER_COLUMNS.has(column)) return 'integer';
  if (NUMBER_COLUMNS.has(column)) return 'number';
  return 'text';
}

/** True when a decoded value fits its cell (null fits any; required cells are checked when the row is written). */
export function fitsCell(table: string, column: string, value: unknown): boolean {
  if (value === null) return true;
  switch (kindOf(table, column)) {
    case 'json':
      return true;
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && value.length <= 100_000;
  }
}

export function syncedTable(name: string): SyncedTable | null {
  return Object.hasOwn(SYNCED_TABLES, name) ? (SYNCED_TABLES as Record<string, SyncedTable>)[name] : null;
}

/** True when this version knows the table and the column (or the document leaf). */
export function isKnownCell(table: string, column: string): boolean {
  const spec = syncedTable(table);
  if (!spec) return false;
  if (spec.document && column.startsWith(spec.document.prefix) && column.length > spec.document.prefix.length) return true;
  return spec.columns.includes(column);
}
