import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator } from '../sync/replicator';
import { refuse } from '../model/result';
import { heldKinds, readCertificates } from '../model/certificate';
import type { MapSite, Sentra, SentraDetail, SentraFields, SentraKind, SentraSite, SentraStatus } from '../model/sentra';
import type { ClusterPoint } from '../model/sentra-candidates';

interface SentraRow {
  id: string;
  name: string;
  kind: string;
  regency_code: string;
  regency_name: string | null;
  wilayah_id: string | null;
  wilayah_name: string | null;
  kbli_division: string | null;
  product: string | null;
  notes: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  deleted: number;
  site_count: number;
}

const SENTRA_SELECT = `
  SELECT k.*, r.name AS regency_name, w.id AS wilayah_id, w.name AS wilayah_name,
         (SELECT count(*) FROM site s WHERE s.sentra_id = k.id AND s.deleted = 0) AS site_count
    FROM sentra k
    LEFT JOIN area r ON r.code = k.regency_code
    LEFT JOIN wilayah_regency wr ON wr.regency_code = k.regency_code
    LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0`;

const toSentra = (r: SentraRow): Sentra => ({
  id: r.id,
  name: r.name,
  kind: r.kind as SentraKind,
  regencyCode: r.regency_code,
  regencyName: r.regency_name ?? r.regency_code,
  wilayahId: r.wilayah_id,
  wilayahName: r.wilayah_name,
  kbliDivision: r.kbli_division,
  product: r.product,
  notes: r.notes,
  status: r.status as SentraStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deleted: r.deleted === 1,
  siteCount: r.site_count,
});

interface SentraSiteRow {
  id: string;
  name: string;
  village_name: string | null;
  kbli_code: string;
  operating_status: string;
  workers: number | null;
  certificates: string;
  latitude: number | null;
  longitude: number | null;
  visit_id: string | null;
  visit_number: string | null;
  visit_date: string | null;
  male: number | null;
  female: number | null;
  production: number | null;
}

/**
 * Sentra IKM and kawasan industri (issue 18): the records, which sites are in each, what a sentra
 * page shows, and the points the map and the candidate clustering read. Every write through the
 * write unit; the wilayah of a sentra is read through its regency.
 */
export function createSentraRepo(db: Db, clock: Clock, replicator: Replicator) {
  const byId = db.prepare<[string], SentraRow>(`${SENTRA_SELECT} WHERE k.id = ?`);
  const list = db.prepare<{ regency: string | null; wilayah: string | null; kind: string | null }, SentraRow>(
    `${SENTRA_SELECT}
      WHERE k.deleted = 0 AND (@regency IS NULL OR k.regency_code = @regency)
        AND (@wilayah IS NULL OR wr.wilayah_id = @wilayah) AND (@kind IS NULL OR k.kind = @kind)
      ORDER BY w.sort, r.name, k.name, k.id`,
  );
  const regencyKnown = db.prepare<[string]>('SELECT 1 FROM area WHERE code = ?').pluck();
  const membersOf = db.prepare<[string]>('SELECT id FROM site WHERE sentra_id = ?').pluck();
  const siteState = db.prepare<[string], { deleted: number; sentra_id: string | null }>('SELECT deleted, sentra_id FROM site WHERE id = ?');
  // The latest final visit of each site gives its workforce by sex and its production value.
  const sitesOf = db.prepare<[string], SentraSiteRow>(
    `SELECT s.id, s.name, a.name AS village_name, s.kbli_code, s.operating_status, s.workers, s.certificates,
            s.latitude, s.longitude, v.id AS visit_id, v.number AS visit_number, v.visit_date,
            json_extract(v.data, '$.workforce.male') AS male, json_extract(v.data, '$.workforce.female') AS female,
            json_extract(v.data, '$.productionValueRp') AS production
       FROM site s
       LEFT JOIN area a ON a.code = s.village_code
       LEFT JOIN visit v ON v.id = (SELECT id FROM visit WHERE site_id = s.id AND deleted = 0 AND status = 'final'
                                     ORDER BY visit_date DESC, id DESC LIMIT 1)
      WHERE s.sentra_id = ? AND s.deleted = 0
      ORDER BY s.name, s.id`,
  );
  const clusterPoints = db.prepare<[], ClusterPoint>(
    `SELECT id, latitude, longitude, kbli_division AS kbliDivision, regency_code AS regencyCode, sentra_id AS sentraId
       FROM site WHERE deleted = 0 AND latitude IS NOT NULL AND longitude IS NOT NULL`,
  );
  const mapSites = db.prepare<{ sentra: string | null }, MapSite>(
    `SELECT id, name, latitude, longitude, operating_status AS operatingStatus, kbli_division AS kbliDivision,
            regency_code AS regencyCode, sentra_id AS sentraId
       FROM site WHERE deleted = 0 AND latitude IS NOT NULL AND longitude IS NOT NULL
        AND (@sentra IS NULL OR sentra_id = @sentra)`,
  );

  function requireSentra(id: string): SentraRow {
    const row = byId.get(id);
    if (!row || row.deleted) throw refuse('NOT_FOUND', 'sentra_not_found', 'Sentra tidak ditemukan');
    return row;
  }
  function requireRegency(code: string): void {
    if (regencyKnown.get(code) === undefined) {
      throw refuse('VALIDATION', 'sentra_regency_unknown', 'Kabupaten/kota tidak dikenal', { code }, [
        { path: 'regencyCode', message: 'Kabupaten/kota tidak dikenal', code: 'regency_outside_province', params: { code } },
      ]);
    }
  }
  const columnsOf = (f: SentraFields) => ({
    name: f.name,
    kind: f.kind,
    regency_code: f.regencyCode,
    kbli_division: f.kbliDivision,
    product: f.product,
    notes: f.notes,
    status: f.status,
  });

  /** Puts live sites in a sentra (null: out of any); a site already there is not written again. Answers how many changed. */
  function assignIn(w: Parameters<Parameters<Replicator['write']>[0]>[0], sentraId: string | null, siteIds: readonly string[]): number {
    let changed = 0;
    for (const id of new Set(siteIds)) {
      const site = siteState.get(id);
      if (!site) throw refuse('NOT_FOUND', 'site_not_found', 'Usaha IKM tidak ditemukan');
      if (site.deleted) continue; // archived or merged away: it stays out of the register
      if (w.update('site', id, { sentra_id: sentraId }).length) changed++;
    }
    return changed;
  }

  return {
    list: (query: { regencyCode?: string | null; wilayahId?: string | null; kind?: string | null } = {}): Sentra[] =>
      list.all({ regency: query.regencyCode ?? null, wilayah: query.wilayahId ?? null, kind: query.kind ?? null }).map(toSentra),
    get: (id: string): Sentra => toSentra(requireSentra(id)),

    /** Creates a sentra, or edits one when `id` names one. */
    save(fields: SentraFields, id: string | null = null): Sentra {
      requireRegency(fields.regencyCode);
      return replicator.write((w) => {
        if (id) {
          requireSentra(id);
          w.update('sentra', id, columnsOf(fields));
          return toSentra(byId.get(id)!);
        }
        const newId = clock.newId();
        w.insert('sentra', newId, { ...columnsOf(fields), created_at: w.nowIso, deleted: 0 });
        return toSentra(byId.get(newId)!);
      });
    },

    /** Removes a sentra (a tombstone); its sites leave it in the same action. */
    remove(id: string): void {
      replicator.write((w) => {
        requireSentra(id);
        for (const site of membersOf.all(id) as string[]) w.update('site', site, { sentra_id: null });
        w.update('sentra', id, { deleted: 1 });
      });
    },

    /** Assigns sites to a sentra (or takes them out, `sentraId` null), in one action. */
    assign(sentraId: string | null, siteIds: readonly string[]): { changed: number } {
      return replicator.write((w) => {
        if (sentraId) requireSentra(sentraId);
        return { changed: assignIn(w, sentraId, siteIds) };
      });
    },

    /** A candidate sentra made from a suggested cluster, with its sites, in one action. */
    createWithSites(fields: SentraFields, siteIds: readonly string[]): Sentra {
      requireRegency(fields.regencyCode);
      return replicator.write((w) => {
        const id = clock.newId();
        w.insert('sentra', id, { ...columnsOf(fields), created_at: w.nowIso, deleted: 0 });
        assignIn(w, id, siteIds);
        return toSentra(byId.get(id)!);
      });
    },

    /** A sentra page: its live sites with workforce, production, certificates and last visit, and the totals. */
    detail(id: string): SentraDetail {
      const sentra = toSentra(requireSentra(id));
      const sites: SentraSite[] = sitesOf.all(id).map((r) => ({
        id: r.id,
        name: r.name,
        villageName: r.village_name ?? '',
        kbliCode: r.kbli_code,
        operatingStatus: r.operating_status,
        workers: r.workers,
        workersMale: typeof r.male === 'number' ? r.male : null,
        workersFemale: typeof r.female === 'number' ? r.female : null,
        productionValueRp: typeof r.production === 'number' ? r.production : null,
        // Held kinds of either entry form (a kind alone or {kind, status}; see db/model/certificate.ts).
        certificates: heldKinds(readCertificates(JSON.parse(r.certificates))),
        latitude: r.latitude,
        longitude: r.longitude,
        lastVisitDate: r.visit_date,
        lastVisitNumber: r.visit_number,
        lastVisitId: r.visit_id,
      }));
      const certificates: Record<string, number> = {};
      for (const s of sites) for (const c of s.certificates) certificates[c] = (certificates[c] ?? 0) + 1;
      return {
        sentra,
        sites,
        totals: {
          sites: sites.length,
          workers: sites.reduce((n, s) => n + (s.workers ?? 0), 0),
          productionValueRp: sites.reduce((n, s) => n + (s.productionValueRp ?? 0), 0),
          certificates,
        },
      };
    },

    /** Live sites with coordinates, as the clustering reads them. */
    clusterPoints: (): ClusterPoint[] => clusterPoints.all(),
    /** Live sites with coordinates for the map (all, or one sentra's). */
    mapSites: (sentraId: string | null = null): MapSite[] => mapSites.all({ sentra: sentraId }),
  };
}
export type SentraRepo = ReturnType<typeof createSentraRepo>;
