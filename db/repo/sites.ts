import type { Db } from '../open-database';
import type { Clock } from '../clock';
import { AppError } from '../model/result';
import type {
  Site,
  SiteFields,
  SiteListResult,
  SiteSaveResult,
  SiteSummary,
  SiteSummaryCounts,
  SiteWarning,
} from '../model/site';
import type { ParsedSiteListQuery } from '../model/site';
import { normalizeName } from '../model/text';
import { sizeClassForWorkers } from '../model/catalog';
import { defaultSectorGroup } from '../reference/kbli';
import { isInsideProvince } from '../reference/province-extents';
import type { AreasRepo, VillagePlace } from './areas';
import { statementCache } from './statement-cache';
import { timed } from './timing';


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
    certificates: JSON.parse(row.certificates) as Site['certificates'],
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

/** Columns written from a person's input, in the order of the INSERT/UPDATE statements. */
function columnValues(fields: SiteFields, place: VillagePlace) {
  return {
    name: fields.name,
    name_norm: normalizeName(fields.name),
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
    kbli_code: fields.kbliCode,
    kbli_division: fields.kbliCode.slice(0, 2),
    // Unless the officer chose otherwise, the KBLI division decides the industry group.
    sector_group: fields.sectorGroup ?? defaultSectorGroup(fields.kbliCode),
    products: fields.products,
    legal_form: fields.legalForm,
    nib: fields.nib,
    certificates: JSON.stringify(fields.certificates),
    workers: fields.workers,
    size_class: fields.sizeClass,
    operating_status: fields.operatingStatus,
    year_established: fields.yearEstablished,
    notes: fields.notes,
  };
}
type Columns = ReturnType<typeof columnValues>;
const COLUMN_NAMES = Object.keys(
  columnValues(
    { name: '', kbliCode: '10', certificates: [] } as unknown as SiteFields,
    { provinceCode: '', regencyCode: '', districtCode: '', villageCode: '' } as VillagePlace,
  ),
) as (keyof Columns)[];

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
export function createSitesRepo(db: Db, clock: Clock, areas: AreasRepo) {
  const byId = db.prepare<[string], SiteRow>(`${SITE_SELECT} WHERE s.id = ?`);
  const insert = db.prepare(
    `INSERT INTO site(id, ${COLUMN_NAMES.join(', ')}, created_at, updated_at, deleted)
     VALUES (@id, ${COLUMN_NAMES.map((c) => '@' + c).join(', ')}, @now, @now, 0)`,
  );
  const update = db.prepare(
    `UPDATE site SET ${COLUMN_NAMES.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`,
  );
  const setDeleted = db.prepare<[number, string, string]>('UPDATE site SET deleted = ?, updated_at = ? WHERE id = ?');
  const setFacts = db.prepare(
    `UPDATE site SET operating_status = @operatingStatus, workers = @workers, size_class = @sizeClass,
                     certificates = @certificates, updated_at = @now WHERE id = @id`,
  );
  const duplicate = db.prepare<[string, string, string], { id: string; name: string }>(
    'SELECT id, name FROM site WHERE village_code = ? AND name_norm = ? AND deleted = 0 AND id <> ? LIMIT 1',
  );
  const ftsDelete = db.prepare<[number]>('DELETE FROM site_fts WHERE rowid = ?');
  const ftsInsert = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO site_fts(rowid, name, owner, products, address, area) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const countsByStatus = db.prepare<[], { status: string; n: number }>(
    'SELECT operating_status AS status, count(*) AS n FROM site WHERE deleted = 0 GROUP BY operating_status',
  );
  const countsByRegency = db.prepare<[], { regencyCode: string; regencyName: string | null; count: number }>(
    `SELECT c.regency_code AS regencyCode, a.name AS regencyName, c.n AS count
       FROM (SELECT regency_code, count(*) AS n FROM site WHERE deleted = 0 GROUP BY regency_code) c
       LEFT JOIN area a ON a.code = c.regency_code
      ORDER BY c.n DESC, c.regency_code`,
  );
  const countArchived = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM site WHERE deleted = 1');

  function requirePlace(villageCode: string): VillagePlace {
    const place = areas.village(villageCode);
    if (!place) {
      throw new AppError('VALIDATION', 'Desa/kelurahan tidak dikenal di wilayah kantor ini', [
        { path: 'site.villageCode', message: 'Desa/kelurahan tidak dikenal; pilih dari daftar' },
      ]);
    }
    return place;
  }

  function requireRow(id: string): SiteRow {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'Usaha IKM tidak ditemukan');
    return row;
  }

  function warningsFor(id: string, cols: Columns, confirm: Confirmations): SiteWarning[] {
    const warnings: SiteWarning[] = [];
    if (!confirm.duplicate) {
      const existing = duplicate.get(cols.village_code, cols.name_norm, id);
      if (existing) {
        warnings.push({
          code: 'DUPLICATE_NAME',
          message: `Sudah ada usaha bernama "${existing.name}" di desa/kelurahan yang sama. Simpan tetap sebagai usaha baru?`,
          existing,
        });
      }
    }
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

  /** The search index holds live sites only, so a text search never reads archived rows. */
  function writeIndex(
    rowid: number,
    text: { name: string; owner: string | null; products: string | null; address: string | null; area: string },
  ): void {
    ftsDelete.run(rowid);
    ftsInsert.run(rowid, text.name, text.owner ?? '', text.products ?? '', text.address ?? '', text.area);
  }
  const indexText = (cols: Columns, place: VillagePlace) => ({
    name: cols.name,
    owner: cols.owner_name,
    products: cols.products,
    address: cols.address,
    area: `${place.villageName} ${place.districtName} ${place.regencyName}`,
  });

  const createTx = db.transaction((fields: SiteFields, confirm: Confirmations): SiteSaveResult => {
    const place = requirePlace(fields.villageCode);
    const cols = columnValues(fields, place);
    const id = clock.newId();
    const warnings = warningsFor(id, cols, confirm);
    if (warnings.length) return { saved: false, warnings };
    const info = insert.run({ id, ...cols, now: clock.now().toISOString() });
    writeIndex(Number(info.lastInsertRowid), indexText(cols, place));
    return { saved: true, site: toSite(byId.get(id)!) };
  });

  const updateTx = db.transaction((id: string, fields: SiteFields, confirm: Confirmations): SiteSaveResult => {
    const row = requireRow(id);
    if (row.deleted) throw new AppError('VALIDATION', 'Usaha ini sudah diarsipkan; pulihkan dulu sebelum mengubahnya');
    const place = requirePlace(fields.villageCode);
    const cols = columnValues(fields, place);
    const warnings = warningsFor(id, cols, confirm);
    if (warnings.length) return { saved: false, warnings };
    update.run({ id, ...cols, now: clock.now().toISOString() });
    writeIndex(row.rowid, indexText(cols, place));
    return { saved: true, site: toSite(byId.get(id)!) };
  });

  const setDeletedTx = db.transaction((id: string, deleted: boolean): Site => {
    const row = requireRow(id);
    setDeleted.run(deleted ? 1 : 0, clock.now().toISOString(), id);
    if (deleted) ftsDelete.run(row.rowid);
    else
      writeIndex(row.rowid, {
        name: row.name,
        owner: row.owner_name,
        products: row.products,
        address: row.address,
        area: `${row.village_name ?? ''} ${row.district_name ?? ''} ${row.regency_name ?? ''}`,
      });
    return toSite(byId.get(id)!);
  });

  const prepareCached = statementCache(db);

  function list(query: ParsedSiteListQuery): SiteListResult {
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
    ];
    for (const [value, clause] of filters) {
      if (value) {
        where.push(clause);
        params.push(value);
      }
    }
    const terms = searchTerms(query.text);
    const onlyText = where.length === 1 && terms.short.length === 0;
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
        where.push('s.rowid IN (SELECT rowid FROM site_fts WHERE site_fts MATCH ?)');
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
    const whereSql = where.join(' AND ');
    return timed('site.list', () => {
      // Pick the page's rows first and join the area names for those rows only: a sort by name
      // would otherwise look up three area names for every match before keeping a hundred.
      const pageSql = `SELECT s.rowid AS rid FROM site s WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`;
      const items = prepareCached(
        `SELECT s.id, s.name, s.owner_name AS ownerName, s.products, s.address,
                coalesce(r.name, s.regency_code) AS regencyName, coalesce(d.name, s.district_code) AS districtName,
                coalesce(v.name, s.village_code) AS villageName, s.kbli_code AS kbliCode,
                s.operating_status AS operatingStatus, s.size_class AS sizeClass, s.updated_at AS updatedAt,
                s.deleted
           FROM (${pageSql}) AS page
           JOIN site s ON s.rowid = page.rid
           LEFT JOIN area r ON r.code = s.regency_code
           LEFT JOIN area d ON d.code = s.district_code
           LEFT JOIN area v ON v.code = s.village_code
          ORDER BY ${order}`,
      ).all(...params, query.limit, query.offset) as (Omit<SiteSummary, 'deleted'> & { deleted: number })[];
      // Live sites matching text alone are counted in the search index, without reading rows.
      const countSql =
        onlyText && terms.match && !query.archived
          ? 'SELECT count(*) AS n FROM site_fts WHERE site_fts MATCH ?'
          : `SELECT count(*) AS n FROM site s WHERE ${whereSql}`;
      const countParams = onlyText && terms.match && !query.archived ? [terms.match] : params;
      const total = (prepareCached(countSql).get(...countParams) as { n: number }).n;
      return { total, offset: query.offset, items: items.map((i) => ({ ...i, deleted: i.deleted === 1 })) };
    });
  }

  return {
    create: (fields: SiteFields, confirm: Confirmations): SiteSaveResult => createTx(fields, confirm),
    update: (id: string, fields: SiteFields, confirm: Confirmations): SiteSaveResult => updateTx(id, fields, confirm),
    /** Archives (tombstones) a site: it leaves the register but is never physically deleted. */
    archive: (id: string): Site => setDeletedTx(id, true),
    restore: (id: string): Site => setDeletedTx(id, false),
    get: (id: string): Site => toSite(requireRow(id)),
    /** Sets the facts a final visit found; the caller keeps their history. Call inside a transaction. */
    applyVisitFacts(
      id: string,
      facts: { operatingStatus: Site['operatingStatus']; workers: number | null; certificates: Site['certificates'] | null },
    ): void {
      const site = toSite(requireRow(id));
      const workers = facts.workers ?? site.workers;
      setFacts.run({
        id,
        operatingStatus: facts.operatingStatus,
        workers,
        sizeClass: workers ? sizeClassForWorkers(workers) : site.sizeClass,
        certificates: JSON.stringify(facts.certificates ? [...new Set(facts.certificates)].sort() : site.certificates),
        now: clock.now().toISOString(),
      });
    },
    list,
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
