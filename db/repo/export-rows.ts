import type { Db } from '../open-database';
import type { VisitKind, VisitStatus } from '../model/visit';

/** One visit as exports and prints need it: the whole form, and where its site is. */
export interface VisitExportRow {
  id: string;
  number: string;
  kind: VisitKind;
  status: VisitStatus;
  visitDate: string | null;
  officers: string;
  data: Record<string, unknown>;
  revision: number;
  createdAt: string;
  updatedAt: string;
  finalizedAt: string | null;
  /** Whether the office required signatures at finalize (null: a draft, or not recorded then). */
  signaturesRequired: boolean | null;
  /** How each signature was made ('drawn', 'typed'), null when there is none. */
  signatures: { respondent: string | null; officer: string | null };
  siteRowid: number;
  site: {
    id: string;
    name: string;
    ownerName: string | null;
    kbliCode: string;
    regencyCode: string;
    regencyName: string;
    districtCode: string;
    districtName: string;
    villageCode: string;
    villageName: string;
    wilayahName: string | null;
  };
}

interface VisitRow {
  visit_rowid: number;
  id: string;
  number: string;
  kind: VisitKind;
  status: VisitStatus;
  visit_date: string | null;
  officers: string;
  data: string;
  revision: number;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
  signatures_required: number | null;
  respondent_signature: string | null;
  officer_signature: string | null;
  site_id: string;
}

interface SiteRow {
  site_rowid: number;
  site_id: string;
  site_name: string;
  owner_name: string | null;
  kbli_code: string;
  regency_code: string;
  district_code: string;
  village_code: string;
}

/** Read-only queries for exports: whole visits by rowid, and the attachments of visits. */
/** One site's line of the rekap, before it is summed per wilayah, regency and KBLI. */
export interface RekapSource {
  wilayah: string | null;
  regency: string;
  kbli: string;
  visits: number;
  /** The site's current facts (its latest final visit that has them, or its own form). */
  workers: number | null;
  male: number | null;
  female: number | null;
  production: number | null;
  status: string;
}

export function createExportRowsRepo(db: Db) {
  // A visit's own columns by rowid; its site and area names come from small per-export caches
  // (a site has several visits, a regency thousands): joining them for every row cost more than
  // reading the visit itself.
  const visitsByRowid = db.prepare<[string], VisitRow>(
    `SELECT v.rowid AS visit_rowid, v.id, v.number, v.kind, v.status, v.visit_date, v.officers, v.data, v.revision, v.created_at, v.updated_at,
            v.finalized_at, v.signatures_required, v.site_id,
            (SELECT coalesce(a.signature_method, 'drawn') FROM attachment a
              WHERE a.visit_id = v.id AND a.deleted = 0 AND a.kind = 'signature' AND a.role = 'respondent' LIMIT 1) AS respondent_signature,
            (SELECT coalesce(a.signature_method, 'drawn') FROM attachment a
              WHERE a.visit_id = v.id AND a.deleted = 0 AND a.kind = 'signature' AND a.role = 'officer' LIMIT 1) AS officer_signature
       FROM visit v
      WHERE v.rowid IN (SELECT value FROM json_each(?))`,
  );
  const sitesById = db.prepare<[string], SiteRow>(
    `SELECT s.rowid AS site_rowid, s.id AS site_id, s.name AS site_name, s.owner_name, s.kbli_code, s.regency_code, s.district_code, s.village_code
       FROM site s WHERE s.id IN (SELECT value FROM json_each(?))`,
  );
  const areaNames = db.prepare<[string], { code: string; name: string }>('SELECT code, name FROM area WHERE code IN (SELECT value FROM json_each(?))');
  const wilayahOfRegencies = db.prepare<[string], { regency_code: string; name: string | null }>(
    `SELECT wr.regency_code, w.name FROM wilayah_regency wr LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
      WHERE wr.regency_code IN (SELECT value FROM json_each(?))`,
  );

  /** Reads whole visits batch after batch, remembering area and wilayah names between batches. */
  function visitReader(): (rowids: number[]) => VisitExportRow[] {
    const sites = new Map<string, SiteRow>();
    const names = new Map<string, string | null>();
    const wilayahs = new Map<string, string | null>();
    const fill = <T>(cache: Map<string, T>, keys: Iterable<string>, load: (missing: string[]) => void, absent: T) => {
      const missing = [...new Set(keys)].filter((k) => !cache.has(k));
      if (missing.length === 0) return;
      load(missing);
      for (const k of missing) if (!cache.has(k)) cache.set(k, absent);
    };
    return (rowids) => {
      // The query does not keep the order of json_each: put each row back where its rowid was.
      const byRowid = new Map(visitsByRowid.all(JSON.stringify(rowids)).map((row) => [row.visit_rowid, row]));
      // Sites only for this batch: the log is in date order, so a site's visits are far apart
      // and keeping every site would only grow the export's memory.
      sites.clear();
      fill(sites, [...byRowid.values()].map((v) => v.site_id), (ids) => {
        for (const s of sitesById.all(JSON.stringify(ids))) sites.set(s.site_id, s);
      }, undefined as unknown as SiteRow);
      const placed = [...byRowid.values()].map((v) => sites.get(v.site_id)).filter((s): s is SiteRow => s !== undefined);
      fill(names, placed.flatMap((s) => [s.regency_code, s.district_code, s.village_code]), (codes) => {
        for (const a of areaNames.all(JSON.stringify(codes))) names.set(a.code, a.name);
      }, null);
      fill(wilayahs, placed.map((s) => s.regency_code), (codes) => {
        for (const w of wilayahOfRegencies.all(JSON.stringify(codes))) wilayahs.set(w.regency_code, w.name);
      }, null);
      const ordered: VisitExportRow[] = [];
      for (const rowid of rowids) {
        const row = byRowid.get(rowid);
        const site = row && sites.get(row.site_id);
        if (row && site) ordered.push(toExportRow(row, site, names, wilayahs));
      }
      return ordered;
    };
  }

  const attachmentsOf = db.prepare<[string], { visit_id: string; kind: string; file_name: string; sha256: string; mime: string }>(
    `SELECT visit_id, kind, file_name, sha256, mime FROM attachment
      WHERE visit_id IN (SELECT value FROM json_each(?)) AND deleted = 0 AND kind IN ('photo', 'document')
      ORDER BY visit_id, created_at, id`,
  );

  const latest = (expr: string, has: string) =>
    `(SELECT ${expr} FROM v x WHERE x.site_id = g.site_id ${has} ORDER BY x.visit_date DESC, x.id DESC LIMIT 1)`;
  const rekap = db.prepare<[string, string], RekapSource>(
      `WITH v AS (SELECT site_id, visit_date, id, data FROM visit
                   WHERE deleted = 0 AND status = 'final' AND visit_date BETWEEN ? AND ?),
            g AS (SELECT site_id, count(*) AS visits FROM v GROUP BY site_id)
       SELECT w.name AS wilayah, coalesce(r.name, s.regency_code) AS regency, s.kbli_division AS kbli, g.visits, s.workers,
              ${latest("json_extract(x.data, '$.workforce.male')", "AND json_extract(x.data, '$.workforce') IS NOT NULL")} AS male,
              ${latest("json_extract(x.data, '$.workforce.female')", "AND json_extract(x.data, '$.workforce') IS NOT NULL")} AS female,
              ${latest("json_extract(x.data, '$.productionValueRp')", "AND json_extract(x.data, '$.productionValueRp') IS NOT NULL")} AS production,
              ${latest("json_extract(x.data, '$.operatingStatus')", '')} AS status
         FROM g JOIN site s ON s.id = g.site_id
         LEFT JOIN area r ON r.code = s.regency_code
         LEFT JOIN wilayah_regency wr ON wr.regency_code = s.regency_code
         LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
        ORDER BY w.name IS NULL, w.name, regency, kbli`,
  );
  const rowidsByIds = db.prepare<[string]>('SELECT rowid FROM visit WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0').pluck();

  // How many exports are reading now, and the memory map the connection had before the first.
  let lowMemoryReaders = 0;
  let mmapBefore = 0;

  return {
    /**
     * Reads of a long export go through SQLite's page cache instead of its memory map, until the
     * returned function is called. The map (up to 256 MB of the file) speeds the window's queries,
     * but every page an export touches once would stay in the process's memory beside the
     * export's own buffers.
     */
    lowMemoryReads(): () => void {
      if (lowMemoryReaders++ === 0) {
        mmapBefore = db.pragma('mmap_size', { simple: true }) as number;
        db.pragma('mmap_size = 0');
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        if (--lowMemoryReaders === 0) db.pragma(`mmap_size = ${Math.max(0, Math.floor(mmapBefore))}`);
      };
    },
    /** Live visits' rowids for these ids (the order does not matter: `visits` keeps the caller's). */
    visitRowidsByIds: (ids: string[]): number[] => rowidsByIds.all(JSON.stringify(ids)) as number[],
    /**
     * Rekap for a date range over final visits: per site its visits, and the workforce, production
     * value and status of its latest final visit in the range that has them.
     */
    rekapSources: (dateFrom: string, dateTo: string): RekapSource[] => rekap.all(dateFrom, dateTo),
    /** Whole visits, in the order of `rowids`. */
    visits: (rowids: number[]): VisitExportRow[] => visitReader()(rowids),
    /** The same for an export that reads many batches: sites and area names are looked up once. */
    visitReader,
    /** Photos and documents (not signatures) of these visits. */
    attachments(visitIds: string[]) {
      return attachmentsOf.all(JSON.stringify(visitIds)).map((a) => ({
        visitId: a.visit_id,
        kind: a.kind,
        fileName: a.file_name,
        sha256: a.sha256,
        mime: a.mime,
      }));
    },
  };
}
export type ExportRowsRepo = ReturnType<typeof createExportRowsRepo>;

function toExportRow(row: VisitRow, site: SiteRow, names: Map<string, string | null>, wilayahs: Map<string, string | null>): VisitExportRow {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    visitDate: row.visit_date,
    officers: row.officers,
    data: JSON.parse(row.data) as Record<string, unknown>,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finalizedAt: row.finalized_at,
    signaturesRequired: row.signatures_required === null ? null : row.signatures_required === 1,
    signatures: { respondent: row.respondent_signature, officer: row.officer_signature },
    siteRowid: site.site_rowid,
    site: {
      id: site.site_id,
      name: site.site_name,
      ownerName: site.owner_name,
      kbliCode: site.kbli_code,
      regencyCode: site.regency_code,
      regencyName: names.get(site.regency_code) ?? site.regency_code,
      districtCode: site.district_code,
      districtName: names.get(site.district_code) ?? site.district_code,
      villageCode: site.village_code,
      villageName: names.get(site.village_code) ?? site.village_code,
      wilayahName: wilayahs.get(site.regency_code) ?? null,
    },
  };
}
