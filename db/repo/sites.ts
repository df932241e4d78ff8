import { mainProductSql } from './dashboard';
import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator, RowValues, WriteUnit } from '../sync/replicator';
import { mergedFields, pairId, type MergeField, type SiteDecision, type SiteMergeState } from '../model/merge';
import { localDayInProvince } from '../reference/province-timezones';
import { refuse } from '../model/result';
import type {
  Site,
  SiteFields,
  SiteListResult,
  SiteSaveResult,
  SiteSummary,
  SiteSummaryCounts,
  SiteWarning,
} from '../model/site';
import { SITE_LIST_CAP, type ParsedSiteListQuery } from '../model/site';
import type { SiteFact } from '../model/visit';
import { normalizeName } from '../model/text';
import { closerMatch, duplicateMatch, finalSurvivor, mergeGroupOf, DUPLICATE_RADIUS_M, type DuplicateCandidate, type DuplicateMatch, type DuplicateReason } from '../model/duplicates';
import { siteSizeClass, type SizeClass } from '../model/catalog';
import { certificatesFromVisit, heldKinds, readCertificates, storedCertificates } from '../model/certificate';
import { defaultSectorGroup } from '../reference/kbli';
import { isInsideProvince } from '../reference/province-extents';
import { distanceMeters } from '../model/geo';
import type { AreasRepo, VillagePlace } from './areas';
import type { RepoStatement } from './query-plan';
import { statementCache } from './statement-cache';
import { timed } from './timing';


/** How far around a visit's point its neighbours are read to tell its kecamatan. */
const NEIGHBOUR_RADIUS_M = 1500;

export interface Confirmations {
  duplicate: boolean;
  outsideProvince: boolean;
}

interface SiteRow {
  rowid: number;
  id: string;
  name: string;
  owner_name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  province_code: string;
  regency_code: string;
  district_code: string;
  village_code: string;
  name_norm: string;
  latitude: number | null;
  longitude: number | null;
  kbli_code: string;
  kbli_division: string;
  sector_group: string | null;
  products: string | null;
  legal_form: string | null;
  nib: string | null;
  certificates: string;
  workers: number | null;
  size_class: string | null;
  operating_status: string;
  year_established: number | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  deleted: number;
  merged_into: string | null;
  regency_name: string | null;
  district_name: string | null;
  village_name: string | null;
  wilayah_id: string | null;
  wilayah_name: string | null;
}

const SITE_SELECT = `
  SELECT s.rowid, s.*, r.name AS regency_name, d.name AS district_name, v.name AS village_name,
         w.id AS wilayah_id, w.name AS wilayah_name
    FROM site s
    LEFT JOIN area r ON r.code = s.regency_code
    LEFT JOIN area d ON d.code = s.district_code
    LEFT JOIN area v ON v.code = s.village_code
    LEFT JOIN wilayah_regency wr ON wr.regency_code = s.regency_code
    LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0`;

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    ownerName: row.owner_name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    villageCode: row.village_code,
    latitude: row.latitude,
    longitude: row.longitude,
    kbliCode: row.kbli_code,
    sectorGroup: row.sector_group as Site['sectorGroup'],
    products: row.products,
    legalForm: row.legal_form as Site['legalForm'],
    nib: row.nib,
    certificates: heldKinds(readCertificates(row.certificates)),
    certificatePipeline: readCertificates(row.certificates),
    workers: row.workers,
    sizeClass: row.size_class as Site['sizeClass'],
    operatingStatus: row.operating_status as Site['operatingStatus'],
    yearEstablished: row.year_established,
    notes: row.notes,
    provinceCode: row.province_code,
    regencyCode: row.regency_code,
    districtCode: row.district_code,
    kbliDivision: row.kbli_division,
    regencyName: row.regency_name ?? row.regency_code,
    districtName: row.district_name ?? row.district_code,
    villageName: row.village_name ?? row.village_code,
    wilayahId: row.wilayah_id,
    wilayahName: row.wilayah_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

/** The synced columns a person's input sets (the facts included; derived columns are not here). */
function syncedValues(fields: SiteFields, place: VillagePlace) {
  return {
    name: fields.name,
    owner_name: fields.ownerName,
    phone: fields.phone,
    email: fields.email,
    address: fields.address,
    province_code: place.provinceCode,
    regency_code: place.regencyCode,
    district_code: place.districtCode,
    village_code: place.villageCode,
    latitude: fields.latitude,
    longitude: fields.longitude,
    // Kept only when the officer chose another group than the KBLI division's own.
    sector_choice: fields.sectorGroup && fields.sectorGroup !== defaultSectorGroup(fields.kbliCode) ? fields.sectorGroup : null,
    legal_form: fields.legalForm,
    nib: fields.nib,
    year_established: fields.yearEstablished,
    notes: fields.notes,
  };
}
type Columns = ReturnType<typeof syncedValues> & { name_norm: string };

/** A registered site as the duplicate rule reads it, with what a warning names. */
interface CandidateRow {
  id: string;
  name: string;
  name_norm: string;
  village_code: string;
  district_code: string;
  latitude: number | null;
  longitude: number | null;
  village_name: string | null;
}

function candidateOf(r: Pick<CandidateRow, 'name_norm' | 'village_code' | 'district_code' | 'latitude' | 'longitude'>): DuplicateCandidate {
  return { nameNorm: r.name_norm, villageCode: r.village_code, districtCode: r.district_code, latitude: r.latitude, longitude: r.longitude };
}

/** The warning a likely duplicate gives: its Indonesian message, and its reason and parameters for other languages. */
function duplicateWarning(row: CandidateRow, match: DuplicateMatch): SiteWarning {
  const villageName = row.village_name ?? row.village_code;
  const where =
    match.reason === 'same_name_village'
      ? `bernama "${row.name}" di desa/kelurahan yang sama`
      : match.reason === 'similar_name_nearby'
        ? `dengan nama mirip, "${row.name}", sekitar ${match.distanceM} m dari titik ini`
        : `dengan nama mirip, "${row.name}", di kecamatan yang sama (${villageName})`;
  return {
    code: 'DUPLICATE_NAME',
    message: `Sudah ada usaha ${where}. Simpan tetap sebagai usaha baru?`,
    existing: { id: row.id, name: row.name, villageName },
    reason: match.reason,
    distanceM: match.distanceM,
  };
}

/** The facts a site form states: the site's current facts come from these and its visits. */
function factValues(fields: SiteFields) {
  return {
    operating_status: fields.operatingStatus,
    workers: fields.workers,
    certificates: storedCertificates(fields.certificates),
    products: fields.products,
    kbli_code: fields.kbliCode,
    size_class: fields.sizeClass,
  };
}
type FactColumn = keyof ReturnType<typeof factValues>;
export const FACT_COLUMNS: FactColumn[] = ['operating_status', 'workers', 'certificates', 'products', 'kbli_code', 'size_class'];
/** The site_fact a final visit records for each fact column (the size class follows the workforce). */
const VISIT_FACT: Record<Exclude<FactColumn, 'size_class'>, SiteFact['fact']> = {
  operating_status: 'operatingStatus',
  workers: 'workers',
  certificates: 'certificates',
  products: 'products',
  kbli_code: 'kbliCode',
};
/** The facts a visit records, and the site column each decides (VISIT_FACT read the other way). */
export const VISIT_FACT_KINDS = Object.values(VISIT_FACT);
export const SITE_COLUMN_OF_FACT = Object.fromEntries(Object.entries(VISIT_FACT).map(([column, fact]) => [fact, column])) as Record<
  (typeof VISIT_FACT_KINDS)[number],
  FactColumn
>;

/**
 * Turns what a person typed into an FTS5 query for the trigram index: every word of 3+ letters
 * must appear somewhere (any part of a word matches). Shorter words are handled in `list`.
 */
export function searchTerms(text: string): { match: string | null; long: string[]; short: string[] } {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const long = words.filter((w) => [...w].length >= 3);
  const short = words.filter((w) => [...w].length < 3);
  return {
    match: long.length ? long.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ') : null,
    long,
    short,
  };
}

/** A LIKE pattern that finds `word` anywhere, with LIKE's wildcards escaped. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** The IKM site register: every read and write of `site` and its search index. */
export function createSitesRepo(db: Db, clock: Clock, areas: AreasRepo, replicator: Replicator) {
  const byId = db.prepare<[string], SiteRow>(`${SITE_SELECT} WHERE s.id = ?`);
  const rowidOf = db.prepare<[string]>('SELECT rowid FROM site WHERE id = ?').pluck();
  const certificateFacts = db.prepare<[string], { value: string; observed_on: string }>(
    `SELECT value, observed_on FROM site_fact WHERE site_id = ? AND fact = 'certificates' ORDER BY observed_on, recorded_at`,
  );
  /** The first day of the latest run of final visits that found `kind` held (the day it was gained, as far as visits know). */
  function firstFoundOn(id: string, kind: string): string | null {
    let since: string | null = null;
    for (const f of certificateFacts.all(id)) {
      const held = (JSON.parse(f.value) as unknown[]).includes(kind);
      if (!held) since = null;
      else since ??= f.observed_on;
    }
    return since;
  }
  const latestVisitFact = db.prepare<[string, string], { value: string; observed_on: string; recorded_at: string }>(
    `SELECT value, observed_on, recorded_at FROM site_fact WHERE site_id = ? AND fact = ?
      ORDER BY observed_on DESC, recorded_at DESC LIMIT 1`,
  );
  // An undone merge no longer moves its loser (db/model/merge.ts)...
  const mergesOf = db.prepare<[string], { survivor_id: string }>(
    'SELECT survivor_id FROM site_merge WHERE loser_id = ? AND undone_at IS NULL ORDER BY merged_at DESC, id DESC LIMIT 1',
  );
  // ...but still ties its group: undoing re-derives the sites and visits it moved, and a laptop
  // holds the two sites together as the hub's scope rule does.
  const mergesNaming = db.prepare<[string, string], { survivor_id: string; loser_id: string }>(
    'SELECT survivor_id, loser_id FROM site_merge WHERE survivor_id = ? OR loser_id = ?',
  );
  const activeMergeOfLoser = db.prepare<[string], { id: string; survivor_id: string; merged_by: string | null; merged_at: string }>(
    'SELECT id, survivor_id, merged_by, merged_at FROM site_merge WHERE loser_id = ? AND undone_at IS NULL ORDER BY merged_at DESC, id DESC LIMIT 1',
  );
  const siteName = db.prepare<[string]>('SELECT name FROM site WHERE id = ?').pluck();
  // An undone "bukan duplikat" puts its pair back on the list.
  const distinctPairs = db.prepare('SELECT id FROM site_distinct WHERE undone_at IS NULL').pluck();
  const distinctRow = db.prepare<[string], { id: string; undone_at: string | null }>('SELECT id, undone_at FROM site_distinct WHERE id = ?');
  // What a site's timeline says of the merges and "bukan duplikat" decisions naming it.
  const mergeRowsOf = db.prepare<[string, string], { id: string; survivor_id: string; loser_id: string; merged_by: string | null; merged_at: string; undone_by: string | null; undone_at: string | null }>(
    'SELECT id, survivor_id, loser_id, merged_by, merged_at, undone_by, undone_at FROM site_merge WHERE survivor_id = ? OR loser_id = ?',
  );
  const distinctRowsOf = db.prepare<[string, string], { id: string; site_a: string; site_b: string; decided_by: string | null; decided_at: string; undone_by: string | null; undone_at: string | null }>(
    'SELECT id, site_a, site_b, decided_by, decided_at, undone_by, undone_at FROM site_distinct WHERE site_a = ? OR site_b = ?',
  );
  const moveVisitsRegency = db.prepare<[string, string]>('UPDATE visit SET regency_code = ? WHERE site_id = ?');
  const duplicate = db.prepare<[string, string, string], { id: string; name: string }>(
    'SELECT id, name FROM site WHERE village_code = ? AND name_norm = ? AND deleted = 0 AND id <> ? LIMIT 1',
  );
  // The import weighs owner, phone and address of every namesake in the desa (not the name alone).
  const namesakes = db.prepare<[string, string], { id: string; name: string; owner_name: string | null; phone: string | null; address: string | null }>(
    'SELECT id, name, owner_name, phone, address FROM site WHERE village_code = ? AND name_norm = ? AND deleted = 0 ORDER BY id',
  );
  // What the duplicate rule compares a site being saved with: the live sites of its kecamatan
  // (their index), and those within a box around its point (any kecamatan; a scan of the
  // coordinates, run only when the form has them).
  const inDistrict = db.prepare<[string, string], CandidateRow>(
    `SELECT s.id, s.name, s.name_norm, s.village_code, s.district_code, s.latitude, s.longitude, v.name AS village_name
       FROM site s INDEXED BY site_district LEFT JOIN area v ON v.code = s.village_code
      WHERE s.deleted = 0 AND s.district_code = ? AND s.id <> ?`,
  );
  const inBox = db.prepare<[number, number, number, number, string], CandidateRow>(
    `SELECT s.id, s.name, s.name_norm, s.village_code, s.district_code, s.latitude, s.longitude, v.name AS village_name
       FROM site s LEFT JOIN area v ON v.code = s.village_code
      WHERE s.deleted = 0 AND s.latitude BETWEEN ? AND ? AND s.longitude BETWEEN ? AND ? AND s.id <> ?`,
  );
  const ftsDelete = db.prepare<[number]>('DELETE FROM site_fts WHERE rowid = ?');
  const ftsTop = db.prepare('SELECT max(rowid) FROM site_fts').pluck();
  const ftsInsert = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO site_fts(rowid, name, owner, products, address, area) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const queueForSearch = db.prepare<[number]>('INSERT OR IGNORE INTO site_search_queue(site_rowid) VALUES (?)');
  // What the search index lacks: the queued edits, and every site added above the mark.
  const searchQueued = db.prepare<[], { site_rowid: number; name: string | null; owner_name: string | null; products: string | null; address: string | null; village_code: string | null; deleted: number | null }>(
    `WITH mark AS (SELECT indexed_upto FROM site_search_mark),
          todo AS (SELECT site_rowid FROM site_search_queue UNION SELECT rowid FROM site WHERE rowid > (SELECT indexed_upto FROM mark))
     SELECT t.site_rowid, s.name, s.owner_name, s.products, s.address, s.village_code, s.deleted
       FROM todo t LEFT JOIN site s ON s.rowid = t.site_rowid`,
  );
  const hasSearchQueued = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM site_search_queue)
           OR (SELECT coalesce(max(rowid), 0) FROM site) > (SELECT indexed_upto FROM site_search_mark)`,
    )
    .pluck();
  const markIndexed = db.prepare('UPDATE site_search_mark SET indexed_upto = (SELECT coalesce(max(rowid), 0) FROM site)');
  // A new site takes the rowid after the highest one left (SQLite's rule without AUTOINCREMENT):
  // once rows are forgotten, the mark goes down to that highest kept rowid, so new sites are above it.
  const lowerMarkToKept = db.prepare<[string]>(
    `UPDATE site_search_mark SET indexed_upto = min(indexed_upto,
       coalesce((SELECT rowid FROM site WHERE id NOT IN (SELECT value FROM json_each(?)) ORDER BY rowid DESC LIMIT 1), 0))`,
  );
  const rowidsOf = db.prepare<[string]>('SELECT rowid FROM site WHERE id IN (SELECT value FROM json_each(?))').pluck();
  const unqueueForSearch = db.prepare<[number]>('DELETE FROM site_search_queue WHERE site_rowid = ?');
  const forgetFacts = db.prepare<[string]>('DELETE FROM site_fact WHERE site_id IN (SELECT value FROM json_each(?))');
  const clearSearchQueue = db.prepare('DELETE FROM site_search_queue');
  const countsByStatus = db.prepare<[], { status: string; n: number }>(
    'SELECT operating_status AS status, count(*) AS n FROM site WHERE deleted = 0 GROUP BY operating_status',
  );
  const countsByRegency = db.prepare<[], { regencyCode: string; regencyName: string | null; count: number }>(
    `SELECT c.regency_code AS regencyCode, a.name AS regencyName, c.n AS count
       FROM (SELECT regency_code, count(*) AS n FROM site WHERE deleted = 0 GROUP BY regency_code) c
       LEFT JOIN area a ON a.code = c.regency_code
      ORDER BY c.n DESC, c.regency_code`,
  );
  // The site's visits by their index: a few rows.
  const lastFinalVisitChange = db
    .prepare<[string]>("SELECT max(updated_at) FROM visit INDEXED BY visit_site WHERE site_id = ? AND status = 'final' AND deleted = 0")
    .pluck();
  const countArchived = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM site WHERE deleted = 1');

  function requirePlace(villageCode: string): VillagePlace {
    const place = areas.village(villageCode);
    if (!place) {
      throw refuse('VALIDATION', 'site_village_unknown', 'Desa/kelurahan tidak dikenal di wilayah kantor ini', undefined, [
        { path: 'site.villageCode', message: 'Desa/kelurahan tidak dikenal; pilih dari daftar', code: 'village_unknown' },
      ]);
    }
    return place;
  }

  function requireRow(id: string): SiteRow {
    const row = byId.get(id);
    if (!row) throw refuse('NOT_FOUND', 'site_not_found', 'Usaha IKM tidak ditemukan');
    return row;
  }

  /** The registered site this one most likely duplicates (the duplicate rule of db/model), if any. */
  function likelyDuplicateOf(id: string, cols: Columns): { row: CandidateRow; match: DuplicateMatch } | null {
    const self = candidateOf(cols);
    const rows = new Map(inDistrict.all(cols.district_code, id).map((r) => [r.id, r]));
    if (cols.latitude !== null && cols.longitude !== null) {
      // Degrees of latitude are ~111 km everywhere; of longitude, narrower away from the equator.
      const dLat = DUPLICATE_RADIUS_M / 111_000;
      const dLng = dLat / Math.max(Math.cos((cols.latitude * Math.PI) / 180), 0.01);
      for (const r of inBox.all(cols.latitude - dLat, cols.latitude + dLat, cols.longitude - dLng, cols.longitude + dLng, id)) rows.set(r.id, r);
    }
    let best: { row: CandidateRow; match: DuplicateMatch } | null = null;
    for (const row of rows.values()) {
      const match = duplicateMatch(self, candidateOf(row));
      if (match && (!best || closerMatch(match, best.match) < 0)) best = { row, match };
    }
    return best;
  }

  function warningsFor(id: string, cols: Columns, confirm: Confirmations, before?: SiteRow): SiteWarning[] {
    const warnings: SiteWarning[] = [];
    // An edit that keeps the name and the place asks nothing again: it was answered when saved.
    const moved = !before || before.name_norm !== cols.name_norm || before.village_code !== cols.village_code ||
      before.latitude !== cols.latitude || before.longitude !== cols.longitude;
    const found = !confirm.duplicate && moved ? likelyDuplicateOf(id, cols) : null;
    if (found) warnings.push(duplicateWarning(found.row, found.match));
    if (
      !confirm.outsideProvince &&
      cols.latitude !== null &&
      cols.longitude !== null &&
      !isInsideProvince(cols.province_code, cols.latitude, cols.longitude)
    ) {
      warnings.push({
        code: 'OUTSIDE_PROVINCE',
        message: `Titik koordinat (${coordinateText(cols.latitude)}; ${coordinateText(cols.longitude)}) berada di luar provinsi. Periksa tanda minus dan urutan lintang/bujur.`,
      });
    }
    return warnings;
  }

  /**
   * Brings the search index up to date with the sites saved since it last was: one batch, so a
   * save's own commit does not carry the index's pages. Runs before every text search (so a search
   * always sees the latest saves), at the end of a sync round or a loaded bundle, and at open. The index holds live
   * sites only, so a text search never reads archived rows.
   */
  const indexQueued = db.transaction((): void => {
    // No entry stands above the highest indexed rowid: new sites there skip the delete.
    const top = (ftsTop.get() as number | null) ?? 0;
    for (const site of searchQueued.all()) {
      // Above the mark may also stand sites indexed before a released one lowered it: their entry goes first.
      if (site.site_rowid <= top) ftsDelete.run(site.site_rowid);
      if (site.name === null || site.deleted) continue;
      const place = areas.village(String(site.village_code));
      const area = place ? `${place.villageName} ${place.districtName} ${place.regencyName}` : '';
      ftsInsert.run(site.site_rowid, site.name, site.owner_name ?? '', site.products ?? '', site.address ?? '', area);
    }
    clearSearchQueue.run();
    markIndexed.run();
  });
  function refreshSearchIndex(): void {
    if (hasSearchQueued.get()) indexQueued.immediate();
  }
  /** The site a merged site now lives on (the rule: finalSurvivor in db/model). */
  function survivorOf(id: string): string {
    return finalSurvivor(id, (loser) => mergesOf.get(loser)?.survivor_id);
  }

  /** The site and every site a merge ties it to, however many steps away (db/model mergeGroupOf). */
  function mergeGroup(id: string): string[] {
    return mergeGroupOf(id, (site) => mergesNaming.all(site, site));
  }

  /** The fact columns from chosen values: certificates once each and sorted, the size class from the workforce when known. */
  function factColumns(status: unknown, workers: unknown, certificates: unknown, products: unknown, kbliCode: unknown, statedSize: unknown): Pick<RowValues, FactColumn> {
    return {
      operating_status: status ?? 'aktif',
      workers: workers ?? null,
      certificates: JSON.stringify(storedCertificates(readCertificates(certificates))),
      products: products ?? null,
      kbli_code: kbliCode,
      size_class: siteSizeClass(workers as number | null, statedSize as SizeClass | null),
    };
  }

  /**
   * A site's current facts: from its latest-dated final visit, unless the site form changed them
   * on a later day (or the same day, after the visit was finalized). What the form said when the
   * site was registered, and a fact it left empty, never hide what a visit found.
   */
  function currentFacts(id: string, row: RowValues, stale: readonly FactColumn[] = FACT_COLUMNS): Pick<RowValues, FactColumn> {
    const chosen = (column: keyof typeof VISIT_FACT): unknown => {
      const form = replicator.cell('site', id, column);
      const visit = latestVisitFact.get(id, VISIT_FACT[column]);
      const stated = form && form.value !== null && !(Array.isArray(form.value) && form.value.length === 0);
      let useForm = stated && !visit;
      if (stated && visit && form.prevHlc !== null) {
        const day = localDayInProvince(form.hlc.slice(0, 24), String(row.province_code));
        useForm = day > visit.observed_on || (day === visit.observed_on && form.hlc > visit.recorded_at);
      }
      if (!useForm && visit && column === 'certificates') {
        // The visit says which kinds are held; the form adds numbers, dates and those in process.
        return certificatesFromVisit(JSON.parse(visit.value) as string[], readCertificates(form?.value), (kind) => firstFoundOn(id, kind));
      }
      return useForm ? form!.value : visit ? JSON.parse(visit.value) : (form?.value ?? null);
    };
    // Facts not named stale keep the values the row holds (derived before, by this same rule).
    const pick = (column: keyof typeof VISIT_FACT): unknown =>
      stale.includes(column) ? chosen(column) : column === 'certificates' ? JSON.parse(String(row.certificates ?? '[]')) : row[column];
    const sizeStale = stale.includes('workers') || stale.includes('size_class');
    return factColumns(
      pick('operating_status'),
      pick('workers'),
      pick('certificates'),
      pick('products'),
      pick('kbli_code'),
      sizeStale ? replicator.cell('site', id, 'size_class')?.value : row.size_class,
    );
  }

  /** The facts as the site's own cells state them: what a site with no final visit shows. */
  const statedFacts = (row: RowValues) =>
    factColumns(row.operating_status, row.workers, JSON.parse(String(row.certificates ?? '[]')), row.products, row.kbli_code, row.size_class);

  replicator.register('site', {
    derive(id, row, before, changed) {
      row.name_norm = normalizeName(String(row.name));
      if (before && changed && !changed.has('province_code')) {
        // An edit of the site's cells keeps the merge as it was and re-derives only the facts it
        // changed: merges and visits re-derive the site themselves (rebuild, refresh) when they change.
        // (The province sets the day a form's edit counts for, against a visit's date.)
        row.merged_into = before.merged_into;
        if (changed.has('deleted')) row.deleted = row.deleted === 1 || row.merged_into ? 1 : 0;
        const stale = FACT_COLUMNS.filter((c) => changed.has(c));
        for (const c of FACT_COLUMNS) row[c] = before[c];
        if (stale.length) Object.assign(row, currentFacts(id, row, stale));
      } else if (!before) {
        // A new site: merges and visits of it wait for it to exist, so none can apply yet.
        row.merged_into = null;
        Object.assign(row, statedFacts(row));
      } else {
        const survivor = survivorOf(id);
        row.merged_into = survivor === id ? null : survivor;
        // Archived by a person, or merged into another site: either way it leaves the register.
        row.deleted = replicator.cell('site', id, 'deleted')?.value === 1 || row.merged_into ? 1 : 0;
        Object.assign(row, currentFacts(id, row));
      }
      // The KBLI is a fact (a visit may have recorded it): its division and group follow the chosen one.
      row.kbli_division = String(row.kbli_code).slice(0, 2);
      row.sector_group = row.sector_choice ?? defaultSectorGroup(String(row.kbli_code));
    },
    after(id, row, before) {
      const indexed = ['name', 'owner_name', 'products', 'address', 'village_code', 'deleted'] as const;
      // A new site is above the search mark already: only edits are queued.
      if (before && indexed.some((c) => row[c] !== before[c])) queueForSearch.run(rowidOf.get(id) as number);
      if (before && row.regency_code !== before.regency_code) moveVisitsRegency.run(String(row.regency_code), id);
    },
    // A site this laptop no longer keeps (it left the laptop's scope): out of the search index.
    forget(ids) {
      for (const rowid of rowidsOf.all(JSON.stringify(ids)) as number[]) {
        ftsDelete.run(rowid);
        unqueueForSearch.run(rowid);
      }
      lowerMarkToKept.run(JSON.stringify(ids));
      forgetFacts.run(JSON.stringify(ids));
    },
  });

  function columnsFor(fields: SiteFields, place: VillagePlace): Columns {
    return { ...syncedValues(fields, place), name_norm: normalizeName(fields.name) };
  }

  function create(fields: SiteFields, confirm: Confirmations): SiteSaveResult {
    return replicator.write((w) => {
      const place = requirePlace(fields.villageCode);
      const cols = columnsFor(fields, place);
      const id = clock.newId();
      const warnings = warningsFor(id, cols, confirm);
      if (warnings.length) return { saved: false, warnings };
      w.insert('site', id, { ...syncedValues(fields, place), ...factValues(fields), created_at: w.nowIso, deleted: 0 });
      return { saved: true, site: toSite(byId.get(id)!) };
    });
  }

  function update(id: string, fields: SiteFields, confirm: Confirmations): SiteSaveResult {
    return replicator.write((w) => {
      const row = requireRow(id);
      if (row.deleted) throw refuse('VALIDATION', 'site_archived', 'Usaha ini sudah diarsipkan; pulihkan dulu sebelum mengubahnya', { name: row.name });
      const place = requirePlace(fields.villageCode);
      const cols = columnsFor(fields, place);
      const warnings = warningsFor(id, cols, confirm, row);
      if (warnings.length) return { saved: false, warnings };
      writeFields(w, id, row, fields, place);
      return { saved: true, site: toSite(byId.get(id)!) };
    });
  }

  /** Writes a person's fields of a site (the form, or a merge's chosen values). */
  function writeFields(w: WriteUnit, id: string, row: SiteRow, fields: SiteFields, place: VillagePlace): void {
    // A fact is stated by the form only when the officer changed what the site shows now.
    const facts = factValues(fields);
    const shown: Record<FactColumn, unknown> = {
      operating_status: row.operating_status,
      workers: row.workers,
      certificates: storedCertificates(readCertificates(row.certificates)),
      products: row.products,
      kbli_code: row.kbli_code,
      size_class: row.size_class,
    };
    const changedFacts = Object.fromEntries(
      FACT_COLUMNS.filter((c) => JSON.stringify(facts[c]) !== JSON.stringify(shown[c])).map((c) => [c, facts[c]]),
    );
    w.update('site', id, syncedValues(fields, place));
    // Stated today even when equal to what the form said long ago: it now outranks older visits.
    w.writeCells('site', id, Object.entries(changedFacts), true);
  }

  function setArchived(id: string, archived: boolean): Site {
    return replicator.write((w) => {
      const row = requireRow(id);
      if (!archived && row.merged_into) throw refuse('VALIDATION', 'site_merged_no_restore', 'Usaha ini sudah digabung ke usaha lain dan tidak dapat dipulihkan');
      w.update('site', id, { deleted: archived ? 1 : 0 });
      return toSite(byId.get(id)!);
    });
  }

  const sameNameSameVillage = db.prepare<[], { a: string; b: string }>(
    `SELECT a.id AS a, b.id AS b FROM site a INDEXED BY site_list_name
       JOIN site b INDEXED BY site_list_name ON b.deleted = 0 AND b.name_norm = a.name_norm AND b.village_code = a.village_code AND b.id > a.id
      WHERE a.deleted = 0`,
  );
  const liveCandidates = db.prepare<[], CandidateRow>(
    'SELECT id, name, name_norm, village_code, district_code, latitude, longitude, NULL AS village_name FROM site WHERE deleted = 0',
  );

  /**
   * Pairs of live sites that are likely one IKM registered twice (often on two laptops before
   * their changes met), by the duplicate rule of db/model. Only pairs that could match are
   * compared: the same name in the same desa, and sites in neighbouring grid cells (a pair in one
   * kecamatan found there may be listed as similar_name_district). Comparing every pair of names
   * in a kecamatan is left to the save check, one site at a time: over 50,000 sites it takes
   * tens of seconds.
   */
  function likelyDuplicates(): { a: string; b: string; reason: DuplicateReason; distanceM: number | null }[] {
    const sites = liveCandidates.all();
    // Pairs a person said are two IKM ("bukan duplikat") are not offered again.
    const distinct = new Set(distinctPairs.all() as string[]);
    const byId = new Map(sites.map((s) => [s.id, s]));
    const found = new Map<string, { a: string; b: string; reason: DuplicateReason; distanceM: number | null }>();
    const compare = (x: CandidateRow, y: CandidateRow) => {
      const [a, b] = x.id < y.id ? [x, y] : [y, x];
      const key = pairId(a.id, b.id);
      if (a.id === b.id || found.has(key) || distinct.has(key)) return;
      const match = duplicateMatch(candidateOf(a), candidateOf(b));
      if (match) found.set(key, { a: a.id, b: b.id, ...match });
    };
    for (const p of sameNameSameVillage.all()) compare(byId.get(p.a)!, byId.get(p.b)!);
    // Grid cells about as wide as the radius: a nearby pair can only sit in neighbouring cells.
    const cell = DUPLICATE_RADIUS_M / 111_000;
    const grid = new Map<string, CandidateRow[]>();
    const bucket = <K>(map: Map<K, CandidateRow[]>, key: K, s: CandidateRow) => {
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(s);
    };
    const located = sites.filter((s) => s.latitude !== null && s.longitude !== null);
    for (const s of located) bucket(grid, `${Math.floor(s.latitude! / cell)}:${Math.floor(s.longitude! / cell)}`, s);
    for (const s of located) {
      const gy = Math.floor(s.latitude! / cell);
      const gx = Math.floor(s.longitude! / cell);
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) for (const o of grid.get(`${gy + dy}:${gx + dx}`) ?? []) if (o.id > s.id) compare(s, o);
    }
    return [...found.values()];
  }

  /**
   * Merges `loserId` into `survivorId`: the survivor keeps every visit and attachment, and takes
   * the fields named in `takeFromLoser` from the other site (written as an edit of the survivor).
   */
  function merge(survivorId: string, loserId: string, mergedBy: string, takeFromLoser: readonly MergeField[] = []): Site {
    if (survivorId === loserId) throw refuse('VALIDATION', 'merge_same_site', 'Pilih dua usaha yang berbeda untuk digabung');
    return replicator.write((w) => {
      const [survivor, loser] = [survivorId, loserId].map((id) => {
        const row = requireRow(id);
        if (row.deleted) throw refuse('VALIDATION', 'merge_site_gone', `Usaha "${row.name}" sudah diarsipkan atau digabung`, { name: row.name });
        return row;
      });
      if (takeFromLoser.length) {
        const fields = mergedFields(toSite(survivor), toSite(loser), takeFromLoser);
        writeFields(w, survivorId, survivor, fields, requirePlace(fields.villageCode));
      }
      // One row per pair: two people merging the same pair (either way round) write the same row;
      // merging again a pair whose merge was undone clears the undo.
      w.insert('site_merge', pairId(survivorId, loserId), {
        survivor_id: survivorId,
        loser_id: loserId,
        merged_by: mergedBy,
        merged_at: w.nowIso,
        undone_by: null,
        undone_at: null,
      });
      return toSite(byId.get(survivorId)!);
    });
  }

  /**
   * Undoes the merge that took `loserId` into another site: a synced change of the merge row, so
   * every replica brings the site back with its own visits (the group is re-derived whatever the
   * order the messages arrive in). Values the survivor took from it at the merge stay.
   */
  function unmerge(loserId: string, undoneBy: string): Site {
    return replicator.write((w) => {
      requireRow(loserId);
      const merge = activeMergeOfLoser.get(loserId);
      if (!merge) throw refuse('VALIDATION', 'merge_not_found', 'Usaha ini tidak sedang digabung ke usaha lain');
      w.update('site_merge', merge.id, { undone_by: undoneBy, undone_at: w.nowIso });
      return toSite(byId.get(loserId)!);
    });
  }

  /** "Bukan duplikat": the pair is two IKM, and leaves the list of likely duplicates on every laptop. */
  function markDistinct(siteA: string, siteB: string, decidedBy: string): void {
    if (siteA === siteB) throw refuse('VALIDATION', 'merge_same_site', 'Pilih dua usaha yang berbeda untuk digabung');
    replicator.write((w) => {
      requireRow(siteA);
      requireRow(siteB);
      const [a, b] = [siteA, siteB].sort();
      // Saying it again after an undo clears the undo.
      w.insert('site_distinct', pairId(a, b), { site_a: a, site_b: b, decided_by: decidedBy, decided_at: w.nowIso, undone_by: null, undone_at: null });
    });
  }

  /** Undoes "bukan duplikat" (a synced change of its row): the pair is offered as likely duplicates again on every laptop. */
  function undoDistinct(siteA: string, siteB: string, undoneBy: string): void {
    replicator.write((w) => {
      const row = distinctRow.get(pairId(siteA, siteB));
      if (!row || row.undone_at !== null) throw refuse('VALIDATION', 'distinct_not_found', 'Pasangan usaha ini tidak sedang dinyatakan bukan duplikat');
      w.update('site_distinct', row.id, { undone_by: undoneBy, undone_at: w.nowIso });
    });
  }

  /**
   * The merges and "bukan duplikat" decisions naming a site, oldest first, each with its undo as a
   * line of its own (the site's timeline). A decision undone and made again shows its latest state.
   */
  function decisionsOf(siteId: string): SiteDecision[] {
    const other = (id: string) => ({ id, name: String(siteName.get(id) ?? id) });
    const out: SiteDecision[] = [];
    for (const m of mergeRowsOf.all(siteId, siteId)) {
      const role = m.survivor_id === siteId ? 'survivor' : 'loser';
      const o = other(role === 'survivor' ? m.loser_id : m.survivor_id);
      out.push({ key: `merge:${m.id}`, kind: 'merged', role, other: o, by: m.merged_by, at: m.merged_at, undoable: false });
      if (m.undone_at) out.push({ key: `unmerge:${m.id}`, kind: 'unmerged', role, other: o, by: m.undone_by, at: m.undone_at, undoable: false });
    }
    for (const d of distinctRowsOf.all(siteId, siteId)) {
      const o = other(d.site_a === siteId ? d.site_b : d.site_a);
      out.push({ key: `distinct:${d.id}`, kind: 'distinct', role: null, other: o, by: d.decided_by, at: d.decided_at, undoable: d.undone_at === null });
      if (d.undone_at) out.push({ key: `distinct-undone:${d.id}`, kind: 'distinctUndone', role: null, other: o, by: d.undone_by, at: d.undone_at, undoable: false });
    }
    return out.sort((x, y) => x.at.localeCompare(y.at) || x.key.localeCompare(y.key));
  }

  /** Where a merged-away site lives now, and the merge that took it (what an unmerge undoes). */
  function mergeState(id: string): SiteMergeState {
    requireRow(id);
    const survivor = survivorOf(id);
    const merge = activeMergeOfLoser.get(id);
    return {
      survivor: survivor === id ? null : { id: survivor, name: String(siteName.get(survivor) ?? survivor) },
      merge: merge
        ? { survivorId: merge.survivor_id, survivorName: String(siteName.get(merge.survivor_id) ?? merge.survivor_id), mergedBy: merge.merged_by, mergedAt: merge.merged_at }
        : null,
    };
  }

  const prepareCached = statementCache(db);

  /** The WHERE clause and order of the register's filters (shared by the list and exports). */
  /**
   * The register's WHERE, ORDER BY and parameters. `joinsIndex`: the statement joins site_fts
   * itself (the register's page, listStatements), so the text is matched there; otherwise it is
   * a rowid set from the index (exports, which take every match).
   */
  function listFilter(query: Omit<ParsedSiteListQuery, 'offset' | 'limit'>, joinsIndex = false) {
    const where: string[] = ['s.deleted = ?'];
    const params: unknown[] = [query.archived ? 1 : 0];
    const filters: [string | null | undefined, string][] = [
      [query.regencyCode, 's.regency_code = ?'],
      [query.districtCode, 's.district_code = ?'],
      [query.wilayahId, 's.regency_code IN (SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?)'],
      [query.kbliDivision, 's.kbli_division = ?'],
      [query.sectorGroup, 's.sector_group = ?'],
      [query.operatingStatus, 's.operating_status = ?'],
      [query.sizeClass, 's.size_class = ?'],
      // Held, in either entry form (site_certificate, migration 0012).
      [query.certificate, "EXISTS (SELECT 1 FROM site_certificate c WHERE c.site_rowid = s.rowid AND c.kind = ? AND c.status = 'dimiliki')"],
      [query.mainProduct, `${mainProductSql('s.products')} = ?`],
    ];
    for (const [value, clause] of filters) {
      if (value) {
        where.push(clause);
        params.push(value);
      }
    }
    const terms = searchTerms(query.text);
    if (terms.match && !query.archived) refreshSearchIndex();
    if (query.archived) {
      // Archived sites are few and not in the search index: scan them.
      for (const word of [...terms.long, ...terms.short]) {
        where.push(
          "(s.name_norm LIKE ? ESCAPE '\\' OR s.owner_name LIKE ? ESCAPE '\\' OR s.products LIKE ? ESCAPE '\\' OR s.address LIKE ? ESCAPE '\\')",
        );
        const pattern = likePattern(word);
        params.push(pattern, pattern, pattern, pattern);
      }
    } else {
      if (terms.match) {
        where.push(joinsIndex ? 'site_fts MATCH ?' : 's.rowid IN (SELECT rowid FROM site_fts WHERE site_fts MATCH ?)');
        params.push(terms.match);
      }
      for (const word of terms.short) {
        if (terms.match) {
          // Beside a longer word, the trigram index has already narrowed the rows: scan those.
          where.push("(s.name_norm LIKE ? ESCAPE '\\' OR s.owner_name LIKE ? ESCAPE '\\' OR s.products LIKE ? ESCAPE '\\')");
          const pattern = likePattern(word);
          params.push(pattern, pattern, pattern);
        } else {
          // Only one or two letters, typed while the officer is still typing: too short for the
          // trigram index, so they match the start of the name, which the name index serves.
          where.push('s.name_norm >= ? AND s.name_norm < ?');
          params.push(word, word + '\uffff');
        }
      }
    }
    const order = {
      // rowid breaks ties: every index holds it, so a deep page skips index entries, not rows.
      name: 's.name_norm, s.rowid',
      updated: 's.updated_at DESC, s.rowid DESC',
      regency: 's.regency_code, s.name_norm, s.rowid',
    }[query.sort];
    return { whereSql: where.join(' AND '), params, order, terms };
  }

  /**
   * The statements of one page of the register: the page's rowids in order (the hot part, which
   * the indexes serve), the page with its area names, and the count of the matches, which stops
   * past SITE_LIST_CAP. A text search takes its candidates from the search index, newest first
   * (the index's own order, so it stops after SITE_LIST_CAP of them whatever the index holds),
   * and sorts those: at 1,000,000 sites a common word ("samarinda") matches a quarter of them,
   * and sorting or counting them all would cost as much as reading the register.
   */
  function listStatements(query: ParsedSiteListQuery): { rows: RepoStatement; page: RepoStatement; count: RepoStatement } {
    const fromIndex = !!searchTerms(query.text).match && !query.archived;
    const { whereSql, params, order } = listFilter(query, fromIndex);
    // The search index drives: its rowids newest first, each joined to its row for the filters.
    const candidates = (limit: number) => ({
      sql: `SELECT s.rowid AS rid FROM site_fts CROSS JOIN site s ON s.rowid = site_fts.rowid
             WHERE ${whereSql} ORDER BY site_fts.rowid DESC LIMIT ${limit}`,
      params,
    });
    const rows = fromIndex
      ? {
          sql: `SELECT s.rowid AS rid FROM site s WHERE s.rowid IN (${candidates(SITE_LIST_CAP).sql}) ORDER BY ${order} LIMIT ? OFFSET ?`,
          params: [...params, query.limit, query.offset],
        }
      : { sql: `SELECT s.rowid AS rid FROM site s WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, params: [...params, query.limit, query.offset] };
    // Pick the page's rows first and join the area names for those rows only: a sort by name
    // would otherwise look up three area names for every match before keeping a hundred.
    const page = {
      sql: `SELECT s.id, s.name, s.owner_name AS ownerName, s.products, s.address,
                coalesce(r.name, s.regency_code) AS regencyName, coalesce(d.name, s.district_code) AS districtName,
                coalesce(v.name, s.village_code) AS villageName, s.kbli_code AS kbliCode,
                s.operating_status AS operatingStatus, s.size_class AS sizeClass, s.updated_at AS updatedAt,
                s.deleted, s.merged_into AS mergedIntoId, m.name AS mergedIntoName
           FROM (${rows.sql}) AS page
           JOIN site s ON s.rowid = page.rid
           LEFT JOIN site m ON m.id = s.merged_into
           LEFT JOIN area r ON r.code = s.regency_code
           LEFT JOIN area d ON d.code = s.district_code
           LEFT JOIN area v ON v.code = s.village_code
          ORDER BY ${order}`,
      params: rows.params,
    };
    // One more than the cap tells "more than SITE_LIST_CAP" from "exactly".
    const count = fromIndex
      ? { sql: `SELECT count(*) AS n FROM (${candidates(SITE_LIST_CAP + 1).sql})`, params }
      : { sql: `SELECT count(*) AS n FROM (SELECT 1 FROM site s WHERE ${whereSql} LIMIT ${SITE_LIST_CAP + 1})`, params };
    return { rows, page, count };
  }

  function list(query: ParsedSiteListQuery): SiteListResult {
    const { page, count } = listStatements(query);
    return timed('site.list', () => {
      const items = prepareCached(page.sql).all(...page.params) as (Omit<SiteSummary, 'deleted'> & { deleted: number })[];
      const matches = (prepareCached(count.sql).get(...count.params) as { n: number }).n;
      return {
        total: Math.min(matches, SITE_LIST_CAP),
        capped: matches > SITE_LIST_CAP,
        offset: query.offset,
        items: items.map((i) => ({ ...i, deleted: i.deleted === 1 })),
      };
    });
  }

  /**
   * Every value the site form has given the site's facts, on any laptop: the messages of each fact
   * cell, walked from its heads back through the values each one replaced (the HLC index, no scan
   * of the log). A value with no predecessor was set when the site was registered.
   */
  function factEdits(id: string): { fact: SiteFact['fact']; hlc: string; value: unknown; registered: boolean }[] {
    const heads = replicator.headsOfRow('site', id);
    const edits: { fact: SiteFact['fact']; hlc: string; value: unknown; registered: boolean }[] = [];
    for (const [column, fact] of Object.entries(VISIT_FACT) as [keyof typeof VISIT_FACT, SiteFact['fact']][]) {
      const seen = new Set<string>();
      const todo = (heads.get(column) ?? []).map((h) => h.hlc);
      while (todo.length) {
        const hlc = todo.pop()!;
        if (seen.has(hlc)) continue;
        seen.add(hlc);
        const m = replicator.message(hlc);
        if (!m) continue;
        edits.push({ fact, hlc, value: JSON.parse(m.value), registered: m.prevHlc === null });
        if (m.prevHlc) todo.push(m.prevHlc);
      }
    }
    return edits;
  }

  /**
   * The kecamatan whose registered sites surround a point, when none of `districtCode`'s sites
   * are within NEIGHBOUR_RADIUS_M of it (the laptop has no kecamatan boundaries: the neighbours
   * tell). Null when the site's own kecamatan is among them, or no located site is near.
   */
  function otherDistrictAround(latitude: number, longitude: number, districtCode: string, exceptId: string): string | null {
    const dLat = NEIGHBOUR_RADIUS_M / 111_000;
    const dLng = dLat / Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
    const near = inBox
      .all(latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng, exceptId)
      .map((r) => ({ r, m: distanceMeters({ latitude, longitude }, { latitude: r.latitude!, longitude: r.longitude! }) }))
      .filter((n) => n.m <= NEIGHBOUR_RADIUS_M)
      .sort((a, b) => a.m - b.m);
    if (near.length === 0 || near.some((n) => n.r.district_code === districtCode)) return null;
    return areas.village(near[0].r.village_code)?.districtName ?? near[0].r.district_code;
  }

  return {
    factEdits,
    otherDistrictAround,
    /** Every site the register's filters match, as rowids in the register's order (exports page by these). */
    listRowids(query: Omit<ParsedSiteListQuery, 'offset' | 'limit'>): number[] {
      const { whereSql, params, order } = listFilter(query);
      return prepareCached(`SELECT s.rowid FROM site s WHERE ${whereSql} ORDER BY ${order}`).pluck().all(...params) as number[];
    },
    /** Full sites by rowid, in the order given (read-only; exports page through these). */
    getMany(rowids: number[]): Site[] {
      const rows = prepareCached(`${SITE_SELECT} WHERE s.rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as SiteRow[];
      const byRowid = new Map(rows.map((r) => [r.rowid, r]));
      return rowids.flatMap((r) => (byRowid.has(r) ? [toSite(byRowid.get(r)!)] : []));
    },
    create,
    update,
    refreshSearchIndex,
    /** Archives (tombstones) a site: it leaves the register but is never physically deleted. */
    archive: (id: string): Site => setArchived(id, true),
    restore: (id: string): Site => setArchived(id, false),
    /** A site; its `updatedAt` is its last change, a final visit's (or an amendment's) included. */
    get: (id: string): Site => {
      const site = toSite(requireRow(id));
      const visited = lastFinalVisitChange.get(id) as string | null;
      return visited && visited > site.updatedAt ? { ...site, updatedAt: visited } : site;
    },
    survivorOf,
    mergeGroupOf: mergeGroup,
    /** A live site with this normalized name in this desa (other than `exceptId`): the duplicate rule. */
    sameNameInVillage: (villageCode: string, nameNorm: string, exceptId = ''): { id: string; name: string } | null =>
      duplicate.get(villageCode, nameNorm, exceptId) ?? null,
    /** The live sites of a desa with this normalized name, with what tells two businesses apart. */
    namesakesInVillage: (villageCode: string, nameNorm: string): { id: string; name: string; ownerName: string | null; phone: string | null; address: string | null }[] =>
      namesakes.all(villageCode, nameNorm).map((r) => ({ id: r.id, name: r.name, ownerName: r.owner_name, phone: r.phone, address: r.address })),
    likelyDuplicates,
    merge,
    unmerge,
    markDistinct,
    undoDistinct,
    decisionsOf,
    mergeState,
    list,
    listStatements,
    /** The SQL of the fixed hot statements, by name, for tests that EXPLAIN them. */
    statementSql: {
      countsByStatus: countsByStatus.source,
      countsByRegency: countsByRegency.source,
      sameNameInVillage: duplicate.source,
      candidatesInDistrict: inDistrict.source,
      latestVisitFact: latestVisitFact.source,
    },
    counts(): SiteSummaryCounts {
      return timed('site.counts', () => {
        const byStatus: Record<string, number> = {};
        let total = 0;
        for (const row of countsByStatus.all()) {
          byStatus[row.status] = row.n;
          total += row.n;
        }
        return {
          total,
          archived: countArchived.get()!.n,
          byStatus,
          byRegency: countsByRegency
            .all()
            .map((r) => ({ regencyCode: r.regencyCode, regencyName: r.regencyName ?? r.regencyCode, count: r.count })),
        };
      });
    },
  };
}
export type SitesRepo = ReturnType<typeof createSitesRepo>;

/** A coordinate as officers write it: decimal comma, "-0,15". */
function coordinateText(value: number): string {
  return value.toLocaleString('id-ID', { maximumFractionDigits: 6 });
}
