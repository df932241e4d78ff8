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

interface Row {
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
  site_rowid: number;
  site_id: string;
  site_name: string;
  owner_name: string | null;
  kbli_code: string;
  regency_code: string;
  regency_name: string | null;
  district_code: string;
  district_name: string | null;
  village_code: string;
  village_name: string | null;
  wilayah_name: string | null;
}

/** Read-only queries for exports: whole visits by rowid, and the attachments of visits. */
/** One site's line of the rekap, before it is summed per wilayah, regency and KBLI. */
export interface RekapSource {
  wilayah: string | null;
  regency: string;
  kbli: string;
  visits: number;
  male: number | null;
  female: number | null;
  production: number | null;
  status: string;
}

export function createExportRowsRepo(db: Db) {
  const visitsByRowid = db.prepare<[string], Row>(
    `SELECT v.rowid AS visit_rowid, v.id, v.number, v.kind, v.status, v.visit_date, v.officers, v.data, v.revision, v.created_at, v.updated_at,
            v.finalized_at, s.rowid AS site_rowid, s.id AS site_id, s.name AS site_name, s.owner_name, s.kbli_code,
            s.regency_code, r.name AS regency_name, s.district_code, d.name AS district_name, s.village_code,
            a.name AS village_name, w.name AS wilayah_name
       FROM visit v
       JOIN site s ON s.id = v.site_id
       LEFT JOIN area r ON r.code = s.regency_code
       LEFT JOIN area d ON d.code = s.district_code
       LEFT JOIN area a ON a.code = s.village_code
       LEFT JOIN wilayah_regency wr ON wr.regency_code = s.regency_code
       LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
      WHERE v.rowid IN (SELECT value FROM json_each(?))`,
  );
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
       SELECT w.name AS wilayah, coalesce(r.name, s.regency_code) AS regency, s.kbli_division AS kbli, g.visits,
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

  return {
    /** Live visits' rowids for these ids (the order does not matter: `visits` keeps the caller's). */
    visitRowidsByIds: (ids: string[]): number[] => rowidsByIds.all(JSON.stringify(ids)) as number[],
    /**
     * Rekap for a date range over final visits: per site its visits, and the workforce, production
     * value and status of its latest final visit in the range that has them.
     */
    rekapSources: (dateFrom: string, dateTo: string): RekapSource[] => rekap.all(dateFrom, dateTo),
    /** Whole visits, in the order of `rowids`. */
    visits(rowids: number[]): VisitExportRow[] {
      // The join does not keep the order of json_each: put each row back where its rowid was.
      const byRowid = new Map(visitsByRowid.all(JSON.stringify(rowids)).map((row) => [row.visit_rowid, row]));
      const ordered: VisitExportRow[] = [];
      for (const rowid of rowids) {
        const row = byRowid.get(rowid);
        if (row) ordered.push(toExportRow(row));
      }
      return ordered;
    },
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

function toExportRow(row: Row): VisitExportRow {
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
    siteRowid: row.site_rowid,
    site: {
      id: row.site_id,
      name: row.site_name,
      ownerName: row.owner_name,
      kbliCode: row.kbli_code,
      regencyCode: row.regency_code,
      regencyName: row.regency_name ?? row.regency_code,
      districtCode: row.district_code,
      districtName: row.district_name ?? row.district_code,
      villageCode: row.village_code,
      villageName: row.village_name ?? row.village_code,
      wilayahName: row.wilayah_name,
    },
  };
}
